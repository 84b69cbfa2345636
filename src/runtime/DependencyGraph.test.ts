import './host/sesLockdown';
import { describe, expect, it } from 'vitest';
import { DependencyGraph } from './DependencyGraph';
import { extractDependencies, type Dependency } from './dependencies';
import type { RuntimeWidgetSpec } from './protocol';
import { EngineHarness, input, widget } from './testing/engineHarness';

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
    expect(g.cyclic.get('A.text')).toBe('cyclic dependency: A.text → B.text → A.text');
    expect(g.cyclic.get('B.text')).toBe('cyclic dependency: B.text → A.text → B.text');
    expect(g.cyclic.get('C.text')).toMatch(/^depends on a cyclic dependency/);
    expect(g.cyclic.get('Input1.x')).toBe('cyclic dependency: Input1.x → Input1.x');
    expect(g.affected(['A.text'])).toEqual([]);
  });
});

/**
 * A tiny evaluator over the graph, counting evaluations: each node's value is its inputs' values
 * joined, so a node evaluated before its inputs shows a stale value.
 */
function chainApp(chains: number, length: number) {
  const nodes = new Map<string, Dependency[]>();
  const all = new Set<string>();
  for (let c = 0; c < chains; c++) {
    for (let k = 0; k < length; k++) all.add(`W${c}_${k}`);
  }
  for (let c = 0; c < chains; c++) {
    // Input → Text → Text ...: node k reads node k-1 of its chain; the input reads nothing.
    for (let k = 0; k < length; k++) {
      nodes.set(`W${c}_${k}.text`, k === 0 ? [{ entity: 'Input', key: `v${c}` }] : extractDependencies(`W${c}_${k - 1}.text + "."`, all));
    }
  }
  const g = new DependencyGraph(nodes);
  const inputs = new Map<string, string>();
  const values = new Map<string, string>();
  let evaluations = 0;
  const evaluate = (id: string) => {
    evaluations++;
    const [entity, rest] = id.split('.') as [string, string];
    const k = Number(entity.split('_')[1]);
    const c = entity.slice(1).split('_')[0] as string;
    values.set(id, k === 0 ? inputs.get(`v${c}`) ?? '' : `${values.get(`W${c}_${k - 1}.${rest}`)}.`);
  };
  for (const id of g.order) evaluate(id);
  return {
    g, values,
    get evaluations() { return evaluations; },
    change(chain: number, value: string) {
      inputs.set(`v${chain}`, value);
      evaluations = 0;
      for (const id of g.affected([`Input.v${chain}`])) evaluate(id);
    },
  };
}

describe('DependencyGraph at scale', () => {
  it('a change to one chain re-evaluates only that chain, in order, at 10,000 nodes', () => {
    const app = chainApp(1_000, 10);
    expect(app.g.order).toHaveLength(10_000);
    expect(app.evaluations).toBe(10_000);
    app.change(417, 'x');
    expect(app.evaluations).toBe(10);
    // In order: each node saw its upstream's new value.
    expect(app.values.get('W417_9.text')).toBe('x.........');
    expect(app.values.get('W416_9.text')).toBe('.........');
    app.change(3, 'y');
    expect(app.evaluations).toBe(10);
    expect(app.values.get('W3_9.text')).toBe('y.........');
    expect(app.values.get('W417_9.text')).toBe('x.........');
  });

  it('evaluates a diamond once per change, after both of its inputs', () => {
    const g = graph({ 'A.text': 'Input1.text', 'B.text': 'A.text + 1', 'C.text': 'A.text + 2', 'Table1.d': 'B.text + C.text' });
    const affected = g.affected(['Input1.text']);
    expect(affected).toHaveLength(4);
    expect(new Set(affected).size).toBe(4);
    expect(affected[0]).toBe('A.text');
    expect(affected[3]).toBe('Table1.d');
  });

  it('the same change twice gives the same answer (visit marks are reset between calls)', () => {
    const g = graph({ 'A.text': 'Input1.text', 'B.text': 'A.text' });
    expect(g.affected(['Input1.text'])).toEqual(['A.text', 'B.text']);
    expect(g.affected(['Input1.text'])).toEqual(['A.text', 'B.text']);
    expect(g.affected(['Input1.text', 'A.text'])).toEqual(['A.text', 'B.text']);
  });

  it('prints a three-node loop in data-flow order from each member', () => {
    const g = graph({ 'A.text': 'C.text', 'C.text': 'B.text', 'B.text': 'A.text' });
    expect(g.cyclic.get('A.text')).toBe('cyclic dependency: A.text → B.text → C.text → A.text');
    expect(g.cyclic.get('C.text')).toBe('cyclic dependency: C.text → A.text → B.text → C.text');
  });

  it('reports a long cycle and a long chain behind it without looping', () => {
    const nodes = new Map<string, Dependency[]>();
    const n = 5_000;
    // N0 → N1 → ... → N(n-1) → N0 is one cycle; T0 → T1 → ... hang behind it.
    for (let i = 0; i < n; i++) nodes.set(`N${i}.v`, [{ entity: `N${(i + n - 1) % n}`, key: 'v' }]);
    for (let i = 0; i < n; i++) nodes.set(`T${i}.v`, [{ entity: i === 0 ? 'N0' : `T${i - 1}`, key: 'v' }]);
    nodes.set('Free.v', []);
    const g = new DependencyGraph(nodes);
    expect(g.order).toEqual(['Free.v']);
    expect(g.cyclic.size).toBe(2 * n);
    expect(g.cyclic.get('N7.v')).toBe('cyclic dependency: N7.v → N8.v → N9.v → N10.v → N11.v → N12.v → N13.v → … (4993 more) → N7.v');
    expect(g.cyclic.get(`T${n - 1}.v`)).toMatch(/^depends on a cyclic dependency: /);
    expect(g.affected(['N0.v'])).toEqual([]);
  });

  it('a whole-entity read of its own entity does not re-trigger itself, but follows its siblings', () => {
    const g = graph({ 'A.text': '1', 'A.label': 'JSON.stringify(A)', 'B.text': 'A.label' });
    expect(g.cyclic.size).toBe(0);
    expect(g.affected(['A.text'])).toEqual(['A.label', 'B.text']);
    expect(g.affected(['A.label'])).toEqual(['B.text']);
  });
});

describe('the graph in the engine', () => {
  it('typing into one Input of 300 chains posts only that chain\'s values, each computed from the new input', async () => {
    const widgets: RuntimeWidgetSpec[] = [];
    for (let c = 0; c < 300; c++) {
      widgets.push(input(`In${c}`, { defaultText: `v${c}` }));
      for (let k = 1; k < 5; k++) {
        const prev = k === 1 ? `In${c}` : `T${c}_${k - 1}`;
        widgets.push(widget(`T${c}_${k}`, 'text', { text: `{{ ${prev}.text + '.' }}`, tooltip: `step ${k}: {{ ${prev}.text.length }}` }));
      }
    }
    const h = new EngineHarness({ widgets, queries: [], jsObjects: [] }, {
      platform: { fetch: () => Promise.reject(new Error('no network')), setInterval: () => 0, clearInterval: () => undefined },
    });
    await h.settle();
    expect(h.value('T299_4', 'text')).toBe('v299....');
    const before = h.messages.length;
    h.send({ type: 'setMeta', widget: 'In123', patch: { text: 'typed' } });
    await h.settle();
    const posted = h.messages.slice(before).flatMap((m) => (m.type === 'values' ? m.changes : []));
    // The input and 4 Texts × 2 properties, all of chain 123, and nothing else.
    expect(posted.map((c) => `${c.entity}.${c.key}`).sort()).toEqual([
      'In123.text', 'T123_1.text', 'T123_1.tooltip', 'T123_2.text', 'T123_2.tooltip', 'T123_3.text', 'T123_3.tooltip', 'T123_4.text', 'T123_4.tooltip',
    ]);
    expect(h.value('T123_4', 'text')).toBe('typed....');
    expect(h.value('T123_4', 'tooltip')).toBe('step 4: 8');
    expect(h.value('T122_4', 'text')).toBe('v122....');
  });

  it('reports a cycle between widgets as an error on each member and keeps evaluating the rest', async () => {
    const h = new EngineHarness({
      widgets: [widget('A', 'text', { text: '{{ B.text + 1 }}' }), widget('B', 'text', { text: '{{ A.text + 1 }}' }), widget('C', 'text', { text: '{{ 40 + 2 }}' })],
      queries: [], jsObjects: [],
    }, { platform: { fetch: () => Promise.reject(new Error('no network')), setInterval: () => 0, clearInterval: () => undefined } });
    await h.settle();
    expect(h.value('C', 'text')).toBe(42);
    expect(h.errorOf('A', 'text')).toBe('cyclic dependency: A.text → B.text → A.text');
    expect(h.errorOf('B', 'text')).toBe('cyclic dependency: B.text → A.text → B.text');
  });
});
