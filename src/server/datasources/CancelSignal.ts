/**
 * What a driver needs to hear a cancel: the part of AbortSignal that runPostgresQuery,
 * runMysqlQuery and the SQLite runners use. An AbortSignal is one (tests pass them); the execute
 * route passes a ClientGoneSignal (requestCancelSignal.ts), which costs a fraction of an
 * AbortController on every request. A driver that needs a real AbortSignal (fetch, in the REST
 * driver) asks abortSignalOf.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** An AbortSignal that aborts with `signal`: the signal itself when it is one, else one linked to it. */
export function abortSignalOf(signal: CancelSignal): AbortSignal {
  if (signal instanceof AbortSignal) return signal;
  const controller = new AbortController();
  if (signal.aborted) controller.abort();
  else signal.addEventListener('abort', () => controller.abort(), { once: true });
  return controller.signal;
}
