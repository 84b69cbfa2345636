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
  /** Node index -> its `Entity.key` id. */
  private readonly ids: string[] = [];
  private readonly indexOf = new Map<string, number>();
  /** Node index -> position in `order`, or -1 when the node sits in or behind a cycle. */
  private readonly rank: Int32Array;
  /** `Entity.key` or `Entity.*` -> indices of the nodes that read it. */
  private readonly readers = new Map<string, number[]>();
  /** Node index -> evaluable nodes that re-run when it changes (its readers, ranked only). */
  private readonly downstream: Int32Array[];
  /** `Entity.key` -> evaluable nodes reading it directly or through a whole-entity read; cached. */
  private readonly readerCache = new Map<string, Int32Array>();
  /** Per-call visit marks: `visited[i] === epoch` means node i is already in the affected set. */
  private readonly visited: Uint32Array;
  private epoch = 0;

  constructor(nodes: ReadonlyMap<string, readonly Dependency[]>) {
    for (const id of nodes.keys()) {
      this.indexOf.set(id, this.ids.length);
      this.ids.push(id);
    }
    const n = this.ids.length;
    const byEntity = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const entity = entityOf(this.ids[i] as string);
      let list = byEntity.get(entity);
      if (!list) byEntity.set(entity, (list = []));
      list.push(i);
    }

    // Edges upstream -> downstream, deduplicated with a per-node mark.
    const upstream: number[][] = [];
    const mark = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      const ups: number[] = [];
      const add = (u: number) => { if (mark[u] !== i) { mark[u] = i; ups.push(u); } };
      for (const dep of nodes.get(this.ids[i] as string) ?? []) {
        const readKey = dep.key === null ? `${dep.entity}.*` : `${dep.entity}.${dep.key}`;
        let list = this.readers.get(readKey);
        if (!list) this.readers.set(readKey, (list = []));
        if (list[list.length - 1] !== i) list.push(i);
        if (dep.key === null) {
          // A whole-entity read depends on the entity's other nodes; its own previous value is not an input.
          for (const other of byEntity.get(dep.entity) ?? []) if (other !== i) add(other);
        } else {
          const up = this.indexOf.get(readKey);
          if (up !== undefined) add(up);
        }
      }
      upstream.push(ups);
    }

    // Kahn's algorithm with a moving head (no Array.shift); what is left sits in or behind a cycle.
    const downAll: number[][] = Array.from({ length: n }, () => []);
    const waiting = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const ups = upstream[i] as number[];
      waiting[i] = ups.length;
      for (const u of ups) (downAll[u] as number[]).push(i);
    }
    this.rank = new Int32Array(n).fill(-1);
    const queue = new Int32Array(n);
    let tail = 0;
    for (let i = 0; i < n; i++) if (waiting[i] === 0) queue[tail++] = i;
    for (let head = 0; head < tail; head++) {
      const i = queue[head] as number;
      this.rank[i] = head;
      for (const d of downAll[i] as number[]) if (--(waiting[d] as number) === 0) queue[tail++] = d;
    }
    const order: string[] = new Array<string>(tail);
    for (let k = 0; k < tail; k++) order[k] = this.ids[queue[k] as number] as string;
    this.order = order;

    // What re-runs when a node changes: exactly its ranked readers (the edges above, reversed).
    this.downstream = downAll.map((list) => Int32Array.from(list.filter((d) => (this.rank[d] as number) >= 0)));
    this.visited = new Uint32Array(n);

    this.cyclic = describeCycles(upstream, this.rank, this.ids);
  }

  /** The evaluable nodes that must re-run after the given `Entity.key` values changed, in order. */
  affected(changed: Iterable<string>): string[] {
    const epoch = this.nextEpoch();
    const found: number[] = [];
    const stack: number[] = [];
    const visit = (list: Int32Array) => {
      for (let k = 0; k < list.length; k++) {
        const r = list[k] as number;
        if (this.visited[r] === epoch) continue;
        this.visited[r] = epoch;
        found.push(r);
        stack.push(r);
      }
    };
    for (const id of changed) visit(this.readersOf(id));
    while (stack.length > 0) visit(this.downstream[stack.pop() as number] as Int32Array);
    const rank = this.rank;
    found.sort((a, b) => (rank[a] as number) - (rank[b] as number));
    return found.map((i) => this.ids[i] as string);
  }

  /** The number of nodes, evaluable or not. */
  get size(): number {
    return this.ids.length;
  }

  /** Evaluable nodes reading `id` directly or through a whole-entity read; cached per id. */
  private readersOf(id: string): Int32Array {
    let cached = this.readerCache.get(id);
    if (!cached) {
      const self = this.indexOf.get(id);
      const direct = this.readers.get(id) ?? [];
      // A node's own whole-entity read is not triggered by the node itself (see the edges above).
      const whole = (this.readers.get(`${entityOf(id)}.*`) ?? []).filter((r) => r !== self);
      cached = Int32Array.from(new Set([...direct, ...whole]).values()).filter((r) => (this.rank[r] as number) >= 0);
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
function describeCycles(upstream: readonly (readonly number[])[], rank: Int32Array, ids: readonly string[]): Map<string, string> {
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
        i = (upstream[i] as number[]).find((u) => rank[u] === -1);
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
