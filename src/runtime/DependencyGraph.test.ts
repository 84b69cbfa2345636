import { describe, expect, it } from 'vitest';
import { DependencyGraph } from './DependencyGraph';
import { extractDependencies, type Dependency } from './dependencies';

const names = new Set(['Input1', 'Query1', 'Table1', 'JSObject1', 'cordon', 'A', 'B', 'C']);
const deps = (code: string) => extractDependencies(code, names).map((d) => `${d.entity}.${d.key ?? '*'}`).sort();

describe('extractDependencies', () => {
  it('finds entity.key reads, optional chaining and string subscripts', () => {
    expect(deps("'%' + Input1.text + '%'")).toEqual(['Input1.text']);
    expect(deps('Query1.data.map((r) => r.name)')).toEqual(['Query1.data']);
    expect(deps('Query1?.data ?? Table1["selectedRow"]')).toEqual(['Query1.data', 'Table1.selectedRow']);
    expect(deps('cordon.store.token')).toEqual(['cordon.store']);
  });

  it('falls back to the whole entity for bare or computed reads', () => {
    expect(deps('JSON.stringify(Input1)')).toEqual(['Input1.*']);
    expect(deps('Table1[key]')).toEqual(['Table1.*']);
    expect(deps('({ ...JSObject1 })')).toEqual(['JSObject1.*']);
  });

  it('ignores strings, comments and property names, but reads template substitutions', () => {
    expect(deps("'Input1.text' + \"Query1.data\" // Table1.x\n /* A.text */")).toEqual([]);
    expect(deps('foo.Input1.text + x.Query1')).toEqual([]);
    expect(deps('`${Input1.text} and ${`${B.text}`}` + "Query1"')).toEqual(['B.text', 'Input1.text']);
  });

  it('knows only the given names', () => {
    expect(deps('Unknown.text + document.cookie')).toEqual([]);
  });
});

function graph(spec: Record<string, string>): DependencyGraph {
  const nodes = new Map<string, Dependency[]>();
  for (const [id, code] of Object.entries(spec)) nodes.set(id, extractDependencies(code, names));
  return new DependencyGraph(nodes);
}

describe('DependencyGraph', () => {
  it('orders nodes so that every node comes after what it reads', () => {
    const g = graph({ 'C.text': 'B.text + A.text', 'B.text': 'A.text', 'A.text': '1' });
    expect(g.order).toEqual(['A.text', 'B.text', 'C.text']);
    expect(g.cyclic.size).toBe(0);
  });

  it('returns the transitive dependents of a change, in order, including from non-node sources', () => {
    const g = graph({ 'C.text': 'B.text', 'B.text': 'Query1.data', 'A.text': 'Input1.text', 'Table1.tableData': 'Query1' });
    expect(g.affected(['Query1.data'])).toEqual(['B.text', 'Table1.tableData', 'C.text'].sort((a, b) => g.order.indexOf(a) - g.order.indexOf(b)));
    expect(g.affected(['Query1.data'])).toContain('C.text');
    expect(g.affected(['Input1.text'])).toEqual(['A.text']);
    expect(g.affected(['Input1.other'])).toEqual([]);
  });

  it('a whole-entity read depends on all of the entity\'s other nodes', () => {
    const g = graph({ 'A.text': 'JSON.stringify(B)', 'B.text': 'C.text', 'B.label': '1', 'C.text': '2' });
    expect(g.order.indexOf('A.text')).toBeGreaterThan(g.order.indexOf('B.text'));
    expect(g.order.indexOf('A.text')).toBeGreaterThan(g.order.indexOf('B.label'));
    expect(g.affected(['C.text'])).toEqual(['B.text', 'A.text']);
  });

  it('reports cycles, self-references and what sits behind them, and never orders them', () => {
    const g = graph({ 'A.text': 'B.text', 'B.text': 'A.text', 'C.text': 'A.text', 'Input1.x': 'Input1.x', 'Table1.y': '1' });
    expect(g.order).toEqual(['Table1.y']);
    expect(g.cyclic.get('A.text')).toMatch(/^cyclic dependency: A\.text → B\.text → A\.text$|^cyclic dependency: B\.text → A\.text → B\.text$/);
    expect(g.cyclic.get('C.text')).toMatch(/^depends on a cyclic dependency/);
    expect(g.cyclic.get('Input1.x')).toBe('cyclic dependency: Input1.x → Input1.x');
    expect(g.affected(['A.text'])).toEqual([]);
  });
});
