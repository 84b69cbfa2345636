import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyAppDocument, type SaveAppRequest } from '../../shared';
import { makeEditorStore } from '../app/store';
import { appLoaded, propertyChanged, widgetDropped } from '../document/editorSlice';
import { selectSaveStatus } from '../document/selectors';
import { AutoSaver } from './autoSaver';

class Conflict extends Error {
  code = 'version_conflict';
}

function setup(save: (request: SaveAppRequest) => Promise<{ version: number }>) {
  const store = makeEditorStore();
  store.dispatch(appLoaded({
    id: 'a', workspaceId: 'w', name: 'App', updatedAt: '', publishedAt: null, version: 1,
    document: emptyAppDocument(), embedding: { mode: 'same-origin', origins: [] },
  }));
  const saver = new AutoSaver({ getState: () => store.getState().editor, dispatch: store.dispatch, save, delayMs: 600 });
  store.subscribe(() => saver.notify());
  const edit = (label: string) => {
    const w = store.getState().editor.document!.pages[0]!.widgets[0];
    if (!w) store.dispatch(widgetDropped({ type: 'button', namePrefix: 'Button', layout: { x: 0, y: 0, w: 4, h: 4 }, props: { label } }));
    else store.dispatch(propertyChanged({ id: w.id, property: 'label', value: label }));
  };
  return { store, saver, edit };
}

describe('AutoSaver', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('saves once after the builder stops editing, with the version it is based on', async () => {
    const calls: SaveAppRequest[] = [];
    const { store, edit } = setup(async (request) => { calls.push(request); return { version: request.version + 1 }; });
    edit('a');
    await vi.advanceTimersByTimeAsync(300);
    edit('b');
    await vi.advanceTimersByTimeAsync(300);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(400);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.version).toBe(1);
    expect(calls[0]?.document.pages[0]?.widgets[0]?.props.label).toBe('b');
    expect(store.getState().editor.version).toBe(2);
    expect(selectSaveStatus(store.getState())).toBe('saved');
  });

  it('saves edits made during a save with the next version', async () => {
    const calls: SaveAppRequest[] = [];
    let release!: () => void;
    const { store, edit } = setup((request) => {
      calls.push(request);
      if (calls.length === 1) return new Promise((resolve) => { release = () => resolve({ version: 2 }); });
      return Promise.resolve({ version: request.version + 1 });
    });
    edit('a');
    await vi.advanceTimersByTimeAsync(600);
    edit('b');
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(1);
    release();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.map((c) => c.version)).toEqual([1, 2]);
    expect(calls[1]?.document.pages[0]?.widgets[0]?.props.label).toBe('b');
    expect(selectSaveStatus(store.getState())).toBe('saved');
  });

  it('flush saves at once and waits for the server', async () => {
    const calls: SaveAppRequest[] = [];
    const { saver, edit, store } = setup(async (request) => { calls.push(request); return { version: request.version + 1 }; });
    edit('a');
    await expect(saver.flush()).resolves.toBe(true);
    expect(calls).toHaveLength(1);
    expect(selectSaveStatus(store.getState())).toBe('saved');
  });

  it('stops for good on a version conflict and never retries', async () => {
    const calls: SaveAppRequest[] = [];
    const { store, saver, edit } = setup(async (request) => { calls.push(request); throw new Conflict('stale'); });
    edit('a');
    await vi.advanceTimersByTimeAsync(600);
    expect(selectSaveStatus(store.getState())).toBe('conflict');
    edit('b');
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(saver.flush()).resolves.toBe(false);
    expect(calls).toHaveLength(1);
  });
});
