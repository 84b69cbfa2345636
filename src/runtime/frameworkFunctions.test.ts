import './host/sesLockdown';
import { afterEach, describe, expect, it } from 'vitest';
import { makePlatformFetch } from './host/platformFetch';
import { EngineHarness, input, query, widget, type HarnessOptions } from './testing/engineHarness';
import type { RuntimeAppSpec, RuntimeWidgetSpec, WorkerToMain } from './protocol';

/** A platform whose intervals fire only when the test says so: no timing in assertions. */
class ManualIntervals {
  private next = 1;
  readonly running = new Map<number, { callback: () => void; ms: number }>();
  setInterval = (callback: () => void, ms: number): unknown => { const id = this.next++; this.running.set(id, { callback, ms }); return id; };
  clearInterval = (handle: unknown): void => { this.running.delete(handle as number); };
  /** Fires every running interval once. */
  tick(): void { for (const { callback } of [...this.running.values()]) callback(); }
}

const harnesses: EngineHarness[] = [];
function start(app: Partial<RuntimeAppSpec>, options: Partial<HarnessOptions> = {}, timers = new ManualIntervals()): EngineHarness {
  const h = new EngineHarness({ widgets: [], queries: [], jsObjects: [], ...app }, {
    platform: { fetch: makePlatformFetch('http://127.0.0.1/'), setInterval: timers.setInterval, clearInterval: timers.clearInterval },
    ...options,
  });
  harnesses.push(h);
  return h;
}
afterEach(() => { for (const h of harnesses.splice(0)) h.engine.dispose(); });

const button = (handlers: Record<string, string>) => widget('B', 'button', handlers);
const modal = (name: string): RuntimeWidgetSpec => widget(name, 'modal', { title: 'Edit', defaultOpen: false }, { metaFromProps: { isOpen: 'defaultOpen' } });
const table = (name: string, tableData: string): RuntimeWidgetSpec => widget(name, 'table', { tableData, defaultSelectedRow: null }, { metaFromProps: { selectedRow: 'defaultSelectedRow', tableData: 'tableData' }, setters: { setData: 'tableData', setSelectedRow: 'selectedRow' } });
type Done = Extract<WorkerToMain, { type: 'handlerDone' }>;

describe('data fields stay synchronous for every new framework function', () => {
  it.each([
    ['showModal', "showModal('Modal1')"],
    ['closeModal', "closeModal('Modal1')"],
    ['resetWidget', "resetWidget('Input1')"],
    ['download', "download('x', 'a.txt')"],
    ['copyToClipboard', "copyToClipboard('x')"],
    ['postWindowMessage', "postWindowMessage('x', 'window', 'https://parent.example')"],
    ['windowMessageListener', "windowMessageListener('https://parent.example', () => 1)"],
    ['unlistenWindowMessage', "unlistenWindowMessage('https://parent.example')"],
    ['Table1.setData', 'Table1.setData([])'],
  ])('%s from a binding is an error naming the function and the field, with no effect', async (name, code) => {
    const h = start({ widgets: [input('Input1'), modal('Modal1'), table('Table1', '{{ [] }}'), widget('Text1', 'text', { text: `{{ ${code} }}` })] });
    await h.settle();
    expect(h.errorOf('Text1', 'text')).toMatch(new RegExp(`${name.replace('.', '\\.')}\\(\\) cannot be called from the data field Text1\\.text`));
    expect(h.effects).toEqual([]);
    expect(h.value('Modal1', 'isOpen')).toBe(false);
  });

  it('a JS object initial value cannot call a framework function', async () => {
    const h = start({ jsObjects: [{ name: 'JSObject1', code: "export default { x: typeof storeValue === 'function' && storeValue('a', 1) }" }] });
    await h.settle();
    expect(h.errorOf('JSObject1', 'code')).toMatch(/storeValue\(\) cannot be called from the data field JSObject1\.code/);
    expect(h.effects).toEqual([]);
  });

  it('a JS function marked confirm cannot be called from a binding', async () => {
    const h = start({
      widgets: [widget('Text1', 'text', { text: '{{ JSObject1.save() }}' })],
      jsObjects: [{ name: 'JSObject1', code: 'export default { save() { return 1; } }', functionSettings: { save: { confirm: true } } }],
    });
    await h.settle();
    expect(h.errorOf('Text1', 'text')).toMatch(/JSObject1\.save\(\) asks the user for confirmation, so it cannot be called from the data field Text1\.text/);
    expect(h.requests).toEqual([]);
  });
});

describe('store', () => {
  it('storeValue is readable at once through cordon.store; persist defaults to true', async () => {
    const h = start({ widgets: [button({ onClick: "storeValue('a', [1]); storeValue('b', 2, false); if (cordon.store.a[0] !== 1 || cordon.store.b !== 2) throw new Error('not visible');" })] });
    const done = await h.trigger('B', 'onClick');
    expect(done).toMatchObject({ ok: true });
    expect(h.effects).toEqual([{ kind: 'storeValue', key: 'a', value: [1], persist: true }, { kind: 'storeValue', key: 'b', value: 2, persist: false }]);
  });

  it('cordon and what it holds are read-only to user code', async () => {
    const h = start({ widgets: [button({ onStore: "cordon.store.x = 1", onUser: "cordon.user.name = 'Eve'", onUrl: 'cordon.URL = {}', onValue: "storeValue('o', { a: 1 }); cordon.store.o.a = 2" })] }, { globals: { user: { name: 'Ada', email: 'a@x', role: 'viewer' } } });
    for (const event of ['onStore', 'onUser', 'onUrl', 'onValue']) expect((await h.trigger('B', event)).ok).toBe(false);
    expect(h.effects).toEqual([{ kind: 'storeValue', key: 'o', value: { a: 1 }, persist: true }]);
  });
});

describe('navigateTo and showAlert', () => {
  it('refuses script URLs, an empty target and an unknown window target', async () => {
    const h = start({ widgets: [button({ onJs: "navigateTo('javascript:alert(1)')", onData: "navigateTo('data:text/html,x')", onEmpty: "navigateTo('')", onTarget: "navigateTo('page2', {}, 'POPUP')", onMail: "navigateTo('mailto:a@example.com')" })] });
    expect((await h.trigger('B', 'onJs')).error).toMatch(/javascript: URLs are not allowed/);
    expect((await h.trigger('B', 'onData')).error).toMatch(/data: URLs are not allowed/);
    expect((await h.trigger('B', 'onEmpty')).error).toMatch(/page slug or a URL/);
    expect((await h.trigger('B', 'onTarget')).error).toMatch(/'SAME_WINDOW' or 'NEW_WINDOW'/);
    expect((await h.trigger('B', 'onMail')).ok).toBe(true);
    expect(h.effects).toEqual([{ kind: 'navigateTo', target: 'mailto:a@example.com', params: {}, newWindow: false }]);
  });
});

describe('modals', () => {
  it('showModal and closeModal set the modal meta isOpen; bindings follow', async () => {
    const h = start({ widgets: [modal('Modal1'), widget('T', 'text', { text: '{{ Modal1.isOpen ? "open" : "closed" }}' }), button({ onOpen: "showModal('Modal1')", onClose: "closeModal('Modal1')" })] });
    await h.settle();
    expect(h.value('T', 'text')).toBe('closed');
    await h.trigger('B', 'onOpen');
    expect(h.value('Modal1', 'isOpen')).toBe(true);
    expect(h.value('T', 'text')).toBe('open');
    await h.trigger('B', 'onClose');
    expect(h.value('Modal1', 'isOpen')).toBe(false);
    expect(h.value('T', 'text')).toBe('closed');
  });

  it('a modal whose config declares no isOpen still opens', async () => {
    const h = start({ widgets: [widget('Modal2', 'modal', { title: 'x' }), button({ onClick: "showModal('Modal2')" })] });
    await h.trigger('B', 'onClick');
    expect(h.value('Modal2', 'isOpen')).toBe(true);
  });

  it('is an error when no modal has that name', async () => {
    const h = start({ widgets: [input('Input1'), button({ onMissing: "showModal('Nope')", onWrong: "closeModal('Input1')" })] });
    expect((await h.trigger('B', 'onMissing')).error).toBe('showModal: there is no modal named Nope');
    expect((await h.trigger('B', 'onWrong')).error).toBe('closeModal: Input1 is a input widget, not a modal');
    expect(h.errorOf('B', 'onMissing')).toMatch(/no modal named Nope/);
  });
});

describe('widget setters and resetWidget', () => {
  it('a meta key named like its property overrides the evaluated property until resetWidget', async () => {
    const h = start({
      widgets: [
        input('Src', { defaultText: 'a' }),
        table('Table1', '{{ [{ v: Src.text }] }}'),
        widget('Count', 'text', { text: '{{ Table1.tableData.length }}' }),
        button({ onSet: 'Table1.setData([{ v: 1 }, { v: 2 }])', onReset: "resetWidget('Table1')" }),
      ],
    });
    await h.settle();
    expect(h.value('Table1', 'tableData')).toEqual([{ v: 'a' }]);
    expect(h.errors).toEqual([]);
    await h.trigger('B', 'onSet');
    expect(h.value('Table1', 'tableData')).toEqual([{ v: 1 }, { v: 2 }]);
    expect(h.value('Count', 'text')).toBe(2);
    // The property re-evaluates underneath, but the written meta still wins.
    h.send({ type: 'setMeta', widget: 'Src', patch: { text: 'b' } });
    await h.settle();
    expect(h.value('Table1', 'tableData')).toEqual([{ v: 1 }, { v: 2 }]);
    await h.trigger('B', 'onReset');
    expect(h.value('Table1', 'tableData')).toEqual([{ v: 'b' }]);
    expect(h.value('Count', 'text')).toBe(1);
  });

  it('a setter whose key the config does not declare as meta works from the property of that name', async () => {
    const h = start({ widgets: [
      widget('Button1', 'button', { label: 'Go', disabled: '{{ false }}' }, { setters: { setDisabled: 'disabled' } }),
      widget('T', 'text', { text: '{{ Button1.disabled }}' }),
      button({ onClick: 'Button1.setDisabled(true)', onReset: "resetWidget('Button1', true)" }),
    ] });
    await h.settle();
    expect(h.value('T', 'text')).toBe(false);
    await h.trigger('B', 'onClick');
    expect(h.value('Button1', 'disabled')).toBe(true);
    expect(h.value('T', 'text')).toBe(true);
    await h.trigger('B', 'onReset');
    expect(h.value('Button1', 'disabled')).toBe(false);
  });

  it('resetWidget returns typed text to the default; an unknown widget is an error', async () => {
    const h = start({ widgets: [input('Input1', { defaultText: 'start' }), button({ onReset: "resetWidget('Input1')", onBad: "resetWidget('Nope')" })] });
    h.send({ type: 'setMeta', widget: 'Input1', patch: { text: 'typed' } });
    await h.settle();
    expect(h.value('Input1', 'text')).toBe('typed');
    await h.trigger('B', 'onReset');
    expect(h.value('Input1', 'text')).toBe('start');
    expect(h.snapshot?.meta).toEqual({});
    expect((await h.trigger('B', 'onBad')).error).toBe('resetWidget: there is no widget named Nope');
  });

  it('a binding error in a shadowed property is reported under the property name', async () => {
    const h = start({ widgets: [table('Table1', '{{ nope.x }}')] });
    await h.settle();
    expect(h.errors.map((e) => `${e.entity}.${e.key}`)).toEqual(['Table1.tableData']);
  });
});

describe('download and copyToClipboard', () => {
  it('sends text as it is and objects as JSON, with a MIME type by extension, data or argument', async () => {
    const h = start({ widgets: [button({ onClick: [
      "download('a,b\\n1,2', 'users.csv')",
      "download([{ id: 1 }], 'rows')",
      "download('hello', 'note')",
      "download({ a: 1 }, 'a.txt', 'text/plain; charset=utf-8')",
    ].join('; ') })] });
    expect((await h.trigger('B', 'onClick')).ok).toBe(true);
    expect(h.effects).toEqual([
      { kind: 'download', data: 'a,b\n1,2', fileName: 'users.csv', mimeType: 'text/csv' },
      { kind: 'download', data: '[\n  {\n    "id": 1\n  }\n]', fileName: 'rows', mimeType: 'application/json' },
      { kind: 'download', data: 'hello', fileName: 'note', mimeType: 'text/plain' },
      { kind: 'download', data: '{\n  "a": 1\n}', fileName: 'a.txt', mimeType: 'text/plain; charset=utf-8' },
    ]);
  });

  it('refuses a missing file name, a path, missing data and a bad MIME type', async () => {
    const h = start({ widgets: [button({ onNoName: "download('x')", onPath: "download('x', '../etc/passwd')", onNoData: "download(undefined, 'a.txt')", onMime: "download('x', 'a.txt', 'nonsense')" })] });
    expect((await h.trigger('B', 'onNoName')).error).toMatch(/file name must be a non-empty string/);
    expect((await h.trigger('B', 'onPath')).error).toMatch(/must not contain/);
    expect((await h.trigger('B', 'onNoData')).error).toMatch(/no data/);
    expect((await h.trigger('B', 'onMime')).error).toMatch(/not a MIME type/);
    expect(h.effects).toEqual([]);
  });

  it('copyToClipboard sends text; other values as JSON', async () => {
    const h = start({ widgets: [button({ onClick: "copyToClipboard('hi'); copyToClipboard({ a: [1] }); copyToClipboard(5)" })] });
    await h.trigger('B', 'onClick');
    expect(h.effects).toEqual([{ kind: 'copyToClipboard', text: 'hi' }, { kind: 'copyToClipboard', text: '{"a":[1]}' }, { kind: 'copyToClipboard', text: '5' }]);
  });
});

describe('setInterval and clearInterval', () => {
  it('ticks, replaces by id, keeps a 10 ms minimum and stops on clearInterval', async () => {
    const timers = new ManualIntervals();
    const h = start({ widgets: [
      button({ onClick: "setInterval(() => storeValue('n', (cordon.store.n ?? 0) + 1, false), 1000, 'poll'); setInterval(() => storeValue('m', 1, false), 1, 'poll')", onStop: "clearInterval('poll')" }),
      widget('T', 'text', { text: '{{ cordon.store.m }}' }),
    ] }, {}, timers);
    await h.trigger('B', 'onClick');
    expect([...timers.running.values()].map((t) => t.ms)).toEqual([10]);
    timers.tick();
    await h.settle();
    expect(h.value('T', 'text')).toBe(1);
    expect(h.effects.map((e) => e.kind === 'storeValue' && e.key)).toEqual(['m']);
    await h.trigger('B', 'onStop');
    expect(timers.running.size).toBe(0);
  });

  it('returns a generated id when none is given; refuses a non-function', async () => {
    const timers = new ManualIntervals();
    const h = start({ widgets: [button({ onClick: "const id = setInterval(() => 1, 50); storeValue('id', id, false)", onBad: "setInterval('code', 10)" })] }, {}, timers);
    await h.trigger('B', 'onClick');
    expect(h.effects).toEqual([{ kind: 'storeValue', key: 'id', value: 'interval1', persist: false }]);
    expect((await h.trigger('B', 'onBad')).error).toMatch(/first argument must be a function/);
  });

  it('a failing tick is reported against the handler that set the interval; the app goes on', async () => {
    const timers = new ManualIntervals();
    const h = start({ widgets: [button({ onClick: "setInterval(() => { throw new Error('tick failed'); }, 10, 'poll')" }), widget('T', 'text', { text: '{{ 1 }}' })] }, {}, timers);
    await h.trigger('B', 'onClick');
    const done = h.waitFor((m): m is Done => m.type === 'handlerDone' && m.event === 'onClick.setInterval(poll)');
    timers.tick();
    expect(await done).toMatchObject({ widget: 'B', ok: false, error: 'tick failed' });
    // The watchdog names a hung tick after its handler too.
    expect(h.messages).toContainEqual({ type: 'handlerStart', widget: 'B', event: 'onClick.setInterval(poll)' });
    await h.settle();
    expect(h.errorOf('B', 'onClick.setInterval(poll)')).toBe('tick failed');
    expect(h.errorOf('B', 'onClick')).toBeUndefined();
    expect(h.value('T', 'text')).toBe(1);
  });

  it('an interval set after an await in an async handler is still named after that handler', async () => {
    const timers = new ManualIntervals();
    const h = start({ widgets: [button({ onClick: "await Query1.run(); setInterval(() => { throw new Error('late'); }, 10, 'later')" })], queries: [query('Query1')] }, {}, timers);
    await h.trigger('B', 'onClick');
    timers.tick();
    await h.settle();
    expect(h.errorOf('B', 'onClick.setInterval(later)')).toBe('late');
  });

  it('every interval of a page ends when a new page starts and when the engine is disposed', async () => {
    const timers = new ManualIntervals();
    const h = start({ widgets: [button({ onClick: "setInterval(() => 1, 10, 'a'); setInterval(() => 1, 10, 'b')" })] }, {}, timers);
    await h.trigger('B', 'onClick');
    expect(timers.running.size).toBe(2);
    h.send({ type: 'init', app: { widgets: [button({ onClick: "setInterval(() => 1, 10, 'c')" })], queries: [], jsObjects: [] }, globals: { store: {}, user: null, url: { path: '/p2', query: {} }, mode: 'view' } });
    expect(timers.running.size).toBe(0);
    await h.trigger('B', 'onClick');
    expect(timers.running.size).toBe(1);
    h.engine.dispose();
    expect(timers.running.size).toBe(0);
  });
});

describe('window messages', () => {
  const origin = 'https://parent.example';

  it('postWindowMessage sends plain data to an explicit origin of the embedding window', async () => {
    const h = start({ widgets: [button({ onClick: `postWindowMessage({ type: 'saved', id: 7, fn: () => 1 }, 'window', '${origin}')` })] });
    expect((await h.trigger('B', 'onClick')).ok).toBe(true);
    expect(h.effects).toEqual([{ kind: 'postWindowMessage', message: { type: 'saved', id: 7 }, targetOrigin: origin }]);
  });

  it("refuses the default '*' origin, a malformed origin and a target other than 'window'", async () => {
    const h = start({ widgets: [button({
      onStar: "postWindowMessage('x')",
      onBadOrigin: "postWindowMessage('x', 'window', 'https://parent.example/path')",
      onTarget: `postWindowMessage('x', 'Iframe1', '${origin}')`,
      onListenStar: "windowMessageListener('*', () => 1)",
    })] });
    expect((await h.trigger('B', 'onStar')).error).toMatch(/postWindowMessage: the origin '\*' is refused .* give the exact origin/);
    expect((await h.trigger('B', 'onBadOrigin')).error).toMatch(/is not an origin/);
    expect((await h.trigger('B', 'onTarget')).error).toMatch(/target "Iframe1" is not supported/);
    expect((await h.trigger('B', 'onListenStar')).error).toMatch(/windowMessageListener: the origin '\*' is refused/);
    expect(h.effects).toEqual([]);
  });

  it('windowMessageListener announces origins, gets messages of exactly its origin, and is replaced or removed', async () => {
    const h = start({ widgets: [
      button({
        onListen: `windowMessageListener('${origin}', (data) => storeValue('got', data, false))`,
        onReplace: `windowMessageListener('${origin}', (data) => storeValue('second', data.n, false))`,
        onOther: "windowMessageListener('http://localhost:5173', () => 1)",
        onStop: `unlistenWindowMessage('${origin}')`,
      }),
      widget('T', 'text', { text: '{{ cordon.store.got?.n }}' }),
    ] });
    await h.trigger('B', 'onListen');
    expect(h.effects).toEqual([{ kind: 'windowMessageOrigins', origins: [origin] }]);
    h.send({ type: 'windowMessage', origin: 'https://evil.example', data: { n: 0 } });
    h.send({ type: 'windowMessage', origin: `${origin}.evil.example`, data: { n: 0 } });
    h.send({ type: 'windowMessage', origin, data: { n: 1 } });
    await h.settle();
    expect(h.value('T', 'text')).toBe(1);
    expect(h.effects.filter((e) => e.kind === 'storeValue')).toEqual([{ kind: 'storeValue', key: 'got', value: { n: 1 }, persist: false }]);
    await h.trigger('B', 'onReplace');
    await h.trigger('B', 'onOther');
    h.send({ type: 'windowMessage', origin, data: { n: 2 } });
    await h.settle();
    expect(h.effects.filter((e) => e.kind === 'storeValue').map((e) => e.kind === 'storeValue' && e.key)).toEqual(['got', 'second']);
    await h.trigger('B', 'onStop');
    h.send({ type: 'windowMessage', origin, data: { n: 3 } });
    await h.settle();
    expect(h.effects.filter((e) => e.kind === 'windowMessageOrigins')).toEqual([
      { kind: 'windowMessageOrigins', origins: [origin] },
      { kind: 'windowMessageOrigins', origins: [origin] },
      { kind: 'windowMessageOrigins', origins: ['http://localhost:5173', origin] },
      { kind: 'windowMessageOrigins', origins: ['http://localhost:5173'] },
    ]);
    expect(h.effects.filter((e) => e.kind === 'storeValue')).toHaveLength(2);
  });

  it('a listener gets a frozen copy; its errors are reported against the registering handler; leaving the page ends it', async () => {
    const h = start({ widgets: [button({ onListen: `windowMessageListener('${origin}', (data) => { data.n = 2; })` })] });
    await h.trigger('B', 'onListen');
    const done = h.waitFor((m): m is Done => m.type === 'handlerDone' && m.event === `onListen.windowMessageListener(${origin})`);
    h.send({ type: 'windowMessage', origin, data: { n: 1 } });
    expect(await done).toMatchObject({ widget: 'B', ok: false });
    await h.settle();
    expect(h.errorOf('B', `onListen.windowMessageListener(${origin})`)).toMatch(/read.only|Cannot assign/i);
    h.send({ type: 'init', app: { widgets: [], queries: [], jsObjects: [] }, globals: { store: {}, user: null, url: { path: '/', query: {} }, mode: 'view' } });
    expect(h.effects.at(-1)).toEqual({ kind: 'windowMessageOrigins', origins: [] });
  });
});

describe('queries and pages', () => {
  it('a request of a page that was left is ended, and its late steps cannot act', async () => {
    let release: (value: unknown) => void = () => undefined;
    const h = start({ widgets: [button({ onClick: "await Query1.run(); storeValue('late', 1)" })], queries: [query('Query1')] }, { runQuery: () => new Promise((resolve) => { release = resolve; }) });
    const done = h.waitFor((m): m is Done => m.type === 'handlerDone' && m.widget === 'B');
    h.send({ type: 'trigger', widget: 'B', event: 'onClick' });
    await h.settle();
    h.send({ type: 'init', app: { widgets: [], queries: [], jsObjects: [] }, globals: { store: {}, user: null, url: { path: '/', query: {} }, mode: 'view' } });
    expect(await done).toMatchObject({ ok: false, error: 'Query1 failed: the page was left' });
    release({ rows: [{ a: 1 }] });
    await h.settle();
    expect(h.effects).toEqual([]);
  });

  it('unknown names read as undefined without an error', async () => {
    const h = start({ widgets: [widget('T', 'text', { text: '{{ NoSuchWidget }}' }), widget('U', 'text', { text: '{{ NoSuchWidget?.text ?? "none" }}' })] });
    await h.settle();
    expect(h.value('U', 'text')).toBe('none');
    expect(h.errors).toEqual([]);
  });
});

describe('JS object function settings', () => {
  const code = 'export default { n: 0, load() { this.n = this.n + 1; storeValue("loaded", this.n, false); }, async save() { storeValue("saved", true, false); return 1; } }';

  it('runs run-on-load functions once after init in view mode', async () => {
    const h = start({ jsObjects: [{ name: 'JSObject1', code, functionSettings: { load: { runOnLoad: true }, save: { runOnLoad: false } } }] });
    await h.settle(10);
    expect(h.effects).toEqual([{ kind: 'storeValue', key: 'loaded', value: 1, persist: false }]);
    expect(h.value('JSObject1', 'n')).toBe(1);
    h.send({ type: 'updateApp', app: { widgets: [], queries: [], jsObjects: [{ name: 'JSObject1', code, functionSettings: { load: { runOnLoad: true } } }] } });
    await h.settle(10);
    expect(h.effects).toHaveLength(1);
  });

  it('does not run them in edit mode or after a watchdog restart', async () => {
    const edit = start({ jsObjects: [{ name: 'JSObject1', code, functionSettings: { load: { runOnLoad: true } } }] }, { globals: { mode: 'edit' } });
    await edit.settle(10);
    expect(edit.effects).toEqual([]);
    const restarted = start({ jsObjects: [] });
    restarted.send({ type: 'init', app: { widgets: [], queries: [], jsObjects: [{ name: 'JSObject1', code, functionSettings: { load: { runOnLoad: true } } }] }, globals: { store: {}, user: null, url: { path: '/', query: {} }, mode: 'view' }, skipRunOnLoad: true });
    await restarted.settle(10);
    expect(restarted.effects).toEqual([]);
  });

  it('a function marked confirm asks first, runs when accepted and not when refused', async () => {
    let answer = true;
    const h = start({
      widgets: [button({ onClick: 'const r = await JSObject1.save(); storeValue("r", r, false)' })],
      jsObjects: [{ name: 'JSObject1', code, functionSettings: { save: { confirm: true } } }],
    }, { confirm: () => answer });
    expect((await h.trigger('B', 'onClick')).ok).toBe(true);
    expect(h.requests).toEqual([{ kind: 'confirm', message: 'Run JSObject1.save?' }]);
    expect(h.effects).toEqual([{ kind: 'storeValue', key: 'saved', value: true, persist: false }, { kind: 'storeValue', key: 'r', value: 1, persist: false }]);
    answer = false;
    expect((await h.trigger('B', 'onClick')).error).toBe('JSObject1.save was cancelled');
    expect(h.effects).toHaveLength(2);
  });

  it('a confirmation still open when the page is left fails the call with an error of the app', async () => {
    const h = start({
      widgets: [button({ onClick: 'try { await JSObject1.save(); } catch (e) { throw new Error(String(e instanceof Error) + " " + e.message); }' })],
      jsObjects: [{ name: 'JSObject1', code, functionSettings: { save: { confirm: true } } }],
    }, { confirm: () => new Promise<boolean>(() => undefined) });
    const done = h.waitFor((m): m is Done => m.type === 'handlerDone' && m.widget === 'B');
    h.send({ type: 'trigger', widget: 'B', event: 'onClick' });
    h.send({ type: 'init', app: { widgets: [], queries: [], jsObjects: [] }, globals: { store: {}, user: null, url: { path: '/', query: {} }, mode: 'view' } });
    expect(await done).toMatchObject({ ok: false, error: 'true JSObject1.save failed: the page was left' });
    expect(h.effects).toEqual([]);
  });

  it('a run-on-load function marked confirm asks before running', async () => {
    const h = start({ jsObjects: [{ name: 'JSObject1', code, functionSettings: { load: { runOnLoad: true, confirm: true } } }] }, { confirm: () => false });
    await h.settle(10);
    expect(h.requests).toEqual([{ kind: 'confirm', message: 'Run JSObject1.load?' }]);
    expect(h.effects).toEqual([]);
    expect(h.errorOf('JSObject1', 'load')).toBe('JSObject1.load was cancelled');
  });
});

describe('the cordon global', () => {
  it('shows only name, email and role of the user, the URL and the mode', async () => {
    const user = { name: 'Ada', email: 'a@example.com', role: 'developer', passwordHash: 'x', sessionId: 'y' };
    const h = start({ widgets: [widget('T', 'text', { text: '{{ JSON.stringify([cordon.user, cordon.URL, cordon.url === cordon.URL, cordon.mode]) }}' })] }, { globals: { user: user as never, url: { path: '/app/a/p', query: { id: '7' } } } });
    await h.settle();
    expect(JSON.parse(String(h.value('T', 'text')))).toEqual([{ name: 'Ada', email: 'a@example.com', role: 'developer' }, { path: '/app/a/p', query: { id: '7' } }, true, 'view']);
  });
});
