/**
 * `npm run bench:proxy:ab -- <revision> [<revision>]`: Cordon at one git revision against Cordon
 * at another (default: the working tree, also written `.`), on one store and one datasource, in alternating runs,
 * reporting the server's CPU µs per request beside req/s. For judging a change to the execute path:
 * on a shared 2-vCPU VM CPU per request of identical code moves ±10 % between bench runs, while
 * two servers measured in turns in the same minute are comparable to a few per cent.
 *
 * Each revision is checked out in a temporary git worktree and bundled from there like
 * `npm start`'s server (childServer.ts). Both servers use one store: the revisions must share
 * their migrations, and must bundle (from commit 6f40269 on: before it the server read package.json
 * relative to its module). BENCH_AB_ROUNDS (default 6) rounds of BENCH_AB_SECONDS (default 6) per side;
 * extra environment for both servers in BENCH_AB_ENV (JSON), e.g. '{"LOG_LEVEL":"warn"}', and for
 * one side in BENCH_AB_ENV_A / BENCH_AB_ENV_B (`-- . .` with BENCH_AB_ENV_B compares a setting).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiRoutes } from '../src/shared/api/routes';
import { type ChildServer, startChildServer } from './proxy/childServer';
import { loadRun } from './proxy/loadRun';
import { processCpuSeconds } from './proxy/processCpu';
import { prepareProxyBench } from './proxy/prepareProxyBench';

const revisions = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
if (revisions.length < 1 || revisions.length > 2) {
  console.error('usage: npm run bench:proxy:ab -- <revision> [<revision>]   (the second defaults to the working tree)');
  process.exit(2);
}
const rounds = Number(process.env.BENCH_AB_ROUNDS ?? 6);
const seconds = Number(process.env.BENCH_AB_SECONDS ?? 6);
const extraEnv = JSON.parse(process.env.BENCH_AB_ENV ?? '{}') as Record<string, string>;
const sideEnv = [process.env.BENCH_AB_ENV_A, process.env.BENCH_AB_ENV_B].map((json) => JSON.parse(json ?? '{}') as Record<string, string>);
const projectRoot = path.resolve(import.meta.dirname, '..');

interface Side {
  label: string;
  server: ChildServer;
  url: string;
  ok: number;
  cpuSeconds: number;
  perRound: number[];
}

async function main(): Promise<void> {
  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    // The server script of each side: from a worktree of the revision, or this tree.
    const entries: Array<{ label: string; entry: string }> = [];
    for (const [index, revision] of [...revisions, ...(revisions.length === 1 ? ['.'] : [])].entries()) {
      if (revision === '.') {
        entries.push({ label: `${'AB'[index]}: working tree`, entry: path.join(projectRoot, 'bench/proxy/cordonServer.ts') });
        continue;
      }
      const worktree = await mkdtemp(path.join(tmpdir(), 'cordon-ab-'));
      execFileSync('git', ['worktree', 'add', '--detach', '--force', worktree, revision], { cwd: projectRoot, stdio: 'ignore' });
      cleanups.push(async () => execFileSync('git', ['worktree', 'remove', '--force', worktree], { cwd: projectRoot, stdio: 'ignore' }));
      entries.push({ label: `${'AB'[index]}: ${revision}`, entry: path.join(worktree, 'bench/proxy/cordonServer.ts') });
    }

    const { cordonEnv: env, seeded } = await prepareProxyBench(cleanups, extraEnv);

    const sides: Side[] = [];
    cleanups.unshift(() => Promise.all(sides.map((side) => side.server.stop())));
    for (const [index, { label, entry }] of entries.entries()) {
      const server = await startChildServer(`ab-${index}`, entry, { ...env, ...sideEnv[index] });
      sides.push({ label, server, url: `http://127.0.0.1:${server.port}${apiRoutes.executeAction(seeded.actionId)}`, ok: 0, cpuSeconds: 0, perRound: [] });
    }
    const run = async (side: Side, runSeconds: number) => {
      const before = processCpuSeconds(side.server.pid) ?? Number.NaN;
      const sample = await loadRun({ url: side.url, headers: { cookie: seeded.viewerCookie } }, { connections: 32, seconds: runSeconds });
      if (sample.failed > 0) throw new Error(`${side.label}: ${sample.failed} requests failed`);
      return { sample, cpu: (processCpuSeconds(side.server.pid) ?? Number.NaN) - before };
    };
    for (const side of sides) await run(side, 4);
    for (let i = 0; i < rounds; i++) {
      for (const side of i % 2 === 0 ? sides : [...sides].reverse()) {
        const { sample, cpu } = await run(side, seconds);
        side.ok += sample.ok;
        side.cpuSeconds += cpu;
        side.perRound.push(Math.round((cpu / sample.ok) * 1e6));
        console.log(`  round ${i + 1} ${side.label.padEnd(14)} ${Math.round(sample.ok / sample.seconds)} req/s  server CPU ${side.perRound.at(-1)} µs/req`);
      }
    }
    console.table(Object.fromEntries(sides.map((side) => [side.label, {
      'req/s': Math.round(side.ok / (rounds * seconds)),
      'server CPU µs/req': Math.round((side.cpuSeconds / side.ok) * 1e6),
      'per round (min–max)': `${Math.min(...side.perRound)}–${Math.max(...side.perRound)}`,
    }])));
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => console.error(`cleanup failed: ${(error as Error).message}`));
  }
}

main().catch((error: unknown) => {
  console.error('bench:proxy:ab failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
