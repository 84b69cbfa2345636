import { describe, expect, it } from 'vitest';
import { parse } from 'acorn';
import { scanIdentifiers } from './identifierScan';

const scan = (code: string) => scanIdentifiers(parse(code, { ecmaVersion: 'latest', sourceType: 'module', allowAwaitOutsideFunction: true }));
const refs = (code: string) => scan(code).map((r) => r.name);

describe('scanIdentifiers', () => {
  it('finds free names, not members, keys, strings, labels or keywords', () => {
    expect(refs("Input1.text + ' ' + Query1.data.length")).toEqual(['Input1', 'Query1']);
    expect(refs("({ a: Foo, 'b': 1, c, [d]: 2, e() { return 1 } })")).toEqual(['Foo', 'c', 'd']);
    expect(refs('typeof x === "y" ? null : this.y')).toEqual(['x']);
    expect(refs('`a ${Bar.b} c`')).toEqual(['Bar']);
    expect(refs('cond ? a : b')).toEqual(['cond', 'a', 'b']);
    expect(refs('outer: for (;;) { break outer }')).toEqual([]);
  });

  it('leaves out names the code declares: variables, parameters, destructuring, methods', () => {
    expect(refs('Query1.data.map((row, i) => row.name + i + outer)')).toEqual(['Query1', 'outer']);
    expect(refs('items.filter(x => x > limit)')).toEqual(['items', 'limit']);
    expect(refs('const { a, b: c } = obj; let [d] = list; a + c + d')).toEqual(['obj', 'list']);
    expect(refs('function f(p = dflt) { return p } f(1)')).toEqual(['dflt']);
    expect(refs('try { go() } catch (e) { e.message }')).toEqual(['go']);
    expect(refs('export default { count: 0, async load(id) { return await Api.run({ id }) }, total() { return this.count } }')).toEqual(['Api']);
    // Hoisting: a var or function is in scope in its whole function, before its declaration too.
    expect(refs('f(v); var v = 1; function f() {}')).toEqual([]);
  });

  it('follows scopes: a name declared in one function or block is unknown outside it', () => {
    expect(refs('(() => { const a = 1; return a })() + a')).toEqual(['a']);
    expect(refs('{ let b = 1 } b')).toEqual(['b']);
    expect(refs('function g() { var c = 1 } c')).toEqual(['c']);
    expect(refs('for (const r of rows) { r } r')).toEqual(['rows', 'r']);
    expect(refs('try {} catch (e) {} e')).toEqual(['e']);
    expect(refs('const h = function self() { return self }; self')).toEqual(['self']);
    // Assigning an undeclared name writes a global: it is reported as a read would be.
    expect(refs('total = 1')).toEqual(['total']);
  });

  it('marks calls and member calls', () => {
    const [store, query] = scan("storeValue('a', 1); Query1.run({ q: 1 })");
    expect(store).toMatchObject({ name: 'storeValue', called: true });
    expect(query).toMatchObject({ name: 'Query1', called: false, calledMember: { name: 'run' } });
    expect(scan('Query1?.run?.()')[0]).toMatchObject({ member: { name: 'run' }, calledMember: { name: 'run' } });
  });

  it('reports offsets of each reference', () => {
    const [ref] = scan('  Foo.bar');
    expect(ref).toMatchObject({ start: 2, end: 5, member: { name: 'bar', start: 6, end: 9 } });
  });
});
