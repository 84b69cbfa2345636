import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export interface ChildServer {
  name: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts `file` (a server script under bench/proxy) with tsx in a child process and waits for it
 * to report its port. `BENCH_CPU_PROF=<dir>` adds --cpu-prof, written when the child stops.
 * The child's stdout (Cordon's request log) goes to /dev/null: the parent, which runs the load
 * generator, never reads it.
 */
export function startChildServer(name: string, file: string, env: Record<string, string>): Promise<ChildServer> {
  const profileDir = process.env.BENCH_CPU_PROF;
  const args = [
    '--import', 'tsx',
    // One directory per server: tsx's loader thread writes a profile of its own next to the main thread's.
    ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(profileDir, name)] : []),
    path.join(import.meta.dirname, file),
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
      resolve({ name, port: message.port, stop: () => stopChild(child) });
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
