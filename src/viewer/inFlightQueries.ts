/** A query run that has not answered yet, for the running-query indicator and the Cancel buttons. */
export interface InFlightQuery {
  runId: number;
  queryId: string;
  queryName: string;
  /** Epoch milliseconds. */
  startedAt: number;
}

/** What a run cancelled by the user rejects with (and so what `Query1.error` says), as the server words it. */
export const queryCancelledMessage = 'The query was cancelled.';

/**
 * The query runs in flight, each with its own AbortController. A Cancel button aborts the fetch;
 * the server sees the connection close and stops the statement or request (requestCancelSignal).
 * The runtime's own signal (time limit, page left) still aborts the run as before. Framework-free:
 * React reads it through subscribe/getSnapshot (useSyncExternalStore).
 */
export class InFlightQueries {
  private readonly runs = new Map<number, { info: InFlightQuery; controller: AbortController; cancelled: boolean }>();
  private snapshot: readonly InFlightQuery[] = [];
  private readonly listeners = new Set<() => void>();
  private nextRunId = 1;

  /** Runs `start` with a signal that aborts on `signal` or on cancel(); a cancelled run rejects with queryCancelledMessage. */
  async run<T>(queryId: string, queryName: string, signal: AbortSignal, start: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal.reason);
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener('abort', onAbort, { once: true });
    const runId = this.nextRunId++;
    const entry = { info: { runId, queryId, queryName, startedAt: Date.now() }, controller, cancelled: false };
    this.runs.set(runId, entry);
    this.publish();
    try {
      return await start(controller.signal);
    } catch (error) {
      if (entry.cancelled) throw new Error(queryCancelledMessage);
      throw error;
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.runs.delete(runId);
      this.publish();
    }
  }

  /** Cancels the runs of one query (by id), or every run when no id is given. */
  cancel(queryId?: string): void {
    for (const entry of this.runs.values()) {
      if (queryId !== undefined && entry.info.queryId !== queryId) continue;
      entry.cancelled = true;
      entry.controller.abort();
    }
  }

  isRunning(queryId: string): boolean {
    return this.snapshot.some((r) => r.queryId === queryId);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  };

  readonly getSnapshot = (): readonly InFlightQuery[] => this.snapshot;

  private publish(): void {
    this.snapshot = [...this.runs.values()].map((r) => r.info);
    for (const listener of this.listeners) listener();
  }
}
