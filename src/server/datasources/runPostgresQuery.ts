import pg from 'pg';
import { HttpError } from '../http/httpError';
import { type CollectedRows, ReadTimeoutError, collectRows } from './collectRows';
import type { ExecuteResponse } from '../../shared/api/execute';
import { type RunMode, cancelledError, isConnectionError, queryFailedError, sqlStateOf, unreachableError } from './datasourceErrors';

/** Rows beyond this are cut and the response says `truncated: true`. */
export const rowLimit = 5_000;

export interface PostgresQuery {
  text: string;
  /** Parameter values, `$1` first. pg sends numbers, booleans, strings, null, arrays; objects as JSON. */
  values: unknown[];
  timeoutMs: number;
  mode: RunMode;
  /** Secret values to mask in any error message shown to a builder; called only when a query fails in edit mode. */
  secrets: () => readonly string[];
  /** Cancel: PostgreSQL is asked to cancel the running statement (pg_cancel_backend). */
  signal?: AbortSignal;
}

/** Something went wrong that is worth a log line; carries no values, rows or messages (I5). */
export interface QueryFailureLog {
  sqlState: string | undefined;
  kind: 'unreachable' | 'query_failed';
}

/**
 * Runs one query on a datasource pool: in a transaction with `SET LOCAL statement_timeout`
 * (so PostgreSQL itself cancels a slow query), plus a client-side read timeout a little longer
 * as a safety net. The pool's connections are in pg's pipeline mode: `BEGIN; SET LOCAL`, the
 * query and `COMMIT` go out together and cost one round trip, not four. Each has its own Sync,
 * so a failed query leaves the transaction aborted and the `COMMIT` behind it rolls it back.
 * Nothing of the rows or values is logged or kept (I5).
 */
export async function runPostgresQuery(poolPromise: Promise<pg.Pool>, query: PostgresQuery, onFailure?: (log: QueryFailureLog) => void): Promise<ExecuteResponse> {
  const started = performance.now();
  if (query.signal?.aborted) throw cancelledError();
  let client: pg.PoolClient;
  let pool: pg.Pool;
  try {
    pool = await poolPromise;
    client = await pool.connect();
  } catch (error) {
    if (error instanceof HttpError) throw error;
    onFailure?.({ sqlState: sqlStateOf(error), kind: 'unreachable' });
    throw unreachableError(error);
  }
  let cancelled = false;
  const onAbort = () => {
    cancelled = true;
    void cancelBackend(pool, (client as unknown as { processID: number }).processID);
  };
  query.signal?.addEventListener('abort', onAbort, { once: true });

  const timeoutMs = Math.max(1, Math.floor(query.timeoutMs));
  let destroy = false;
  // All three are written at once, in one write to the socket (corked, as pg itself corks the
  // messages of one query); each promise is awaited below, or left (handled) when the connection
  // is destroyed.
  const stream = socketOf(client);
  stream?.cork();
  let opened: Promise<unknown>;
  let collecting: Promise<CollectedRows>;
  let committed: Promise<unknown>;
  try {
    opened = client.query(`BEGIN; SET LOCAL statement_timeout = ${timeoutMs}`);
    collecting = collectRows(client, query.text, query.values.map(paramValue), rowLimit, timeoutMs + 2_000);
    committed = client.query('COMMIT');
  } finally {
    stream?.uncork();
  }
  for (const pending of [opened, collecting, committed]) pending.catch(() => {});
  try {
    await opened;
    const collected = await collecting;
    await committed;
    return { ...collected, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    // Errors without a SQLSTATE come from the socket or the client-side timeout: the connection
    // is in an unknown state and must not go back to the pool.
    const code = sqlStateOf(error);
    if (code === undefined) destroy = true;
    if (!destroy) {
      try {
        // The COMMIT that follows a failed statement ends the transaction as a rollback.
        await committed;
      } catch {
        destroy = true;
      }
    }
    if (cancelled) throw cancelledError();
    const connectionLost = code === undefined && !isClientTimeout(error) && isConnectionError(error);
    onFailure?.({ sqlState: code, kind: connectionLost ? 'unreachable' : 'query_failed' });
    throw connectionLost ? unreachableError(error) : queryFailedError(error, query.mode, timeoutMs, query.secrets);
  } finally {
    query.signal?.removeEventListener('abort', onAbort);
    client.release(destroy);
  }
}

/**
 * Asks PostgreSQL to cancel the statement running on backend `pid`, over a connection of its
 * own (the pool may be full). Errors are ignored: the statement then ends at its timeout.
 */
async function cancelBackend(pool: pg.Pool, pid: number): Promise<void> {
  const client = new pg.Client(pool.options);
  try {
    await client.connect();
    await client.query('select pg_cancel_backend($1)', [pid]);
  } catch {
    // The statement still ends at its statement_timeout.
  } finally {
    await client.end().catch(() => {});
  }
}

/** The client's socket, to cork (pg's Connection#stream; not in the typings). */
function socketOf(client: pg.PoolClient): { cork(): void; uncork(): void } | undefined {
  const stream = (client as unknown as { connection?: { stream?: { cork?: unknown; uncork?: unknown } } }).connection?.stream;
  return typeof stream?.cork === 'function' && typeof stream.uncork === 'function' ? stream as { cork(): void; uncork(): void } : undefined;
}

/** undefined is not a SQL value; a client that sends none means null. */
function paramValue(value: unknown): unknown {
  return value === undefined ? null : value;
}

function isClientTimeout(error: unknown): boolean {
  return error instanceof ReadTimeoutError;
}
