import type { Dependency } from './dependencies';

/**
 * The dependency graph of an app's evaluated properties. Nodes are `Entity.key` ids (widget
 * properties, widget meta keys, JS object functions); each lists what it reads. The graph gives
 * a topological order, the nodes caught in cycles (never evaluated, reported instead), and for
 * a set of changed values the nodes to re-run, in order.
 *
 * Built once per app spec in O(nodes + edges): nodes get numeric ids, edges are precomputed
 * adjacency lists, and the order is one Kahn pass. An update then costs O(affected · log
 * affected): it walks only the readers downstream of the change and sorts just those by rank,
 * never the whole graph, so a change to one chain of a 10,000-widget app costs what it costs
 * in a 100-widget app.
 */
export class DependencyGraph {
  /** Nodes that can be evaluated, in dependency order. */
  readonly order: readonly string[];
  /** Nodes in or behind a cycle, with a readable description of the cycle. */
  readonly cyclic: ReadonlyMap<string, string>;
  /** Node index -> its `Entity.key` id (the order of the map the graph was built from). */
  readonly ids: string[] = [];
  private readonly indexOf = new Map<string, number>();
  /** Node index -> position in `order`, or -1 when the node sits in or behind a cycle. */
  private readonly rank: Int32Array;
  /** `Entity.key` or `Entity.*` -> indices of the nodes that read it. */
  private readonly readers = new Map<string, number[]>();
  /**
   * Downstream adjacency in compressed form: the readers of node i are
   * `downTargets[downStart[i] .. downStart[i + 1])`. Two typed arrays instead of one list per node
   * keep a 30,000-node graph to a handful of allocations.
   */
  private readonly downStart: Int32Array;
  private readonly downTargets: Int32Array;
  /** `Entity.key` -> nodes reading it directly or through a whole-entity read; cached. */
  private readonly readerCache = new Map<string, readonly number[]>();
  /** Per-call visit marks: `visited[i] === epoch` means node i is already in the affected set. */
  private readonly visited: Uint32Array;
  private epoch = 0;

  constructor(nodes: ReadonlyMap<string, readonly Dependency[]>) {
    for (const id of nodes.keys()) {
      this.indexOf.set(id, this.ids.length);
      this.ids.push(id);
    }
    const n = this.ids.length;
    let byEntity: Map<string, number[]> | null = null;
    const nodesOf = (entity: string): readonly number[] => {
      if (!byEntity) {
        byEntity = new Map();
        for (let i = 0; i < n; i++) {
          const e = entityOf(this.ids[i] as string);
          let list = byEntity.get(e);
          if (!list) byEntity.set(e, (list = []));
          list.push(i);
        }
      }
      return byEntity.get(entity) ?? [];
    };

    // Upstream edges in compressed form, deduplicated with a per-node mark.
    const upStart = new Int32Array(n + 1);
    const upTargets: number[] = [];
    const mark = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      upStart[i] = upTargets.length;
      for (const dep of nodes.get(this.ids[i] as string) ?? []) {
        const readKey = dep.key === null ? `${dep.entity}.*` : `${dep.entity}.${dep.key}`;
        let list = this.readers.get(readKey);
        if (!list) this.readers.set(readKey, (list = []));
        if (list[list.length - 1] !== i) list.push(i);
        if (dep.key === null) {
          // A whole-entity read depends on the entity's other nodes; its own previous value is not an input.
          for (const other of nodesOf(dep.entity)) {
            if (other !== i && mark[other] !== i) { mark[other] = i; upTargets.push(other); }
          }
        } else {
          const up = this.indexOf.get(readKey);
          if (up !== undefined && mark[up] !== i) { mark[up] = i; upTargets.push(up); }
        }
      }
    }
    upStart[n] = upTargets.length;
    const ups = Int32Array.from(upTargets);

    // The same edges reversed (counting sort by source).
    const downStart = new Int32Array(n + 1);
    for (let e = 0; e < ups.length; e++) { const k = (ups[e] as number) + 1; downStart[k] = (downStart[k] as number) + 1; }
    for (let i = 0; i < n; i++) downStart[i + 1] = (downStart[i + 1] as number) + (downStart[i] as number);
    const downTargets = new Int32Array(ups.length);
    const fill = downStart.slice(0, n);
    for (let i = 0; i < n; i++) {
      for (let e = upStart[i] as number; e < (upStart[i + 1] as number); e++) {
        const u = ups[e] as number;
        const at = fill[u] as number;
        downTargets[at] = i;
        fill[u] = at + 1;
      }
    }
    this.downStart = downStart;
    this.downTargets = downTargets;

    // Kahn's algorithm with a moving head (no Array.shift); what is left sits in or behind a cycle.
    const waiting = new Int32Array(n);
    for (let i = 0; i < n; i++) waiting[i] = (upStart[i + 1] as number) - (upStart[i] as number);
    this.rank = new Int32Array(n).fill(-1);
    const queue = new Int32Array(n);
    let tail = 0;
    for (let i = 0; i < n; i++) if (waiting[i] === 0) queue[tail++] = i;
    for (let head = 0; head < tail; head++) {
      const i = queue[head] as number;
      this.rank[i] = head;
      for (let e = downStart[i] as number; e < (downStart[i + 1] as number); e++) {
        const d = downTargets[e] as number;
        const left = (waiting[d] as number) - 1;
        waiting[d] = left;
        if (left === 0) queue[tail++] = d;
      }
    }
    const order: string[] = new Array<string>(tail);
    for (let k = 0; k < tail; k++) order[k] = this.ids[queue[k] as number] as string;
    this.order = order;
    this.visited = new Uint32Array(n);
    this.cyclic = tail === n ? new Map() : describeCycles(upStart, ups, this.rank, this.ids);
  }

  /** The evaluable nodes that must re-run after the given `Entity.key` values changed, in order. */
  affected(changed: Iterable<string>): string[] {
    const found = this.affectedIndices(changed);
    const out = new Array<string>(found.length);
    for (let k = 0; k < found.length; k++) out[k] = this.ids[found[k] as number] as string;
    return out;
  }

  /** `affected` as node indices (positions in `ids`), in order. */
  affectedIndices(changed: Iterable<string>): number[] {
    const epoch = this.nextEpoch();
    const { visited, rank, downStart, downTargets } = this;
    const found: number[] = [];
    const stack: number[] = [];
    // Nodes in or behind a cycle are never evaluated, and nothing behind them is reached through them.
    const visit = (r: number) => {
      if (visited[r] === epoch || rank[r] === -1) return;
      visited[r] = epoch;
      found.push(r);
      stack.push(r);
    };
    for (const id of changed) for (const r of this.readersOf(id)) visit(r);
    while (stack.length > 0) {
      const i = stack.pop() as number;
      for (let e = downStart[i] as number; e < (downStart[i + 1] as number); e++) visit(downTargets[e] as number);
    }
    found.sort((a, b) => (rank[a] as number) - (rank[b] as number));
    return found;
  }

  /** The number of nodes, evaluable or not. */
  get size(): number {
    return this.ids.length;
  }

  /** Nodes reading `id` directly or through a whole-entity read; cached per id. */
  private readersOf(id: string): readonly number[] {
    let cached = this.readerCache.get(id);
    if (!cached) {
      const self = this.indexOf.get(id);
      const direct = this.readers.get(id);
      const whole = this.readers.get(`${entityOf(id)}.*`);
      // A node's own whole-entity read is not triggered by the node itself (see the edges above).
      cached = whole ? [...new Set([...(direct ?? []), ...whole.filter((r) => r !== self)])] : (direct ?? []);
      this.readerCache.set(id, cached);
    }
    return cached;
  }

  private nextEpoch(): number {
    if (this.epoch === 0xffffffff) {
      this.visited.fill(0);
      this.epoch = 0;
    }
    return ++this.epoch;
  }
}

function entityOf(id: string): string {
  const dot = id.indexOf('.');
  return dot === -1 ? id : id.slice(0, dot);
}

/**
 * Describes every node in or behind a cycle. From each unranked node, the walk follows its first
 * unranked upstream node until it repeats: the repeat closes the loop. Walks are memoised, so a
 * long chain behind one cycle costs O(chain), not O(chain²).
 */
function describeCycles(upStart: Int32Array, ups: Int32Array, rank: Int32Array, ids: readonly string[]): Map<string, string> {
  const firstUnrankedUpstream = (i: number): number | undefined => {
    for (let e = upStart[i] as number; e < (upStart[i + 1] as number); e++) if (rank[ups[e] as number] === -1) return ups[e];
    return undefined;
  };
  const loopOf = new Map<number, Loop | null>();
  const name = (k: number) => ids[k] as string;
  const out = new Map<string, string>();
  for (let start = 0; start < ids.length; start++) {
    if (rank[start] !== -1) continue;
    if (!loopOf.has(start)) {
      const path: number[] = [];
      const onPath = new Map<number, number>();
      let i: number | undefined = start;
      while (i !== undefined && !onPath.has(i) && !loopOf.has(i)) {
        onPath.set(i, path.length);
        path.push(i);
        i = firstUnrankedUpstream(i);
      }
      let loop: Loop | null = null;
      if (i !== undefined && onPath.has(i)) {
        const nodes = path.slice(onPath.get(i));
        loop = { nodes, members: new Map(nodes.map((k, pos) => [k, pos])) };
      } else if (i !== undefined) {
        loop = loopOf.get(i) ?? null;
      }
      for (const p of path) loopOf.set(p, loop);
    }
    const loop = loopOf.get(start) ?? null;
    if (loop === null) { out.set(name(start), 'depends on a cycle'); continue; }
    // The loop read as data flow (`A → B` means B reads A), starting and ending at the node itself when it is on it.
    const text = loopText(loop, loop.members.has(start) ? start : (loop.nodes[0] as number), name);
    out.set(name(start), loop.members.has(start) ? `cyclic dependency: ${text}` : `depends on a cyclic dependency: ${text}`);
  }
  return out;
}

/** A cycle in walk order (each node reads the next); `members` maps a node to its position. */
interface Loop { nodes: number[]; members: Map<number, number> }

/** Longest loop printed in full; longer ones are shortened so that each message stays small. */
const maxLoopNames = 8;

/** The loop read as data flow (`A → B` means B reads A), starting and ending at `at`. */
function loopText(loop: Loop, at: number, name: (k: number) => string): string {
  const len = loop.nodes.length;
  const from = loop.members.get(at) as number;
  // Walk order is "reads"; data flows the other way, so go backwards from `at`.
  const flow: number[] = [];
  for (let k = 0; k <= Math.min(len, maxLoopNames); k++) flow.push(loop.nodes[(((from - k) % len) + len) % len] as number);
  if (len <= maxLoopNames) return flow.map(name).join(' → ');
  return `${flow.slice(0, maxLoopNames - 1).map(name).join(' → ')} → … (${len - maxLoopNames + 1} more) → ${name(at)}`;
}
