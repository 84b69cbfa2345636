import { describe, expect, it } from 'vitest';
import { InFlightQueries, queryCancelledMessage } from './inFlightQueries';

/** A fetch stand-in that settles only when its signal aborts (as a real fetch rejects with AbortError). */
function pendingUntilAborted(signal: AbortSignal): Promise<string> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true });
  });
}

describe('InFlightQueries', () => {
  it('lists a run while it is in flight and forgets it after', async () => {
    const runs = new InFlightQueries();
    let seen: readonly unknown[] = [];
    runs.subscribe(() => { seen = runs.getSnapshot(); });
    const result = runs.run('q1', 'Query1', new AbortController().signal, () => Promise.resolve('rows'));
    expect(runs.getSnapshot().map((r) => r.queryName)).toEqual(['Query1']);
    expect(runs.isRunning('q1')).toBe(true);
    await expect(result).resolves.toBe('rows');
    expect(seen).toEqual([]);
    expect(runs.isRunning('q1')).toBe(false);
  });

  it('cancel aborts the run and rejects it with the cancel message', async () => {
    const runs = new InFlightQueries();
    const result = runs.run('q1', 'Query1', new AbortController().signal, pendingUntilAborted);
    const other = runs.run('q2', 'Query2', new AbortController().signal, () => Promise.resolve('other'));
    runs.cancel('q1');
    await expect(result).rejects.toThrow(queryCancelledMessage);
    await expect(other).resolves.toBe('other');
    expect(runs.getSnapshot()).toEqual([]);
  });

  it('passes the runtime abort through with its own error (time limit, page left)', async () => {
    const runs = new InFlightQueries();
    const runtime = new AbortController();
    const result = runs.run('q1', 'Query1', runtime.signal, pendingUntilAborted);
    runtime.abort();
    await expect(result).rejects.toThrow('aborted');
  });

  it('cancel without an id cancels every run', async () => {
    const runs = new InFlightQueries();
    const a = runs.run('q1', 'Query1', new AbortController().signal, pendingUntilAborted);
    const b = runs.run('q2', 'Query2', new AbortController().signal, pendingUntilAborted);
    runs.cancel();
    await expect(a).rejects.toThrow(queryCancelledMessage);
    await expect(b).rejects.toThrow(queryCancelledMessage);
  });
});
