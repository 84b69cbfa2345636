import { describe, expect, it } from 'vitest';
import { emptyAppDocument, type AppEditDto } from '../../shared';
import { makeEditorStore } from '../app/store';
import {
  appLoaded, debuggerOpened, entityOpened, jsFunctionSettingsChanged, jsObjectAdded, layoutChanged, propertyChanged, queryAdded, queryDatasourceChanged, queryRenamed, saveConflicted, saveStarted,
  saveSucceeded, widgetDropped, widgetRemoved, widgetRenamed,
} from './editorSlice';
import { selectCurrentPage, selectSaveStatus, selectSelectedWidget } from './selectors';

function loadedStore() {
  const store = makeEditorStore();
  const app: AppEditDto = {
    id: 'app1', workspaceId: 'ws1', name: 'Lookup', updatedAt: '2026-01-01T00:00:00Z', publishedAt: null,
    version: 3, document: emptyAppDocument(), embedding: { mode: 'same-origin', origins: [] },
  };
  store.dispatch(appLoaded(app));
  return store;
}

function drop(store: ReturnType<typeof makeEditorStore>, type: string, prefix: string, x = 0, y = 0) {
  store.dispatch(widgetDropped({ type, namePrefix: prefix, layout: { x, y, w: 6, h: 7 }, props: { label: 'Label' } }));
  return selectSelectedWidget(store.getState());
}

const widgets = (store: ReturnType<typeof makeEditorStore>) => selectCurrentPage(store.getState())?.widgets ?? [];

describe('editorSlice', () => {
  it('loads an app as saved, on its first page', () => {
    const store = loadedStore();
    const state = store.getState().editor;
    expect(state.version).toBe(3);
    expect(state.currentPageId).toBe('page1');
    expect(selectSaveStatus(store.getState())).toBe('saved');
  });

  it('drops a widget with a unique name, its props and layout, selects it and marks the document unsaved', () => {
    const store = loadedStore();
    const first = drop(store, 'input', 'Input', 2, 5);
    expect(first).toMatchObject({ name: 'Input1', type: 'input', layout: { x: 2, y: 5, w: 6, h: 7 }, props: { label: 'Label' } });
    expect(first?.id).toMatch(/^w_/);
    expect(drop(store, 'input', 'Input')?.name).toBe('Input2');
    expect(drop(store, 'button', 'Button')?.name).toBe('Button1');
    expect(new Set(widgets(store).map((w) => w.id)).size).toBe(3);
    expect(selectSaveStatus(store.getState())).toBe('unsaved');
  });

  it('numbers names across every kind of entity in the app', () => {
    const store = loadedStore();
    store.dispatch(queryAdded(null));
    store.dispatch(queryRenamed({ id: store.getState().editor.document!.queries[0]!.id, name: 'Input1' }));
    expect(drop(store, 'input', 'Input')?.name).toBe('Input2');
    store.dispatch(queryAdded(null));
    expect(store.getState().editor.document!.queries.map((q) => q.name)).toEqual(['Input1', 'Query1']);
  });

  it('moves and resizes widgets from the grid layout', () => {
    const store = loadedStore();
    const w = drop(store, 'text', 'Text')!;
    store.dispatch(layoutChanged([{ id: w.id, layout: { x: 4, y: 10, w: 6, h: 7 } }]));
    expect(widgets(store)[0]?.layout).toEqual({ x: 4, y: 10, w: 6, h: 7 });
    store.dispatch(layoutChanged([{ id: w.id, layout: { x: 4, y: 10, w: 12, h: 20 } }]));
    expect(widgets(store)[0]?.layout).toEqual({ x: 4, y: 10, w: 12, h: 20 });
  });

  it('renames a widget only to a valid, unused identifier', () => {
    const store = loadedStore();
    const a = drop(store, 'input', 'Input')!;
    drop(store, 'button', 'Button');
    store.dispatch(widgetRenamed({ id: a.id, name: 'Button1' }));
    store.dispatch(widgetRenamed({ id: a.id, name: '1abc' }));
    store.dispatch(widgetRenamed({ id: a.id, name: 'has space' }));
    expect(widgets(store)[0]?.name).toBe('Input1');
    store.dispatch(widgetRenamed({ id: a.id, name: 'SearchBox' }));
    expect(widgets(store)[0]?.name).toBe('SearchBox');
  });

  it('changes a property and counts it as an edit only when the value differs', () => {
    const store = loadedStore();
    const w = drop(store, 'table', 'Table')!;
    const before = store.getState().editor.revision;
    store.dispatch(propertyChanged({ id: w.id, property: 'tableData', value: '{{ Query1.data }}' }));
    expect(widgets(store)[0]?.props.tableData).toBe('{{ Query1.data }}');
    store.dispatch(propertyChanged({ id: w.id, property: 'tableData', value: '{{ Query1.data }}' }));
    expect(store.getState().editor.revision).toBe(before + 1);
  });

  it('removes a widget and clears the selection', () => {
    const store = loadedStore();
    const a = drop(store, 'input', 'Input')!;
    store.dispatch(widgetRemoved(a.id));
    expect(widgets(store)).toEqual([]);
    expect(store.getState().editor.selectedWidgetId).toBeNull();
    // Its name is free again.
    expect(drop(store, 'input', 'Input')?.name).toBe('Input1');
  });

  it('adds queries with prepared statements on and JS objects, and opens them', () => {
    const store = loadedStore();
    store.dispatch(queryAdded('ds1'));
    const q = store.getState().editor.document!.queries[0]!;
    expect(q).toMatchObject({ name: 'Query1', datasourceId: 'ds1', body: '', preparedStatements: true, runOnLoad: false });
    expect(store.getState().editor.openEntity).toEqual({ kind: 'query', id: q.id });
    store.dispatch(jsObjectAdded());
    const js = store.getState().editor.document!.jsObjects[0]!;
    expect(js.name).toBe('JSObject1');
    expect(store.getState().editor.openEntity).toEqual({ kind: 'jsObject', id: js.id });
  });

  it('tracks saves by revision: an edit during a save stays unsaved; a conflict stops everything', () => {
    const store = loadedStore();
    drop(store, 'text', 'Text');
    const sentRevision = store.getState().editor.revision;
    store.dispatch(saveStarted());
    expect(selectSaveStatus(store.getState())).toBe('saving');
    drop(store, 'text', 'Text');
    store.dispatch(saveSucceeded({ version: 4, revision: sentRevision }));
    expect(store.getState().editor.version).toBe(4);
    expect(selectSaveStatus(store.getState())).toBe('unsaved');
    store.dispatch(saveConflicted());
    expect(selectSaveStatus(store.getState())).toBe('conflict');
  });

  it('stores function settings of a JS object, dropping a function whose settings are both off', () => {
    const store = loadedStore();
    store.dispatch(jsObjectAdded());
    const id = store.getState().editor.document?.jsObjects[0]?.id ?? '';
    const revision = store.getState().editor.revision;
    store.dispatch(jsFunctionSettingsChanged({ id, fn: 'greet', settings: { runOnLoad: true, confirm: false } }));
    expect(store.getState().editor.document?.jsObjects[0]?.functionSettings).toEqual({ greet: { runOnLoad: true, confirm: false } });
    expect(store.getState().editor.revision).toBe(revision + 1);
    // The same settings again change nothing.
    store.dispatch(jsFunctionSettingsChanged({ id, fn: 'greet', settings: { runOnLoad: true, confirm: false } }));
    expect(store.getState().editor.revision).toBe(revision + 1);
    store.dispatch(jsFunctionSettingsChanged({ id, fn: 'greet', settings: { runOnLoad: false, confirm: false } }));
    expect(store.getState().editor.document?.jsObjects[0]?.functionSettings).toEqual({});
  });

  it('opens the debugger in the bottom panel until an entity is opened', () => {
    const store = loadedStore();
    store.dispatch(jsObjectAdded());
    expect(store.getState().editor.debuggerOpen).toBe(false);
    store.dispatch(debuggerOpened());
    expect(store.getState().editor.debuggerOpen).toBe(true);
    const id = store.getState().editor.document?.jsObjects[0]?.id ?? '';
    store.dispatch(entityOpened({ kind: 'jsObject', id }));
    expect(store.getState().editor.debuggerOpen).toBe(false);
    expect(store.getState().editor.openEntity).toEqual({ kind: 'jsObject', id });
  });
  it('starts a query as a REST request or with SQL, and converts it when its datasource changes family', () => {
    const store = loadedStore();
    const rest = { method: 'GET' as const, path: '/users', queryParams: [], headers: [], bodyType: 'none' as const, body: '', formFields: [] };
    store.dispatch(queryAdded('api', { rest }));
    store.dispatch(queryAdded('sample', { body: 'select * from customers limit 50' }));
    const [api, sample] = store.getState().editor.document?.queries ?? [];
    expect(api?.rest).toEqual(rest);
    expect(sample).toMatchObject({ datasourceId: 'sample', body: 'select * from customers limit 50' });
    expect(sample && 'rest' in sample).toBe(false);

    store.dispatch(queryDatasourceChanged({ id: api?.id ?? '', datasourceId: 'pg', rest: null }));
    const moved = store.getState().editor.document?.queries[0];
    expect(moved?.datasourceId).toBe('pg');
    expect(moved && 'rest' in moved).toBe(false);
    store.dispatch(queryDatasourceChanged({ id: api?.id ?? '', datasourceId: 'pg2' }));
    expect(store.getState().editor.document?.queries[0]?.datasourceId).toBe('pg2');
  });
});
