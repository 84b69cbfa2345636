import './host/sesLockdown';
import { afterEach, describe, expect, it } from 'vitest';
import { makePlatformFetch } from './host/platformFetch';
import { EngineHarness, input, query, widget, type HarnessOptions } from './testing/engineHarness';
import type { RuntimeAppSpec } from './protocol';

const harnesses: EngineHarness[] = [];
function start(app: Partial<RuntimeAppSpec>, options: Partial<HarnessOptions> = {}): EngineHarness {
  const h = new EngineHarness({ widgets: [], queries: [], jsObjects: [], ...app }, {
    platform: { fetch: makePlatformFetch('http://127.0.0.1/'), setInterval: (cb, ms) => setInterval(cb, ms), clearInterval: (id) => clearInterval(id as NodeJS.Timeout) },
    ...options,
  });
  harnesses.push(h);
  return h;
}
afterEach(() => { for (const h of harnesses.splice(0)) h.engine.dispose(); });

describe('bindings', () => {
  it('evaluates single bindings to values and mixed text to strings', async () => {
    const h = start({ widgets: [
      widget('Text1', 'text', { text: '{{ 1 + 2 }}' }),
      widget('Text2', 'text', { text: 'sum {{ 1 + 2 }} obj {{ ({ a: 1 }) }} nil {{ null }}' }),
      widget('Text3', 'text', { text: '  {{ [1, 2] }}  ' }),
      widget('Text4', 'text', { text: 'plain', n: 5 }),
    ] });
    await h.settle();
    expect(h.value('Text1', 'text')).toBe(3);
    expect(h.value('Text2', 'text')).toBe('sum 3 obj {"a":1} nil ');
    expect(h.value('Text3', 'text')).toEqual([1, 2]);
    expect(h.value('Text4', 'text')).toBe('plain');
    expect(h.value('Text4', 'n')).toBe(5);
  });

  it('widget entities: own enumerable keys, live reads also through an inheriting object, nothing for other receivers', async () => {
    const h = start({ widgets: [
      input('Input1', { defaultText: 'one' }),
      input('Input2', { defaultText: 'two' }),
      widget('Keys', 'text', { text: '{{ Object.keys(Input1).join(",") }}' }),
      widget('Inherit', 'text', { text: '{{ Object.create(Input2).text }}' }),
      widget('Other', 'text', { text: "{{ String(Object.getOwnPropertyDescriptor(Input1, 'text').get.call({})) }}" }),
      widget('Frozen', 'text', { text: '{{ Object.isFrozen(Input1) }}' }),
      widget('Proto', 'text', { text: '{{ Object.getPrototypeOf(Input1) === Object.prototype && Object.getPrototypeOf(Input2) === Object.prototype }}' }),
    ] });
    await h.settle();
    expect(h.value('Keys', 'text')).toBe('label,defaultText,text,setValue');
    expect(h.value('Inherit', 'text')).toBe('two');
    expect(h.value('Other', 'text')).toBe('undefined');
    expect(h.value('Frozen', 'text')).toBe(true);
    // The widget state is stamped on the entity, which still inherits from nothing but Object.prototype.
    expect(h.value('Proto', 'text')).toBe(true);
    h.send({ type: 'setMeta', widget: 'Input2', patch: { text: 'typed' } });
    await h.settle();
    expect(h.value('Inherit', 'text')).toBe('typed');
  });

  it('re-runs dependents of an input, in order, and only sends what changed', async () => {
    const h = start({ widgets: [
      input('Input1', { defaultText: 'ab' }),
      widget('Upper', 'text', { text: '{{ Input1.text.toUpperCase() }}' }),
      widget('Len', 'text', { text: '{{ Upper.text.length }}' }),
      widget('Other', 'text', { text: '{{ 42 }}' }),
    ] });
    await h.settle();
    expect(h.value('Upper', 'text')).toBe('AB');
    expect(h.value('Len', 'text')).toBe(2);
    const before = h.messages.length;
    h.send({ type: 'setMeta', widget: 'Input1', patch: { text: 'abcd' } });
    await h.settle();
    const values = h.messages.slice(before).filter((m) => m.type === 'values');
    expect(values).toHaveLength(1);
    const changes = values[0]?.type === 'values' ? values[0].changes : [];
    expect(changes.map((c) => `${c.entity}.${c.key}`).sort()).toEqual(['Input1.text', 'Len.text', 'Upper.text']);
    expect(h.value('Len', 'text')).toBe(4);
  });

  it('sends a value again only when its content changed: objects by content, primitives by value', async () => {
    const h = start({ widgets: [
      input('Input1', { defaultText: 'a' }),
      // A new object with the same content on every evaluation, an object or a primitive by input, and a constant.
      widget('Same', 'text', { text: '{{ Input1.text.length < 100 ? { n: 1 } : 0 }}' }),
      widget('Kind', 'text', { text: "{{ Input1.text === 'obj' ? { v: Input1.text } : Input1.text === 'nan' ? NaN : Input1.text }}" }),
      widget('Const', 'text', { text: '{{ Input1.text && 7 }}' }),
    ] });
    await h.settle();
    const sentKeys = async (text: string): Promise<string[]> => {
      const before = h.messages.length;
      h.send({ type: 'setMeta', widget: 'Input1', patch: { text } });
      await h.settle();
      return h.messages.slice(before).flatMap((m) => (m.type === 'values' ? m.changes.map((c) => `${c.entity}.${c.key}`) : [])).sort();
    };
    expect(await sentKeys('obj')).toEqual(['Input1.text', 'Kind.text']);
    expect(h.value('Kind', 'text')).toEqual({ v: 'obj' });
    expect(await sentKeys('b')).toEqual(['Input1.text', 'Kind.text']);
    expect(h.value('Kind', 'text')).toBe('b');
    expect(await sentKeys('obj')).toEqual(['Input1.text', 'Kind.text']);
    expect(await sentKeys('nan')).toEqual(['Input1.text', 'Kind.text']);
    expect(h.value('Kind', 'text')).toBeNaN();
    expect(await sentKeys('nan')).toEqual([]);
    expect(await sentKeys('')).toEqual(['Const.text', 'Input1.text', 'Kind.text']);
    expect(h.value('Const', 'text')).toBe('');
    expect(h.value('Same', 'text')).toEqual({ n: 1 });
  });
});

describe('data fields are synchronous', () => {
  it.each([
    ['storeValue', "storeValue('a', 1)"],
    ['showAlert', "showAlert('hi')"],
    ['navigateTo', "navigateTo('page2')"],
    ['removeValue', "removeValue('a')"],
    ['clearStore', 'clearStore()'],
    ['setInterval', 'setInterval(() => 1, 100)'],
    ['clearInterval', "clearInterval('x')"],
    ['fetch', "fetch('http://127.0.0.1/')"],
    ['Query1.run', 'Query1.run()'],
    ['Query1.clear', 'Query1.clear()'],
    ['Input1.setValue', "Input1.setValue('x')"],
  ])('calling %s from a binding is an error naming the function and the field', async (name, code) => {
    const h = start({ widgets: [input('Input1'), widget('Text1', 'text', { text: `{{ ${code} }}` })], queries: [query('Query1')] });
    await h.settle();
    const message = h.errorOf('Text1', 'text') ?? '';
    expect(message).toContain(`${name}()`);
    expect(message).toContain('Text1.text');
    expect(h.effects).toEqual([]);
    expect(h.requests).toEqual([]);
  });

  it('a Promise result is an error, also through an async JS object function', async () => {
    const h = start({
      widgets: [widget('Text1', 'text', { text: '{{ Promise.resolve(1) }}' }), widget('Text2', 'text', { text: '{{ JSObject1.load() }}' })],
      jsObjects: [{ name: 'JSObject1', code: 'export default { async load() { return 1; } }' }],
    });
    await h.settle();
    expect(h.errorOf('Text1', 'text')).toMatch(/Text1\.text returned a Promise.*synchronous/);
    expect(h.errorOf('Text2', 'text')).toMatch(/Text2\.text returned a Promise/);
    expect(h.value('Text1', 'text')).toBeUndefined();
  });

  it('a JS object variable cannot be assigned from a binding', async () => {
    const h = start({
      widgets: [widget('Text1', 'text', { text: '{{ JSObject1.count = 5 }}' })],
      jsObjects: [{ name: 'JSObject1', code: 'export default { count: 0 }' }],
    });
    await h.settle();
    expect(h.errorOf('Text1', 'text')).toMatch(/JSObject1\.count cannot be changed from the data field Text1\.text/);
    expect(h.value('JSObject1', 'count')).toBe(0);
  });

  it('errors stay with their field; everything else still evaluates; unknown names read undefined', async () => {
    const h = start({ widgets: [
      widget('Bad', 'text', { text: '{{ nope.deeper }}' }),
      widget('Syntax', 'text', { text: '{{ 1 + }}' }),
      widget('Unknown', 'text', { text: '{{ typeof NoSuchThing }}' }),
      widget('Good', 'text', { text: '{{ "fine" }}' }),
    ] });
    await h.settle();
    expect(h.errorOf('Bad', 'text')).toMatch(/TypeError/);
    expect(h.errorOf('Syntax', 'text')).toBeTruthy();
    expect(h.value('Unknown', 'text')).toBe('undefined');
    expect(h.value('Good', 'text')).toBe('fine');
  });
});

describe('bindings compiled together', () => {
  it('a binding that does not compile, or escapes its wrapper, gets its own error; the others in the same app evaluate', async () => {
    const good = Array.from({ length: 20 }, (_, i) => widget(`G${i}`, 'text', { text: `{{ 'g' + ${i} }}`, tip: `n {{ ${i} * 2 }}` }));
    const h = start({ widgets: [
      ...good.slice(0, 10),
      widget('Syntax', 'text', { text: '{{ 1 + }}' }),
      widget('Import', 'text', { text: "{{ import('x') }}" }),
      widget('Comment', 'text', { text: '{{ 1 <!-- 2 }}' }),
      // Closes its own wrapper and opens another (the comment balances braces for the template parser).
      widget('Escape', 'text', { text: '{{ 1); }), (function () { return (2 /* } */ }}' }),
      ...good.slice(10),
    ] });
    await h.settle();
    for (let i = 0; i < 20; i++) {
      expect(h.value(`G${i}`, 'text')).toBe(`g${i}`);
      expect(h.value(`G${i}`, 'tip')).toBe(`n ${i * 2}`);
    }
    // Each broken binding fails alone, with the error it has when compiled by itself.
    for (const name of ['Syntax', 'Import', 'Comment']) expect(h.errorOf(name, 'text'), name).toBeTruthy();
    expect(h.value('Escape', 'text')).toBe(2);
    expect(h.errors.map((e) => e.entity).sort()).toEqual(['Comment', 'Import', 'Syntax']);
  });
});

describe('dependency order and cycles', () => {
  it('reports a cycle instead of looping, and evaluates the rest', async () => {
    const h = start({ widgets: [
      widget('A', 'text', { text: '{{ B.text }}' }),
      widget('B', 'text', { text: '{{ A.text }}' }),
      widget('C', 'text', { text: '{{ A.text }}' }),
      widget('D', 'text', { text: 'ok' }),
    ] });
    await h.settle();
    expect(h.errorOf('A', 'text')).toMatch(/cyclic dependency: .*A\.text.*B\.text/);
    expect(h.errorOf('B', 'text')).toMatch(/cyclic dependency/);
    expect(h.errorOf('C', 'text')).toMatch(/depends on a cyclic dependency/);
    expect(h.value('D', 'text')).toBe('ok');
  });

  it('a chain re-evaluates in dependency order whatever the widget order', async () => {
    const h = start({ widgets: [
      widget('C', 'text', { text: '{{ B.text + "c" }}' }),
      widget('B', 'text', { text: '{{ A.text + "b" }}' }),
      input('A', { defaultText: 'a' }),
    ] });
    await h.settle();
    expect(h.value('C', 'text')).toBe('abc');
    h.send({ type: 'setMeta', widget: 'A', patch: { text: 'x' } });
    await h.settle();
    expect(h.value('C', 'text')).toBe('xbc');
  });

  it('meta follows its property until the user writes it', async () => {
    const h = start({ widgets: [input('Src', { defaultText: 'one' }), input('Input1', { defaultText: '{{ Src.text }}' })] });
    await h.settle();
    expect(h.value('Input1', 'text')).toBe('one');
    h.send({ type: 'setMeta', widget: 'Src', patch: { text: 'two' } });
    await h.settle();
    expect(h.value('Input1', 'text')).toBe('two');
    h.send({ type: 'setMeta', widget: 'Input1', patch: { text: 'mine' } });
    h.send({ type: 'setMeta', widget: 'Src', patch: { text: 'three' } });
    await h.settle();
    expect(h.value('Input1', 'text')).toBe('mine');
    expect(h.value('Input1', 'defaultText')).toBe('three');
  });
});

describe('event handlers and framework functions', () => {
  const rows = [{ id: 1, name: 'Ada' }, { id: 2, name: 'Bob' }];

  it('Query.run sends evaluated params, sets data/isLoading/error and re-evaluates dependents', async () => {
    const calls: Array<[string, Record<string, unknown>]> = [];
    const h = start({
      widgets: [
        input('Input1', { defaultText: 'ad' }),
        widget('Button1', 'button', { label: 'Go', onClick: '{{ Query1.run() }}' }),
        widget('Table1', 'table', { tableData: '{{ Query1.data }}' }),
        widget('Loading', 'text', { text: '{{ Query1.isLoading }}' }),
      ],
      queries: [query('Query1', ["'%' + Input1.text + '%'", 'this.params.limit ?? 10'])],
    }, { runQuery: (id, params) => { calls.push([id, params]); return { rows, fields: [], rowCount: 2, truncated: false, durationMs: 1 }; } });
    await h.settle();
    expect(h.value('Table1', 'tableData')).toEqual([]);
    const done = await h.trigger('Button1', 'onClick');
    expect(done.ok).toBe(true);
    expect(calls).toEqual([['Query1-id', { "'%' + Input1.text + '%'": '%ad%', 'this.params.limit ?? 10': 10 }]]);
    expect(h.value('Table1', 'tableData')).toEqual(rows);
    expect(h.value('Query1', 'data')).toEqual(rows);
    expect(h.value('Query1', 'isLoading')).toBe(false);
    expect(h.value('Query1', 'error')).toBeNull();
    expect(h.value('Loading', 'text')).toBe(false);
  });

  it('Query.run(params) resolves with the rows; a failing run sets error and rejects; clear() empties', async () => {
    let fail = false;
    const h = start({
      widgets: [widget('B', 'button', {
        onClick: 'const r = await Query1.run({ limit: 1 }); storeValue("n", r.length, false); storeValue("p", this === undefined, false);',
        onFail: 'try { await Query1.run(); } catch (e) { storeValue("err", e.message, false); }',
        onClear: 'await Query1.clear();',
      })],
      queries: [query('Query1', ['this.params.limit'])],
    }, { runQuery: (_id, params) => { if (fail) throw new Error('relation "x" does not exist'); return { rows: rows.slice(0, Number(params['this.params.limit'] ?? 2)) }; } });
    await h.trigger('B', 'onClick');
    expect(h.effects).toContainEqual({ kind: 'storeValue', key: 'n', value: 1, persist: false });
    fail = true;
    await h.trigger('B', 'onFail');
    expect(h.effects).toContainEqual({ kind: 'storeValue', key: 'err', value: 'Query1 failed: relation "x" does not exist', persist: false });
    expect(h.value('Query1', 'error')).toBe('relation "x" does not exist');
    await h.trigger('B', 'onClear');
    expect(h.value('Query1', 'data')).toEqual([]);
    expect(h.value('Query1', 'error')).toBeNull();
  });

  it('a query marked confirm asks first and does not run when refused', async () => {
    const h = start({ widgets: [widget('B', 'button', { onClick: 'await Query1.run()' })], queries: [query('Query1', [], { confirm: true })] }, { confirm: () => false });
    const done = await h.trigger('B', 'onClick');
    expect(done.ok).toBe(false);
    expect(done.error).toMatch(/cancelled/);
    expect(h.requests.map((r) => r.kind)).toEqual(['confirm']);
  });

  it('runOnLoad queries run at start; the runQuery message runs a query like its Run button', async () => {
    let runs = 0;
    const h = start({ queries: [query('Q1', [], { runOnLoad: true }), query('Q2')] }, { runQuery: () => { runs++; return { rows: [{ n: runs }] }; } });
    await h.settle(10);
    expect(h.value('Q1', 'data')).toEqual([{ n: 1 }]);
    const done = h.waitFor((m): m is Extract<typeof m, { type: 'handlerDone' }> => m.type === 'handlerDone' && m.widget === 'Q2');
    h.send({ type: 'runQuery', query: 'Q2' });
    expect((await done).ok).toBe(true);
    await h.settle();
    expect(h.value('Q2', 'data')).toEqual([{ n: 2 }]);
  });

  it('storeValue / removeValue / clearStore keep cordon.store and emit effects', async () => {
    const h = start({
      widgets: [
        widget('B', 'button', { onClick: "await storeValue('a', { x: [1] }); storeValue('b', 2, false); storeValue('c', 3)", onRemove: "removeValue('a')", onClear: 'clearStore()' }),
        widget('T', 'text', { text: '{{ JSON.stringify(cordon.store) }}' }),
      ],
    }, { globals: { store: { old: 1 } } });
    await h.settle();
    expect(h.value('T', 'text')).toBe('{"old":1}');
    await h.trigger('B', 'onClick');
    expect(h.value('T', 'text')).toBe('{"old":1,"a":{"x":[1]},"b":2,"c":3}');
    expect(h.effects).toEqual([
      { kind: 'storeValue', key: 'a', value: { x: [1] }, persist: true },
      { kind: 'storeValue', key: 'b', value: 2, persist: false },
      { kind: 'storeValue', key: 'c', value: 3, persist: true },
    ]);
    await h.trigger('B', 'onRemove');
    expect(h.value('T', 'text')).toBe('{"old":1,"b":2,"c":3}');
    await h.trigger('B', 'onClear');
    expect(h.value('T', 'text')).toBe('{}');
    expect(h.effects.slice(3)).toEqual([{ kind: 'removeValue', key: 'a' }, { kind: 'clearStore' }]);
  });

  it('showAlert and navigateTo emit effects with defaults', async () => {
    const h = start({ widgets: [widget('B', 'button', {
      onClick: "showAlert('Saved'); showAlert({ n: 1 }, 'success'); showAlert('x', 'bogus'); navigateTo('page2'); navigateTo('https://example.com', { q: 'a b', n: 2 }, 'NEW_WINDOW')",
    })] });
    await h.trigger('B', 'onClick');
    expect(h.effects).toEqual([
      { kind: 'showAlert', message: 'Saved', style: 'info' },
      { kind: 'showAlert', message: '{"n":1}', style: 'success' },
      { kind: 'showAlert', message: 'x', style: 'info' },
      { kind: 'navigateTo', target: 'page2', params: {}, newWindow: false },
      { kind: 'navigateTo', target: 'https://example.com', params: { q: 'a b', n: '2' }, newWindow: true },
    ]);
  });

  it('widget setters write meta; cordon exposes user, URL and mode', async () => {
    const h = start({
      widgets: [input('Input1', { defaultText: 'a' }), widget('B', 'button', { onClick: "Input1.setValue('set by code')" }), widget('T', 'text', { text: '{{ cordon.user?.name }} {{ cordon.URL.query.id }} {{ cordon.url.path }} {{ cordon.mode }}' })],
    }, { globals: { user: { name: 'Ada', email: 'a@x', role: 'developer' }, url: { path: '/app/1', query: { id: '7' } } } });
    await h.trigger('B', 'onClick');
    expect(h.value('Input1', 'text')).toBe('set by code');
    expect(h.value('T', 'text')).toBe('Ada 7 /app/1 view');
    h.send({ type: 'updateGlobals', globals: { user: null, url: { path: '/p', query: {} }, mode: 'view' } });
    await h.settle();
    expect(h.value('T', 'text')).toBe('  /p view');
  });

  it('an error in a handler is reported and the app goes on', async () => {
    const h = start({ widgets: [widget('B', 'button', { onClick: 'throw new Error("boom")', onOk: "storeValue('ok', 1)" }), widget('T', 'text', { text: '{{ 1 }}' })] });
    const failed = await h.trigger('B', 'onClick');
    expect(failed).toMatchObject({ ok: false, error: 'boom' });
    expect(h.errorOf('B', 'onClick')).toBe('boom');
    const ok = await h.trigger('B', 'onOk');
    expect(ok.ok).toBe(true);
    expect(h.value('T', 'text')).toBe(1);
  });

  it('handlers do not run in edit mode', async () => {
    const h = start({ widgets: [widget('B', 'button', { onClick: "storeValue('a', 1)" })] }, { globals: { mode: 'edit' } });
    const done = await h.trigger('B', 'onClick');
    expect(done.ok).toBe(false);
    expect(h.effects).toEqual([]);
  });
  // setInterval / clearInterval: frameworkFunctions.test.ts, on a manual clock (no timed assertions).
});

describe('JS objects', () => {
  const code = `export default {
    count: 1,
    items: [],
    total() { return this.count * 10 + Input1.text.length; },
    async bump() { this.count = this.count + 1; this.items.push(this.count); return this.count; },
  }`;

  it('exposes variables, sync functions to bindings and async functions to handlers', async () => {
    const h = start({
      widgets: [input('Input1', { defaultText: 'ab' }), widget('T', 'text', { text: '{{ JSObject1.total() }}' }), widget('B', 'button', { onClick: 'await JSObject1.bump()' })],
      jsObjects: [{ name: 'JSObject1', code }],
    });
    await h.settle();
    expect(h.value('T', 'text')).toBe(12);
    expect(h.value('JSObject1', 'count')).toBe(1);
    await h.trigger('B', 'onClick');
    expect(h.value('JSObject1', 'count')).toBe(2);
    expect(h.value('JSObject1', 'items')).toEqual([2]);
    expect(h.value('T', 'text')).toBe(22);
    h.send({ type: 'setMeta', widget: 'Input1', patch: { text: 'abcd' } });
    await h.settle();
    expect(h.value('T', 'text')).toBe(24);
  });

  it('reports a JS object without export default, and one that throws', async () => {
    const h = start({ jsObjects: [{ name: 'J1', code: '({ a: 1 })' }, { name: 'J2', code: 'export default { a: (() => { throw new Error("init") })() }' }] });
    await h.settle();
    expect(h.errorOf('J1', 'code')).toMatch(/export default/);
    expect(h.errorOf('J2', 'code')).toMatch(/init/);
  });
});

describe('state across restarts and edits', () => {
  it('updateApp keeps meta, variables and query data; removed entities are cleared', async () => {
    const h = start({
      widgets: [input('Input1'), widget('Old', 'text', { text: 'x' })],
      jsObjects: [{ name: 'J', code: 'export default { n: 1, inc() { this.n++ } }' }],
    });
    h.send({ type: 'setMeta', widget: 'Input1', patch: { text: 'typed' } });
    await h.settle();
    h.send({ type: 'updateApp', app: { widgets: [input('Input1'), widget('New', 'text', { text: '{{ Input1.text + J.n }}' })], queries: [], jsObjects: [{ name: 'J', code: 'export default { n: 1, inc() { this.n++ } }' }] } });
    await h.settle();
    expect(h.value('New', 'text')).toBe('typed1');
    expect(h.value('Old', 'text')).toBeUndefined();
  });

  it('posts the restart snapshot when answering a ping, only when it changed, before the pong', async () => {
    const h = start({ widgets: [input('Input1'), input('Input2')] });
    await h.settle();
    const snapshots = () => h.messages.filter((m) => m.type === 'snapshot').length;
    expect(snapshots()).toBe(0);
    h.send({ type: 'ping', seq: 1 });
    expect(h.messages.slice(-2).map((m) => m.type)).toEqual(['snapshot', 'pong']);
    h.send({ type: 'ping', seq: 2 });
    expect(snapshots()).toBe(1);
    h.send({ type: 'setMeta', widget: 'Input2', patch: { text: 'typed' } });
    await h.settle();
    expect(snapshots()).toBe(1);
    h.send({ type: 'ping', seq: 3 });
    const last = h.messages.filter((m) => m.type === 'snapshot').at(-1);
    expect(last?.type === 'snapshot' ? last.snapshot.meta : null).toEqual({ Input2: { text: 'typed' } });
    expect(snapshots()).toBe(2);
  });

  it('posts the snapshot before a handler starts, so a runaway handler restarts from the input before it', async () => {
    const h = start({ widgets: [input('Input1'), widget('B', 'button', { onClick: 'showAlert("x")' })] });
    await h.settle();
    h.send({ type: 'setMeta', widget: 'Input1', patch: { text: 'typed' } });
    await h.settle();
    const before = h.messages.length;
    await h.trigger('B', 'onClick');
    const types = h.messages.slice(before).map((m) => m.type);
    expect(types.indexOf('snapshot')).toBeGreaterThanOrEqual(0);
    expect(types.indexOf('snapshot')).toBeLessThan(types.indexOf('handlerStart'));
    const posted = h.messages.slice(before).find((m) => m.type === 'snapshot');
    expect(posted?.type === 'snapshot' ? posted.snapshot.meta : null).toEqual({ Input1: { text: 'typed' } });
  });

  it('init with a snapshot restores the last good state', async () => {
    const first = start({ widgets: [input('Input1'), widget('B', 'button', { onClick: 'J.n = 5' })], jsObjects: [{ name: 'J', code: 'export default { n: 1 }' }] });
    first.send({ type: 'setMeta', widget: 'Input1', patch: { text: 'kept' } });
    await first.trigger('B', 'onClick');
    expect(first.snapshot).toMatchObject({ meta: { Input1: { text: 'kept' } }, jsObjects: { J: { n: 5 } } });
    const second = start({ widgets: [input('Input1'), widget('T', 'text', { text: '{{ Input1.text }}{{ J.n }}' })], jsObjects: [{ name: 'J', code: 'export default { n: 1 }' }] }, { snapshot: first.snapshot ?? undefined });
    await second.settle();
    expect(second.value('T', 'text')).toBe('kept5');
  });
});

describe('query parameters', () => {
  it('sends undefined as null and names a failing binding', async () => {
    const sent: Array<Record<string, unknown>> = [];
    const h = start({
      widgets: [widget('B', 'button', { onClick: 'await Query1.run()', onBad: 'await Query2.run()' })],
      queries: [query('Query1', [' Input9?.text ']), query('Query2', ['NoSuch.text'])],
    }, { runQuery: (_id, params) => { sent.push(params); return { rows: [] }; } });
    await h.trigger('B', 'onClick');
    expect(sent).toEqual([{ ' Input9?.text ': null }]);
    const bad = await h.trigger('B', 'onBad');
    expect(bad.error).toMatch(/^Query2 failed: the binding \{\{ NoSuch\.text \}\} failed: TypeError/);
    expect(h.value('Query2', 'error')).toMatch(/NoSuch\.text/);
    expect(sent).toHaveLength(1);
  });
});

describe('handler forms', () => {
  it('a one-expression handler, plain or in {{ }}, is awaited so its failure is reported', async () => {
    const h = start({
      widgets: [widget('B', 'button', { onA: '{{ Query1.run() }}', onB: 'Query1.run()', onC: 'const x = 1;\nawait Query1.run()' })],
      queries: [query('Query1')],
    }, { runQuery: () => { throw new Error('down'); } });
    for (const event of ['onA', 'onB', 'onC']) {
      const done = await h.trigger('B', event);
      expect(done, event).toMatchObject({ ok: false, error: 'Query1 failed: down' });
      expect(h.errorOf('B', event)).toBe('Query1 failed: down');
    }
  });
});
