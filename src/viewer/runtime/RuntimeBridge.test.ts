import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostEffect, MainToWorker, RuntimeAppSpec, WorkerToMain } from '../../runtime/protocol';
import { RuntimeBridge, type BridgeHostCallbacks, type RuntimeBridgeOptions, type WorkerLike } from './RuntimeBridge';
import type { MessageWindow } from '../effects/windowMessages';

/** A scripted stand-in for the evaluation worker: records what it receives, answers pings unless hung. */
class FakeWorker implements WorkerLike {
  received: MainToWorker[] = [];
  terminated = false;
  hung = false;
  onmessage: ((event: MessageEvent<WorkerToMain>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  // A real worker says `booted` once its module has loaded; this one loads at once.
  constructor() { queueMicrotask(() => this.emit({ type: 'booted' })); }
  postMessage(message: MainToWorker): void {
    this.received.push(message);
    if (message.type === 'ping' && !this.hung) queueMicrotask(() => this.emit({ type: 'pong', seq: message.seq }));
  }
  terminate(): void { this.terminated = true; }
  emit(message: WorkerToMain): void { this.onmessage?.({ data: message } as MessageEvent<WorkerToMain>); }
}

const spec: RuntimeAppSpec = {
  widgets: [{ name: 'Button1', type: 'button', props: { onClick: 'while (true) {}' }, eventProps: ['onClick'], metaFromProps: {}, setters: {} }],
  queries: [{ id: 'q1', name: 'Query1', bindings: [], runOnLoad: true, confirm: false, timeoutMs: 1_000 }],
  jsObjects: [],
};
const globals = { user: null, url: { path: '/', query: {} }, mode: 'view' as const };

function memoryStorage() {
  const data = new Map<string, string>();
  return { data, getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => { data.set(k, v); }, removeItem: (k: string) => { data.delete(k); } };
}

/** A frame whose parent is another window: records its `message` listeners. */
class FakeEmbeddedWindow implements MessageWindow {
  readonly parent = { name: 'parent' };
  readonly listeners = new Set<(event: MessageEvent) => void>();
  addEventListener(_type: 'message', listener: (event: MessageEvent) => void): void { this.listeners.add(listener); }
  removeEventListener(_type: 'message', listener: (event: MessageEvent) => void): void { this.listeners.delete(listener); }
  dispatch(event: { source: unknown; origin: string; data: unknown }): void {
    for (const listener of this.listeners) listener(event as MessageEvent);
  }
}

function setup(host: Partial<BridgeHostCallbacks> = {}, storage = memoryStorage(), extra: Partial<RuntimeBridgeOptions> = {}) {
  const workers: FakeWorker[] = [];
  const effects: HostEffect[] = [];
  const bridge = new RuntimeBridge({
    appId: 'app1', spec, globals, storage, sessionStore: {}, messageWindow: null,
    budgets: { bindingMs: 1_000, handlerMs: 5_000 }, ...extra,
    host: { runQuery: async () => ({ rows: [], fields: [], rowCount: 0, truncated: false, durationMs: 0 }), onEffect: (e) => effects.push(e), confirm: async () => true, ...host },
    createWorker: () => { const w = new FakeWorker(); workers.push(w); return w; },
    pingIntervalMs: 250,
  });
  return { bridge, workers, effects, storage };
}

afterEach(() => { vi.useRealTimers(); });

describe('RuntimeBridge', () => {
  it('starts the worker with the spec, the globals and the persisted store, and merges value diffs', () => {
    const storage = memoryStorage();
    storage.setItem('cordon:store:app1', JSON.stringify({ theme: 'dark' }));
    const { bridge, workers } = setup({}, storage);
    const init = workers[0]?.received[0];
    expect(init).toMatchObject({ type: 'init', app: spec, globals: { ...globals, store: { theme: 'dark' } } });
    const before = bridge.getState();
    workers[0]?.emit({ type: 'ready' });
    workers[0]?.emit({ type: 'values', changes: [{ entity: 'Text1', key: 'text', value: 'a' }, { entity: 'Query1', key: 'data', value: [] }], errors: [] });
    workers[0]?.emit({ type: 'values', changes: [{ entity: 'Text1', key: 'text', value: 'b' }], errors: [{ entity: 'X', key: 'y', message: 'm' }] });
    const after = bridge.getState();
    expect(after).not.toBe(before);
    expect(after.ready).toBe(true);
    expect(after.values).toEqual({ Text1: { text: 'b' }, Query1: { data: [] } });
    expect(after.errors).toEqual([{ entity: 'X', key: 'y', message: 'm' }]);
    bridge.dispose();
  });

  it('keeps names like __proto__ as ordinary keys of the values', () => {
    const { bridge, workers } = setup();
    workers[0]?.emit({ type: 'values', changes: [{ entity: '__proto__', key: 'text', value: 'a' }, { entity: 'W', key: '__proto__', value: { polluted: true } }], errors: [] });
    const { values } = bridge.getState();
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(values, '__proto__')?.value).toEqual({ text: 'a' });
    expect(Object.getPrototypeOf(values.W)).toBe(Object.prototype);
    expect((values.W as Record<string, unknown>).polluted).toBeUndefined();
    bridge.dispose();
  });

  it('keeps the store in localStorage: persisted keys only, removed and cleared on request', () => {
    const { bridge, workers, effects, storage } = setup();
    const w = workers[0] as FakeWorker;
    w.emit({ type: 'effect', effect: { kind: 'storeValue', key: 'a', value: { n: 1 }, persist: true } });
    w.emit({ type: 'effect', effect: { kind: 'storeValue', key: 's', value: 2, persist: false } });
    expect(JSON.parse(storage.data.get('cordon:store:app1') ?? '{}')).toEqual({ a: { n: 1 } });
    w.emit({ type: 'effect', effect: { kind: 'removeValue', key: 'a' } });
    expect(storage.data.has('cordon:store:app1')).toBe(false);
    w.emit({ type: 'effect', effect: { kind: 'storeValue', key: 'b', value: 3, persist: true } });
    w.emit({ type: 'effect', effect: { kind: 'clearStore' } });
    expect(storage.data.has('cordon:store:app1')).toBe(false);
    expect(effects.map((e) => e.kind)).toEqual(['storeValue', 'storeValue', 'removeValue', 'storeValue', 'clearStore']);
    bridge.dispose();
  });

  it('keeps session-only values across runtimes of one tab (a page switch), not across a reload', () => {
    const storage = memoryStorage();
    const tab = {};
    const first = setup({}, storage, { sessionStore: tab });
    const w = first.workers[0] as FakeWorker;
    w.emit({ type: 'effect', effect: { kind: 'storeValue', key: 'kept', value: 'disk', persist: true } });
    w.emit({ type: 'effect', effect: { kind: 'storeValue', key: 'tab', value: 'memory', persist: false } });
    w.emit({ type: 'effect', effect: { kind: 'storeValue', key: 'moved', value: 1, persist: false } });
    w.emit({ type: 'effect', effect: { kind: 'storeValue', key: 'moved', value: 2, persist: true } });
    first.bridge.dispose();

    const nextPage = setup({}, storage, { sessionStore: tab });
    expect(nextPage.workers[0]?.received[0]).toMatchObject({ type: 'init', globals: { store: { kept: 'disk', tab: 'memory', moved: 2 } } });
    nextPage.bridge.dispose();

    const reloaded = setup({}, storage, { sessionStore: {} });
    const init = reloaded.workers[0]?.received[0];
    expect(init?.type === 'init' ? init.globals.store : null).toEqual({ kept: 'disk', moved: 2 });
    (reloaded.workers[0] as FakeWorker).emit({ type: 'effect', effect: { kind: 'clearStore' } });
    expect(storage.data.has('cordon:store:app1')).toBe(false);
    reloaded.bridge.dispose();
  });

  it('listens to the embedding parent with one window listener, forwards only listened origins, and stops on dispose', () => {
    const win = new FakeEmbeddedWindow();
    const { bridge, workers, effects } = setup({}, memoryStorage(), { messageWindow: win });
    const w = workers[0] as FakeWorker;
    expect(win.listeners.size).toBe(0);
    w.emit({ type: 'effect', effect: { kind: 'windowMessageOrigins', origins: ['https://parent.example'] } });
    w.emit({ type: 'effect', effect: { kind: 'windowMessageOrigins', origins: ['https://parent.example', 'https://other.example'] } });
    expect(win.listeners.size).toBe(1);
    expect(effects).toEqual([]);

    win.dispatch({ source: win.parent, origin: 'https://parent.example', data: { text: 'hi' } });
    win.dispatch({ source: win.parent, origin: 'https://evil.example', data: { text: 'no' } });
    win.dispatch({ source: {}, origin: 'https://parent.example', data: { text: 'sibling' } });
    expect(w.received.filter((m) => m.type === 'windowMessage')).toEqual([{ type: 'windowMessage', origin: 'https://parent.example', data: { text: 'hi' } }]);

    w.emit({ type: 'effect', effect: { kind: 'windowMessageOrigins', origins: [] } });
    expect(win.listeners.size).toBe(0);
    w.emit({ type: 'effect', effect: { kind: 'windowMessageOrigins', origins: ['https://parent.example'] } });
    expect(win.listeners.size).toBe(1);
    bridge.dispose();
    expect(win.listeners.size).toBe(0);
  });

  it('answers query requests through the host and relays failures as messages', async () => {
    let fail = false;
    const { bridge, workers } = setup({
      runQuery: async (id, params, signal) => {
        if (fail) throw new Error('relation does not exist');
        expect(signal.aborted).toBe(false);
        return { rows: [{ id, params }], fields: [], rowCount: 1, truncated: false, durationMs: 1 };
      },
    });
    const w = workers[0] as FakeWorker;
    w.emit({ type: 'request', requestId: 1, request: { kind: 'runQuery', queryId: 'q1', params: { a: 1 } } });
    await vi.waitFor(() => expect(w.received.find((m) => m.type === 'reply')).toBeTruthy());
    expect(w.received.find((m) => m.type === 'reply')).toMatchObject({ requestId: 1, ok: true, value: { rows: [{ id: 'q1', params: { a: 1 } }] } });
    fail = true;
    w.emit({ type: 'request', requestId: 2, request: { kind: 'runQuery', queryId: 'q1', params: {} } });
    await vi.waitFor(() => expect(w.received.filter((m) => m.type === 'reply')).toHaveLength(2));
    expect(w.received.filter((m) => m.type === 'reply')[1]).toEqual({ type: 'reply', requestId: 2, ok: false, error: 'relation does not exist' });
    bridge.dispose();
  });

  it('sends spec and globals updates only when they really changed, and relays setMeta, trigger and runQuery', () => {
    const { bridge, workers } = setup();
    const w = workers[0] as FakeWorker;
    bridge.updateSpec(JSON.parse(JSON.stringify(spec)) as RuntimeAppSpec);
    bridge.updateGlobals({ ...globals });
    expect(w.received.map((m) => m.type)).toEqual(['init']);
    bridge.updateSpec({ ...spec, jsObjects: [{ name: 'J', code: 'export default {}' }] });
    bridge.updateGlobals({ ...globals, url: { path: '/p', query: {} } });
    bridge.setMeta('Input1', { text: 'x' });
    bridge.trigger('Button1', 'onClick');
    bridge.runQuery('Query1');
    expect(w.received.map((m) => m.type)).toEqual(['init', 'updateApp', 'updateGlobals', 'setMeta', 'trigger', 'runQuery']);
    bridge.dispose();
  });

  it('watchdog: a hung handler gets the worker replaced from the last good state, with an error naming it', async () => {
    vi.useFakeTimers();
    const win = new FakeEmbeddedWindow();
    const { bridge, workers } = setup({}, memoryStorage(), { messageWindow: win });
    const first = workers[0] as FakeWorker;
    first.emit({ type: 'ready' });
    first.emit({ type: 'effect', effect: { kind: 'windowMessageOrigins', origins: ['https://parent.example'] } });
    expect(win.listeners.size).toBe(1);
    const snapshot = { meta: { Input1: { text: 'typed' } }, jsObjects: { J: { n: 2 } }, queries: { Query1: { data: [{ a: 1 }], error: null } } };
    first.emit({ type: 'snapshot', snapshot });
    first.emit({ type: 'effect', effect: { kind: 'storeValue', key: 'session', value: 1, persist: false } });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(first.terminated).toBe(false);

    bridge.trigger('Button1', 'onClick');
    first.emit({ type: 'handlerStart', widget: 'Button1', event: 'onClick' });
    first.hung = true;
    await vi.advanceTimersByTimeAsync(4_000);
    expect(first.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(first.terminated).toBe(true);
    const second = workers[1] as FakeWorker;
    expect(second.received[0]).toMatchObject({ type: 'init', app: spec, snapshot, skipRunOnLoad: true, globals: { store: { session: 1 } } });
    expect(bridge.getState().errors).toEqual([expect.objectContaining({ entity: 'Button1', key: 'onClick', message: expect.stringMatching(/Button1\.onClick kept the runtime busy/) })]);
    // The new worker starts without window listeners until it announces them again.
    expect(win.listeners.size).toBe(0);

    // The new worker is healthy: no further restarts, and a later successful run clears the error.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(workers).toHaveLength(2);
    second.emit({ type: 'handlerDone', widget: 'Button1', event: 'onClick', ok: true });
    expect(bridge.getState().errors).toEqual([]);
    bridge.dispose();
  });

  it('watchdog: bindings get the shorter budget and name the widget whose input triggered them', async () => {
    vi.useFakeTimers();
    const { bridge, workers } = setup();
    const first = workers[0] as FakeWorker;
    bridge.setMeta('Input1', { text: 'x' });
    first.hung = true;
    await vi.advanceTimersByTimeAsync(1_600);
    expect(first.terminated).toBe(true);
    expect(bridge.getState().errors[0]).toMatchObject({ entity: 'Input1', message: expect.stringMatching(/binding that depends on Input1/) });
    bridge.dispose();
  });

  /** Starts a handler on the first worker and hangs it there. */
  async function hangHandler(bridge: RuntimeBridge, worker: FakeWorker): Promise<void> {
    worker.emit({ type: 'ready' });
    await vi.advanceTimersByTimeAsync(500);
    bridge.trigger('Button1', 'onClick');
    worker.emit({ type: 'handlerStart', widget: 'Button1', event: 'onClick' });
    worker.hung = true;
  }

  it('watchdog: uses the configured handler budget (the app setting) instead of the default', async () => {
    vi.useFakeTimers();
    const { bridge, workers } = setup({}, memoryStorage(), { budgets: { bindingMs: 1_000, handlerMs: 20_000 } });
    const first = workers[0] as FakeWorker;
    await hangHandler(bridge, first);
    // Past the 5 s default, within the configured 20 s: still running.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(first.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(11_000);
    expect(first.terminated).toBe(true);
    expect(bridge.getState().errors[0]).toMatchObject({ entity: 'Button1', key: 'onClick' });
    bridge.dispose();
  });

  it('watchdog: a handler budget changed while running (the builder edits the setting) applies without a restart', async () => {
    vi.useFakeTimers();
    const { bridge, workers } = setup();
    const first = workers[0] as FakeWorker;
    bridge.setHandlerBudget(2_000);
    expect(workers).toHaveLength(1);
    await hangHandler(bridge, first);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(first.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(first.terminated).toBe(true);
    bridge.dispose();
  });
});
