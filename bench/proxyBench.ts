/**
 * `npm run bench:proxy [-- --json]`: a published query through Cordon's execute route beside the
 * same statement straight through a pg pool, both on this machine's PostgreSQL, in one run.
 * Servers run in child processes; the load generator (autocannon, 32 connections) runs here.
 * Prints a table (or one JSON object with --json) and writes bench-results/proxy.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { apiRoutes } from '../src/shared/api/routes';
import { type ChildServer, startChildServer } from './proxy/childServer';
import { type LoadSample, type LoadTarget, loadRun } from './proxy/loadRun';
import { cpuSecondsBetween, namedProcessesCpu, processCpuSeconds } from './proxy/processCpu';
import { prepareProxyBench } from './proxy/prepareProxyBench';

const json = process.argv.includes('--json');
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
/** Connections of the extra unloaded run per side (0: none). */
const unloadedConnections = Number(process.env.BENCH_UNLOADED_CONNECTIONS ?? 1);

/** The result; field names are the contract. */
interface Result {
  p50Ms: number;
  p99Ms: number;
  rps: number;
  baselineP50Ms: number;
  baselineP99Ms: number;
  baselineRps: number;
}

interface Summary {
  p50Ms: number;
  p99Ms: number;
  rps: number;
  /** CPU µs per response: the server process, PostgreSQL (all its processes), the load generator. */
  cpuUsPerRequest: CpuUse;
}

interface CpuUse {
  server: number;
  postgres: number;
  loadGenerator: number;
}

/** A load run and the CPU seconds each party used during it. */
interface Measured extends LoadSample {
  cpuSeconds: CpuUse;
}

const progress = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** Percentiles over every response of the measured runs together (the runs are equally long); rps = responses / seconds. */
function summarise(samples: Measured[]): Summary {
  const all = samples.flatMap((sample) => sample.latenciesMs).sort((a, b) => a - b);
  const ok = samples.reduce((sum, sample) => sum + sample.ok, 0);
  const time = samples.reduce((sum, sample) => sum + sample.seconds, 0);
  const perRequest = (part: keyof CpuUse) => round((samples.reduce((sum, sample) => sum + sample.cpuSeconds[part], 0) / ok) * 1e6, 0);
  return {
    p50Ms: round(percentile(all, 50)), p99Ms: round(percentile(all, 99)), rps: round(ok / time, 0),
    cpuUsPerRequest: { server: perRequest('server'), postgres: perRequest('postgres'), loadGenerator: perRequest('loadGenerator') },
  };
}

/** What is needed to know the CPU each party used during a run (NaN where /proc is missing). */
function cpuNow(server: ChildServer) {
  const own = process.cpuUsage();
  return { server: processCpuSeconds(server.pid) ?? Number.NaN, postgres: namedProcessesCpu('postgres'), loadGenerator: (own.user + own.system) / 1e6 };
}

async function measure(server: ChildServer, target: LoadTarget, runSeconds: number, runConnections = connections): Promise<Measured> {
  const before = cpuNow(server);
  const sample = await loadRun(target, { connections: runConnections, seconds: runSeconds });
  const after = cpuNow(server);
  const side = server.name;
  if (sample.failed > 0) throw new Error(`${side}: ${sample.failed} requests failed (non-2xx, errors or timeouts); the measurement is not valid: ${JSON.stringify(sample.failures)}`);
  if (sample.ok === 0) throw new Error(`${side}: no response at all`);
  return {
    ...sample,
    cpuSeconds: {
      server: after.server - before.server,
      postgres: before.postgres && after.postgres ? cpuSecondsBetween(before.postgres, after.postgres) : Number.NaN,
      loadGenerator: after.loadGenerator - before.loadGenerator,
    },
  };
}

function cpuColumns(cpu: CpuUse) {
  return { 'server CPU µs/req': cpu.server, 'PostgreSQL CPU µs/req': cpu.postgres, 'load generator CPU µs/req': cpu.loadGenerator };
}

async function main(): Promise<void> {
  const started = Date.now();
  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    progress(`Preparing: ${connections} connections, ${warmupSeconds} s warm-up and ${rounds} × ${seconds} s per side, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    const { cordonEnv, datasourceUrl, seeded } = await prepareProxyBench(cleanups);

    const servers: ChildServer[] = [];
    cleanups.unshift(() => Promise.all(servers.map((server) => server.stop())));
    const [cordon, baseline] = await Promise.all([
      startChildServer('cordon', 'cordonServer.ts', cordonEnv),
      startChildServer('baseline', 'baselineServer.ts', { BENCH_DATASOURCE_URL: datasourceUrl }),
    ]);
    servers.push(cordon, baseline);
    const sides = {
      cordon: { url: `http://127.0.0.1:${cordon.port}${apiRoutes.executeAction(seeded.actionId)}`, headers: { cookie: seeded.viewerCookie } },
      baseline: { url: `http://127.0.0.1:${baseline.port}/baseline/execute`, headers: {} },
    } satisfies Record<string, LoadTarget>;

    const serverOf = { cordon, baseline };
    progress('Warm-up (not counted)');
    await measure(cordon, sides.cordon, warmupSeconds);
    await measure(baseline, sides.baseline, warmupSeconds);

    // A B B A A B …: each side runs first as often as second, so drift and bursts of load from
    // other jobs hit both about equally.
    const samples: Record<'cordon' | 'baseline', Measured[]> = { cordon: [], baseline: [] };
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 === 0 ? (['cordon', 'baseline'] as const) : (['baseline', 'cordon'] as const);
      for (const side of order) {
        const sample = await measure(serverOf[side], sides[side], seconds);
        samples[side].push(sample);
        const one = summarise([sample]);
        const cpu = one.cpuUsPerRequest;
        progress(`  round ${i + 1} ${side.padEnd(8)} p50 ${one.p50Ms} ms  p99 ${one.p99Ms} ms  ${one.rps} req/s  CPU µs/req server ${cpu.server} postgres ${cpu.postgres} load ${cpu.loadGenerator}  (load avg ${loadavg()[0]?.toFixed(2)})`);
      }
    }

    // The runs above keep 32 requests in flight, so the server is saturated and p50 is mostly
    // queueing (p50 ≈ 32 / rps). One more run per side with a single connection (one request at a
    // time, nothing to wait behind) shows what the proxy adds to one query's time.
    const unloaded: Partial<Record<'cordon' | 'baseline', Summary>> = {};
    if (unloadedConnections > 0) {
      for (const side of ['cordon', 'baseline'] as const) {
        unloaded[side] = summarise([await measure(serverOf[side], sides[side], seconds, unloadedConnections)]);
        progress(`  ${unloadedConnections} connection${unloadedConnections === 1 ? '' : 's'} ${side.padEnd(8)} p50 ${unloaded[side].p50Ms} ms  p99 ${unloaded[side].p99Ms} ms  ${unloaded[side].rps} req/s`);
      }
    }

    const c = summarise(samples.cordon);
    const b = summarise(samples.baseline);
    const result: Result = { p50Ms: c.p50Ms, p99Ms: c.p99Ms, rps: c.rps, baselineP50Ms: b.p50Ms, baselineP99Ms: b.p99Ms, baselineRps: b.rps };
    const p50Overhead = round(result.p50Ms - result.baselineP50Ms);
    const rpsRatio = round(result.rps / result.baselineRps);

    mkdirSync('bench-results', { recursive: true });
    writeFileSync('bench-results/proxy.json', `${JSON.stringify({
      ...result, p50OverheadMs: p50Overhead, rpsRatio, connections, seconds, warmupSeconds, rounds,
      cpuUsPerRequest: { cordon: c.cpuUsPerRequest, baseline: b.cpuUsPerRequest },
      unloaded: unloaded.cordon && unloaded.baseline ? {
        connections: unloadedConnections, cordon: unloaded.cordon, baseline: unloaded.baseline, p50OverheadMs: round(unloaded.cordon.p50Ms - unloaded.baseline.p50Ms),
      } : undefined,
      perRound: { cordon: samples.cordon.map((s) => summarise([s])), baseline: samples.baseline.map((s) => summarise([s])) },
      node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, loadAverage: loadavg(), wallSeconds: Math.round((Date.now() - started) / 1000),
    }, null, 2)}\n`);

    if (json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      console.log('');
      console.table({
        cordon: { 'p50 ms': result.p50Ms, 'p99 ms': result.p99Ms, 'req/s': result.rps, ...cpuColumns(c.cpuUsPerRequest) },
        baseline: { 'p50 ms': result.baselineP50Ms, 'p99 ms': result.baselineP99Ms, 'req/s': result.baselineRps, ...cpuColumns(b.cpuUsPerRequest) },
      });
      if (unloaded.cordon && unloaded.baseline) {
        console.log(`Unloaded (${unloadedConnections} connection, no queueing): p50 ${unloaded.cordon.p50Ms} vs ${unloaded.baseline.p50Ms} ms (overhead ${round(unloaded.cordon.p50Ms - unloaded.baseline.p50Ms)} ms), p99 ${unloaded.cordon.p99Ms} vs ${unloaded.baseline.p99Ms} ms`);
      }
      console.log(`p50 overhead ${p50Overhead} ms (target ≤ 1): ${p50Overhead <= 1 ? 'met' : 'NOT met'}`);
      console.log(`rps ratio ${rpsRatio} (target ≥ 0.6): ${rpsRatio >= 0.6 ? 'met' : 'NOT met'}`);
      console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; details in bench-results/proxy.json`);
    }
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => progress(`cleanup failed: ${(error as Error).message}`));
  }
}

main().catch((error: unknown) => {
  console.error('bench:proxy failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
