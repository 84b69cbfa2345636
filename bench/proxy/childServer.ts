import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { buildServerBundle } from '../../scripts/buildServer';

export interface ChildServer {
  name: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Bundles `file` (a server script under bench/proxy, or an absolute path) with esbuild into dist-server/bench/<name>.js,
 * as `npm run build:server` bundles the server that `npm start` runs (scripts/buildServer.ts),
 * then starts the bundle with node in a child process and waits for it to report its port. Every
 * side of the bench is compiled the same way, so none pays for a load-time transpiler the other
 * does not. `BENCH_CPU_PROF=<dir>` adds --cpu-prof, written to <dir>/<name>/ when the child stops.
 * The child's stdout (Cordon's request log) goes to /dev/null: the parent, which runs the load
 * generator, never reads it.
 */
export async function startChildServer(name: string, file: string, env: Record<string, string>): Promise<ChildServer> {
  const bundle = path.resolve(import.meta.dirname, '../../dist-server/bench', `${name}.js`);
  await buildServerBundle({ entry: path.resolve(import.meta.dirname, file), outFile: bundle });
  const profileDir = process.env.BENCH_CPU_PROF;
  const args = [
    // As `npm start` runs the server (source maps cost only when a stack trace is formatted).
    '--enable-source-maps',
    ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(profileDir, name)] : []),
    bundle,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${name} server exited with code ${code} before it listened`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.once('message', (message: { port?: number }) => {
      child.off('exit', onExit);
      if (!message.port) {
        reject(new Error(`${name} server reported no port`));
        return;
      }
      resolve({ name, port: message.port, pid: child.pid as number, stop: () => stopChild(child) });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
