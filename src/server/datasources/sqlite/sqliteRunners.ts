import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { CollectedRows } from '../collectRows';
import { cancelledError } from '../datasourceErrors';
import { sqliteChildSource } from './sqliteChildSource';
import { type SqliteFailure, sqliteTimeoutError } from './sqliteErrors';

const betterSqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');

/** A child with nothing to do for this long is stopped (it is started again on the next query). */
const idleMs = 60_000;

/** What a query run resolves with, or rejects with (SqliteQueryError for SQLite's own failures, HttpError otherwise). */
export class SqliteQueryError extends Error {
  override name = 'SqliteQueryError';
  constructor(readonly failure: SqliteFailure) {
    super('SQLite query failed');
  }
}

interface Job {
  id: number;
  sql: string;
  params: unknown[];
  limit: number;
  resolve: (rows: CollectedRows) => void;
  reject: (error: Error) => void;
  cleanup: () => void;
}

/**
 * Runs the queries of ONE SQLite datasource in a child process of its own, one at a time.
 * better-sqlite3 is synchronous, so the server's event loop never waits for a query; and a query
 * past its time limit or cancelled is stopped for real: the child is killed (SIGKILL). A worker
 * thread could not do that: `worker.terminate()` waits until SQLite returns to JavaScript, which
 * a long statement (an aggregate over a huge CTE) does only at its end. The next query starts a
 * fresh child. The child gets no environment of the server (no secrets) besides the file to open.
 */
export class SqliteRunner {
  private child: ChildProcess | undefined;
  private readonly queue: Job[] = [];
  private running: Job | undefined;
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly file: string, private readonly readOnly: boolean) {}

  /** Runs one statement; the time limit counts from the call (waiting behind another query included). */
  run(sql: string, params: unknown[], limit: number, timeoutMs: number, signal: AbortSignal | undefined): Promise<CollectedRows> {
    if (signal?.aborted) return Promise.reject(cancelledError());
    if (this.closed) return Promise.reject(cancelledError());
    return new Promise((resolve, reject) => {
      const stop = (error: Error) => {
        if (this.running === job) {
          this.kill();
          this.running = undefined;
          job.cleanup();
          reject(error);
          this.dispatch();
        } else {
          const index = this.queue.indexOf(job);
          if (index !== -1) this.queue.splice(index, 1);
          job.cleanup();
          reject(error);
        }
      };
      const timer = setTimeout(() => stop(sqliteTimeoutError(timeoutMs)), timeoutMs);
      const onAbort = () => stop(cancelledError());
      signal?.addEventListener('abort', onAbort, { once: true });
      const job: Job = {
        id: this.nextId++, sql, params, limit, resolve, reject,
        cleanup: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** Stops the child and fails what is waiting. */
  close(): void {
    this.closed = true;
    for (const job of this.queue.splice(0)) {
      job.cleanup();
      job.reject(cancelledError());
    }
    if (this.running) {
      this.running.cleanup();
      this.running.reject(cancelledError());
      this.running = undefined;
    }
    this.kill();
  }

  private dispatch(): void {
    if (this.running || this.closed) return;
    const job = this.queue.shift();
    if (!job) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => {
        if (!this.running && this.queue.length === 0) this.kill();
      }, idleMs);
      this.idleTimer.unref();
      return;
    }
    clearTimeout(this.idleTimer);
    this.running = job;
    const child = this.child ?? this.spawn();
    child.send({ id: job.id, sql: job.sql, params: job.params, limit: job.limit });
  }

  private spawn(): ChildProcess {
    const child = spawn(process.execPath, ['-e', sqliteChildSource], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      env: { CORDON_SQLITE_MODULE: betterSqlitePath, CORDON_SQLITE_FILE: this.file, CORDON_SQLITE_READONLY: this.readOnly ? '1' : '0' },
    });
    this.child = child;
    child.on('message', (message: { id: number; ok?: CollectedRows; error?: SqliteFailure }) => {
      const job = this.running;
      if (this.child !== child || !job || job.id !== message.id) return;
      this.running = undefined;
      job.cleanup();
      if (message.ok) job.resolve(message.ok);
      else job.reject(new SqliteQueryError(message.error ?? { code: undefined, message: 'the query failed', phase: 'query' }));
      this.dispatch();
    });
    child.on('exit', () => {
      if (this.child !== child) return;
      this.child = undefined;
      const job = this.running;
      if (job) {
        this.running = undefined;
        job.cleanup();
        job.reject(new SqliteQueryError({ code: undefined, message: 'the SQLite process stopped', phase: 'query' }));
        this.dispatch();
      }
    });
    child.on('error', () => {});
    return child;
  }

  private kill(): void {
    const child = this.child;
    this.child = undefined;
    clearTimeout(this.idleTimer);
    if (child && child.exitCode === null) child.kill('SIGKILL');
  }
}

/** One SqliteRunner per datasource, rebuilt when the datasource changes (id + updatedAt + file). */
export class SqliteRunners {
  private readonly entries = new Map<string, { key: string; runner: SqliteRunner }>();

  get(datasourceId: string, version: string, file: string, readOnly: boolean): SqliteRunner {
    const key = `${version}\n${file}\n${readOnly}`;
    const cached = this.entries.get(datasourceId);
    if (cached?.key === key) return cached.runner;
    cached?.runner.close();
    const runner = new SqliteRunner(file, readOnly);
    this.entries.set(datasourceId, { key, runner });
    return runner;
  }

  evict(datasourceId: string): void {
    this.entries.get(datasourceId)?.runner.close();
    this.entries.delete(datasourceId);
  }

  closeAll(): void {
    for (const entry of this.entries.values()) entry.runner.close();
    this.entries.clear();
  }
}
