import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { CollectedRows } from '../collectRows';
import { cancelledError } from '../datasourceErrors';
import { sqliteChildSource } from './sqliteChildSource';
import { type SqliteFailure, sqliteTimeoutError } from './sqliteErrors';
import type { CancelSignal } from '../CancelSignal';

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
  /** True while this runner holds one of the server's child slots (from spawn until its child is gone). */
  private holdsSlot = false;
  private readonly queue: Job[] = [];
  private running: Job | undefined;
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly file: string, private readonly readOnly: boolean, private readonly slots: SqliteChildSlots = new SqliteChildSlots(Infinity)) {}

  /** Runs one statement; the time limit counts from the call (waiting behind another query included). */
  run(sql: string, params: unknown[], limit: number, timeoutMs: number, signal: CancelSignal | undefined): Promise<CollectedRows> {
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

  /** Stops the child when it has nothing to do (to make room for another runner's); true when it did. */
  stopIfIdle(): boolean {
    if (!this.child || this.running || this.queue.length > 0) return false;
    this.kill();
    return true;
  }

  /** Stops the child and fails what is waiting. */
  close(): void {
    this.closed = true;
    this.slots.forget(this);
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
      // Another datasource waits for a child slot: give this one up now rather than after the idle time.
      if (this.child && this.slots.hasWaiters()) {
        this.kill();
        return;
      }
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => {
        if (!this.running && this.queue.length === 0) this.kill();
      }, idleMs);
      this.idleTimer.unref();
      return;
    }
    clearTimeout(this.idleTimer);
    // No child and no free slot: the job waits (its time limit running) until a slot frees up.
    if (!this.child && !this.slots.tryAcquire(this)) {
      this.queue.unshift(job);
      return;
    }
    if (!this.child) this.holdsSlot = true;
    this.running = job;
    const child = this.child ?? this.spawn();
    child.send({ id: job.id, sql: job.sql, params: job.params, limit: job.limit });
  }

  /** Called by the slots when one frees up while this runner waits for it. */
  wake(): void {
    // Nothing to run any more (its queries timed out or were cancelled while waiting): pass the slot on.
    if (this.closed || this.queue.length === 0) this.slots.wakeNext();
    else this.dispatch();
  }

  private releaseSlot(): void {
    if (!this.holdsSlot) return;
    this.holdsSlot = false;
    this.slots.release(this);
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
      this.releaseSlot();
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
    this.releaseSlot();
  }
}

/**
 * The cap on a server's SQLite child processes (each a Node process of its own, tens of MB):
 * without it, many SQLite datasources, or many draft Test connections fired at once (each runs
 * in a fresh child), would start as many processes. At the cap, an idle child of another runner
 * is stopped to make room; otherwise the runner waits, first come first served.
 */
export class SqliteChildSlots {
  private readonly holders = new Set<SqliteRunner>();
  private readonly waiting: SqliteRunner[] = [];

  constructor(readonly max: number) {}

  /** True when `runner` may start a child now; otherwise it is woken when a slot frees up. */
  tryAcquire(runner: SqliteRunner): boolean {
    if (this.holders.size >= this.max) {
      for (const holder of this.holders) {
        if (holder !== runner && holder.stopIfIdle()) break;
      }
    }
    if (this.holders.size < this.max) {
      this.forget(runner);
      this.holders.add(runner);
      return true;
    }
    if (!this.waiting.includes(runner)) this.waiting.push(runner);
    return false;
  }

  release(runner: SqliteRunner): void {
    if (this.holders.delete(runner)) this.wakeNext();
  }

  /** Wakes the runner that waited longest, if a slot is free. */
  wakeNext(): void {
    if (this.holders.size >= this.max) return;
    const next = this.waiting.shift();
    // Woken on a later tick: the releasing runner may be in the middle of its own bookkeeping.
    if (next) queueMicrotask(() => next.wake());
  }

  hasWaiters(): boolean {
    return this.waiting.length > 0;
  }

  /** A closed runner waits no longer. */
  forget(runner: SqliteRunner): void {
    const index = this.waiting.indexOf(runner);
    if (index !== -1) this.waiting.splice(index, 1);
  }
}

/** Child processes of one server's SQLite datasources at most (a server with more busy datasources queues their queries). */
export const defaultMaxSqliteChildren = 16;

/** One SqliteRunner per datasource, rebuilt when the datasource changes (id + updatedAt + file). */
export class SqliteRunners {
  private readonly entries = new Map<string, { key: string; runner: SqliteRunner }>();
  private readonly slots: SqliteChildSlots;

  constructor(options: { maxChildren?: number } = {}) {
    this.slots = new SqliteChildSlots(options.maxChildren ?? defaultMaxSqliteChildren);
  }

  get(datasourceId: string, version: string, file: string, readOnly: boolean): SqliteRunner {
    const key = `${version}\n${file}\n${readOnly}`;
    const cached = this.entries.get(datasourceId);
    if (cached?.key === key) return cached.runner;
    cached?.runner.close();
    const runner = new SqliteRunner(file, readOnly, this.slots);
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
