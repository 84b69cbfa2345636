/**
 * `npm run bench:runtime [-- --json]`: Cordon's engine (real SES, lockdown in this process)
 * beside a sandbox-free baseline, on synthetic apps of 100, 1,000 and 10,000 widgets.
 * Prints a table (or one JSON object with --json) and writes bench-results/runtime.json.
 * A ratio measured in one run holds on a noisy machine; the absolute times do not.
 */
// First: the baseline needs the native Function constructor, captured before lockdown tames it.
import './nativeFunction';
import '../src/runtime/host/sesLockdown';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createEngine } from '../src/runtime/Engine';
import type { RuntimeAppSpec, WorkerToMain } from '../src/runtime/protocol';
import type { RuntimeHost } from '../src/runtime/RuntimeHost';
import { BaselineEvaluator } from './baselineEvaluator';
import { chainInputs, syntheticApp } from './syntheticApp';

const sizes = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const updates = Number(process.env.BENCH_UPDATES ?? 101);
const builds = Number(process.env.BENCH_BUILDS ?? 5);
const json = process.argv.includes('--json');

/** One row of the result; field names are the contract. */
interface Row {
  widgets: number;
  bindings: number;
  firstEvalMs: number;
  updateMedianMs: number;
  baselineFirstEvalMs: number;
  baselineUpdateMedianMs: number;
  postedBytesPerUpdate: number;
  /** Bytes of the `snapshot` message the engine also posts after an input changed (restart state for the watchdog). */
  snapshotBytesPerUpdate: number;
  firstEvalRatio: number;
  updateRatio: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

const bytes = (json: string) => Buffer.byteLength(json);

// A full garbage collection before every timed build, on both sides: built in turns in one process,
// each side's leftover garbage would otherwise be collected during the other side's build.
setFlagsFromString('--expose_gc');
const collectGarbage = runInNewContext('gc') as () => void;
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/**
 * A host that records messages; nothing platform-related is used by these apps. Like the
 * baseline's post (and the worker's postMessage, which copies), it serialises every message
 * before handing it on, so the serialisation is inside the timed span on both sides.
 */
function recordingHost(onMessage: (m: WorkerToMain, json: string) => void): RuntimeHost {
  return {
    send: (message) => onMessage(message, JSON.stringify(message)),
    fetch: () => Promise.reject(new Error('no network in the benchmark')),
    setInterval: () => 0,
    clearInterval: () => undefined,
    baseUrl: 'http://127.0.0.1/',
  };
}

const globals = { store: {}, user: null, url: { path: '/', query: {} }, mode: 'view' as const };

/** One fresh Cordon engine: init until its first `values` message, in ms. */
async function cordonFirstEval(app: RuntimeAppSpec): Promise<number> {
  let valuesAt = 0;
  const engine = createEngine(recordingHost((m) => { if (m.type === 'values' && valuesAt === 0) valuesAt = performance.now(); }));
  collectGarbage();
  const t0 = performance.now();
  engine.receive({ type: 'init', app, globals, skipRunOnLoad: true });
  engine.dispose();
  await nextTick();
  return valuesAt - t0;
}

/** One fresh baseline: build and evaluate everything until the first values are posted, in ms. */
async function baselineFirstEval(app: RuntimeAppSpec): Promise<number> {
  let at = 0;
  collectGarbage();
  const t0 = performance.now();
  new BaselineEvaluator(app, () => { at = performance.now(); });
  await nextTick();
  return at - t0;
}

/** Builds so far: each build gets an app variant of its own (see `syntheticApp`). */
let variants = 0;

interface Measured { firstEvalMs: number; updateMedianMs: number; baselineFirstEvalMs: number; baselineUpdateMedianMs: number; postedBytesPerUpdate: number; snapshotBytesPerUpdate: number }

/**
 * Cordon and the baseline measured in turns (build, build, update, update, ...), so that a burst
 * of load on a shared machine hits both sides alike.
 */
async function measure(app: RuntimeAppSpec, size: number): Promise<Measured> {
  const firsts: number[] = [];
  const baselineFirsts: number[] = [];
  for (let b = 0; b < builds; b++) {
    // A variant of the app no build has compiled yet (both sides build the same one): a first
    // evaluation in a fresh worker finds nothing in V8's compilation cache either.
    const fresh = syntheticApp(size, ++variants);
    baselineFirsts.push(await baselineFirstEval(fresh));
    firsts.push(await cordonFirstEval(fresh));
  }

  // Updates: one input changes; Cordon is timed until the engine posted the `values` message for it.
  let resolveValues: ((at: number) => void) | null = null;
  const posted: Array<{ type: WorkerToMain['type']; json: string }> = [];
  const engine = createEngine(recordingHost((m, json) => {
    if (m.type === 'values' || m.type === 'snapshot') posted.push({ type: m.type, json });
    if (m.type === 'values' && resolveValues) { const r = resolveValues; resolveValues = null; r(performance.now()); }
  }));
  engine.receive({ type: 'init', app, globals, skipRunOnLoad: true });
  let baselineAt = 0;
  const baseline = new BaselineEvaluator(app, () => { baselineAt = performance.now(); });
  const inputs = chainInputs(app);
  const times: number[] = [];
  const baselineTimes: number[] = [];
  const valueBytes: number[] = [];
  const snapshotBytes: number[] = [];
  for (let u = 0; u < updates; u++) {
    const widget = inputs[(u * 7919) % inputs.length] as string;
    const b0 = performance.now();
    baseline.setMeta(widget, 'text', `typed ${u}`);
    baselineTimes.push(baselineAt - b0);

    posted.length = 0;
    const done = new Promise<number>((resolve) => { resolveValues = resolve; });
    const t0 = performance.now();
    engine.receive({ type: 'setMeta', widget, patch: { text: `typed ${u}` } });
    times.push((await done) - t0);
    await nextTick();
    valueBytes.push(posted.filter((m) => m.type === 'values').reduce((n, m) => n + bytes(m.json), 0));
    snapshotBytes.push(posted.filter((m) => m.type === 'snapshot').reduce((n, m) => n + bytes(m.json), 0));
  }
  engine.dispose();
  return {
    firstEvalMs: median(firsts),
    updateMedianMs: median(times),
    baselineFirstEvalMs: median(baselineFirsts),
    baselineUpdateMedianMs: median(baselineTimes),
    postedBytesPerUpdate: median(valueBytes),
    snapshotBytesPerUpdate: median(snapshotBytes),
  };
}

async function main(): Promise<void> {
  // Warm both code paths up once, so the first size does not pay for the JIT alone.
  await measure(syntheticApp(100), 100);

  const rows: Row[] = [];
  for (const size of sizes) {
    const app = syntheticApp(size);
    const bindings = app.widgets.reduce((n, w) => n + Object.values(w.props).filter((v) => typeof v === 'string' && v.includes('{{')).length, 0);
    const m = await measure(app, size);
    rows.push({
      widgets: app.widgets.length,
      bindings,
      firstEvalMs: round(m.firstEvalMs),
      updateMedianMs: round(m.updateMedianMs),
      baselineFirstEvalMs: round(m.baselineFirstEvalMs),
      baselineUpdateMedianMs: round(m.baselineUpdateMedianMs),
      postedBytesPerUpdate: m.postedBytesPerUpdate,
      snapshotBytesPerUpdate: m.snapshotBytesPerUpdate,
      firstEvalRatio: round(m.firstEvalMs / m.baselineFirstEvalMs, 2),
      updateRatio: round(m.updateMedianMs / m.baselineUpdateMedianMs, 2),
    });
  }

  const r1k = rows.find((r) => r.widgets === 1000);
  const r10k = rows.find((r) => r.widgets === 10000);
  const targets = {
    'updateMedianMs@1000 <= 2': r1k ? r1k.updateMedianMs <= 2 : null,
    'firstEvalMs@1000 <= 50': r1k ? r1k.firstEvalMs <= 50 : null,
    'firstEval sandboxed/baseline <= 1.5 (every size)': rows.every((r) => r.firstEvalRatio <= 1.5),
    'update sandboxed/baseline <= 1.5 (every size)': rows.every((r) => r.updateRatio <= 1.5),
    'updateMedianMs@10000 <= 1.5 x @1000': r1k && r10k ? r10k.updateMedianMs <= 1.5 * r1k.updateMedianMs : null,
  };
  const result = {
    bench: 'runtime',
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    updatesPerSize: updates,
    buildsPerSize: builds,
    sizes: rows,
    targets,
  };
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/runtime.json', `${JSON.stringify(result, null, 2)}\n`);

  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const header = ['widgets', 'bindings', 'firstEvalMs', 'baselineFirstEvalMs', 'ratio', 'updateMedianMs', 'baselineUpdateMedianMs', 'ratio', 'postedBytes', 'snapshotBytes'];
  const lines = rows.map((r) => [r.widgets, r.bindings, r.firstEvalMs, r.baselineFirstEvalMs, r.firstEvalRatio, r.updateMedianMs, r.baselineUpdateMedianMs, r.updateRatio, r.postedBytesPerUpdate, r.snapshotBytesPerUpdate].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i] as number)).join(' | ')} |`;
  console.log(`runtime bench: ${result.cpu} × ${result.cpus}, Node ${result.node}, ${updates} updates and ${builds} builds per size (medians)`);
  console.log(fmt(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(fmt(l));
  for (const [name, met] of Object.entries(targets)) console.log(`${met === null ? 'n/a    ' : met ? 'met    ' : 'NOT met'}  ${name}`);
  console.log('written: bench-results/runtime.json');
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
