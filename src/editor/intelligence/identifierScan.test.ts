import { describe, expect, it } from 'vitest';
import { scanIdentifiers } from './identifierScan';

const refs = (code: string) => scanIdentifiers(code).references.map((r) => r.name);

describe('scanIdentifiers', () => {
  it('finds free names, not members, keys, strings or keywords', () => {
    expect(refs("Input1.text + ' ' + Query1.data.length")).toEqual(['Input1', 'Query1']);
    expect(refs("{ a: Foo, 'b': 1, c }")).toEqual(['Foo', 'c']);
    expect(refs('typeof x === "undefined" ? null : this.y')).toEqual(['x']);
    expect(refs('`a ${Bar.b} c`')).toEqual(['Bar']);
    expect(refs('cond ? a : b')).toEqual(['cond', 'a', 'b']);
  });

  it('leaves out names the code declares: variables, parameters, destructuring, methods', () => {
    expect(refs('Query1.data.map((row, i) => row.name + i + outer)')).toEqual(['Query1', 'outer']);
    expect(refs('items.filter(x => x > limit)')).toEqual(['items', 'limit']);
    expect(refs('const { a, b: c } = obj; let [d] = list; a + c + d')).toEqual(['obj', 'list']);
    expect(refs('function f(p = dflt) { return p } f(1)')).toEqual(['dflt']);
    expect(refs('try { go() } catch (e) { e.message }')).toEqual(['go']);
    expect(refs('export default { count: 0, async load(id) { return await Api.run({ id }) }, total() { return this.count } }')).toEqual(['Api']);
  });

  it('marks calls and member calls', () => {
    const [store, query] = scanIdentifiers("storeValue('a', 1); Query1.run({ q: 1 })").references;
    expect(store).toMatchObject({ name: 'storeValue', called: true });
    expect(query).toMatchObject({ name: 'Query1', called: false, calledMember: { name: 'run' } });
  });

  it('reports offsets of each reference', () => {
    const [ref] = scanIdentifiers('  Foo.bar').references;
    expect(ref).toMatchObject({ start: 2, end: 5 });
  });
});
