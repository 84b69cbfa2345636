import type { Dependency } from './dependencies';

/**
 * The dependency graph of an app's evaluated properties. Nodes are `Entity.key` ids (widget
 * properties, widget meta keys, JS object functions); each lists what it reads. The graph gives
 * a topological order, the nodes caught in cycles (never evaluated, reported instead), and for
 * a set of changed values the nodes to re-run, in order.
 */
export class DependencyGraph {
  /** Nodes that can be evaluated, in dependency order. */
  readonly order: readonly string[];
  /** Nodes in or behind a cycle, with a readable description of the cycle. */
  readonly cyclic: ReadonlyMap<string, string>;
  private readonly rank = new Map<string, number>();
  /** `Entity.key` or `Entity.*` -> nodes that read it. */
  private readonly readers = new Map<string, Set<string>>();
  private readonly readerCache = new Map<string, readonly string[]>();

  constructor(nodes: ReadonlyMap<string, readonly Dependency[]>) {
    const byEntity = new Map<string, string[]>();
    for (const id of nodes.keys()) {
      const entity = entityOf(id);
      byEntity.set(entity, [...(byEntity.get(entity) ?? []), id]);
    }
    // Edges: upstream node -> downstream node.
    const upstream = new Map<string, Set<string>>();
    for (const [id, deps] of nodes) {
      const ups = new Set<string>();
      for (const dep of deps) {
        const readKey = dep.key === null ? `${dep.entity}.*` : `${dep.entity}.${dep.key}`;
        let readers = this.readers.get(readKey);
        if (!readers) this.readers.set(readKey, (readers = new Set()));
        readers.add(id);
        if (dep.key === null) {
          // A whole-entity read depends on the entity's other nodes; its own previous value is not an input.
          for (const other of byEntity.get(dep.entity) ?? []) if (other !== id) ups.add(other);
        } else if (nodes.has(readKey)) {
          ups.add(readKey);
        }
      }
      upstream.set(id, ups);
    }
    // Kahn's algorithm; whatever is left sits in a cycle or downstream of one.
    const downstream = new Map<string, string[]>();
    const waiting = new Map<string, number>();
    for (const [id, ups] of upstream) {
      waiting.set(id, ups.size);
      for (const up of ups) downstream.set(up, [...(downstream.get(up) ?? []), id]);
    }
    const order: string[] = [];
    const ready = [...nodes.keys()].filter((id) => waiting.get(id) === 0);
    while (ready.length > 0) {
      const id = ready.shift() as string;
      this.rank.set(id, order.length);
      order.push(id);
      for (const down of downstream.get(id) ?? []) {
        const left = (waiting.get(down) ?? 0) - 1;
        waiting.set(down, left);
        if (left === 0) ready.push(down);
      }
    }
    this.order = order;
    const cyclic = new Map<string, string>();
    for (const id of nodes.keys()) {
      if (!this.rank.has(id)) cyclic.set(id, describeCycle(id, upstream, this.rank));
    }
    this.cyclic = cyclic;
  }

  /** The evaluable nodes that must re-run after the given `Entity.key` values changed, in order. */
  affected(changed: Iterable<string>): string[] {
    const out = new Set<string>();
    const queue = [...changed];
    while (queue.length > 0) {
      const id = queue.pop() as string;
      for (const reader of this.readersOf(id)) {
        if (out.has(reader)) continue;
        out.add(reader);
        queue.push(reader);
      }
    }
    const rank = this.rank;
    return [...out].sort((a, b) => (rank.get(a) as number) - (rank.get(b) as number));
  }

  /** Evaluable nodes reading `id` directly or through a whole-entity read; cached per id. */
  private readersOf(id: string): readonly string[] {
    let cached = this.readerCache.get(id);
    if (!cached) {
      cached = [...(this.readers.get(id) ?? []), ...(this.readers.get(`${entityOf(id)}.*`) ?? [])].filter((r) => this.rank.has(r));
      this.readerCache.set(id, cached);
    }
    return cached;
  }
}

function entityOf(id: string): string {
  const dot = id.indexOf('.');
  return dot === -1 ? id : id.slice(0, dot);
}

/** Walks upstream through unranked nodes until one repeats, and prints the loop. */
function describeCycle(start: string, upstream: ReadonlyMap<string, ReadonlySet<string>>, ranked: ReadonlyMap<string, number>): string {
  const path: string[] = [];
  let id: string | undefined = start;
  while (id !== undefined && !path.includes(id)) {
    path.push(id);
    id = [...(upstream.get(id) ?? [])].find((up) => !ranked.has(up));
  }
  if (id === undefined) return `depends on a cycle (${path.join(' ← ')})`;
  const loop = path.slice(path.indexOf(id));
  const text = [...loop, id].reverse().join(' → ');
  return loop.includes(start) ? `cyclic dependency: ${text}` : `depends on a cyclic dependency: ${text}`;
}
