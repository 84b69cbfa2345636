import pg from 'pg';
import { HttpError } from '../http/httpError';
import type { CancelSignal } from './CancelSignal';
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
  signal?: CancelSignal;
}

/** Something went wrong that is worth a log line; carries no values, rows or messages (I5). */
export interface QueryFailureLog {
  sqlState: string | undefined;
  kind: 'unreachable' | 'query_failed';
}

/**
 * Runs one query on a datasource pool with a `statement_timeout` (so PostgreSQL itself cancels a
 * slow query), plus a client-side read timeout a little longer as a safety net. Nothing of the
 * rows or values is logged or kept (I5).
 *
 * One round trip per query: the timeout is a session setting, set on a connection only when it
 * differs from what this module last set there (tracked per connection), and then written
 * together with the query (pg's pipeline mode, one corked socket write). Because the setting
 * outlives the query, a body that may change session state is distrusted afterwards: one that
 * mentions SET, RESET, DISCARD, set_config or statement_timeout gets the timeout set again before
 * the next query on that connection; a failed body is followed by a ROLLBACK, and a connection
 * a successful body left inside a transaction (its own BEGIN) is closed instead of going back to
 * the pool. A body runs as
 * PostgreSQL runs any query outside a transaction block: one statement, or several in one
 * implicit transaction that a failure rolls back entirely.
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
  // Forgotten until the SET succeeds: a failed or interrupted SET is tried again next time.
  const timeoutToSet = sessionTimeouts.get(client) === timeoutMs ? undefined : timeoutMs;
  sessionTimeouts.delete(client);
  // Written at once, in one socket write (corked, as pg itself corks the messages of one query).
  const stream = socketOf(client);
  stream?.cork();
  let setting: Promise<unknown> | undefined;
  let collecting: Promise<CollectedRows>;
  try {
    setting = timeoutToSet === undefined ? undefined : client.query(`SET statement_timeout = ${timeoutToSet}`);
    collecting = collectRows(client, query.text, query.values.map(paramValue), rowLimit, timeoutMs + 2_000);
  } finally {
    stream?.uncork();
  }
  // Both settle before the connection is released, so nothing of this request is still in flight
  // on it. Without a SET (nearly always) the query's own promise is all there is to wait for.
  let setFailure: { reason: unknown } | undefined;
  let collected: CollectedRows | undefined;
  let collectFailure: { reason: unknown } | undefined;
  if (setting) {
    const [set, rows] = await Promise.allSettled([setting, collecting]);
    if (set.status === 'rejected') setFailure = { reason: set.reason };
    if (rows.status === 'fulfilled') collected = rows.value;
    else collectFailure = { reason: rows.reason };
  } else {
    try {
      collected = await collecting;
    } catch (reason) {
      collectFailure = { reason };
    }
  }
  try {
    // A SET that did not go through leaves the session's timeout unknown: the query may have run
    // without it, and the connection is not trusted again.
    if (setFailure) destroy = true;
    if (collected && !setFailure) {
      return {
        rows: collected.rows, fields: collected.fields, rowCount: collected.rowCount, truncated: collected.truncated,
        durationMs: Math.round(performance.now() - started),
      };
    }
    const error: unknown = collectFailure ? collectFailure.reason : setFailure?.reason;
    // Errors without a SQLSTATE come from the socket or the client-side timeout: the connection
    // is in an unknown state and must not go back to the pool.
    const code = sqlStateOf(error);
    if (code === undefined) destroy = true;
    if (!destroy) {
      // pg reports the error before PostgreSQL's ReadyForQuery says whether the body left a
      // failed transaction behind; a ROLLBACK ends one if so (outside one it only warns).
      try {
        await client.query('ROLLBACK');
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
    // A body that left a transaction open (its own BEGIN, or a failure inside one) must not hand it to the next request.
    if (!destroy && transactionStatus(client) !== 'I') destroy = true;
    // The timeout stays known only when the body cannot have changed it.
    if (!destroy && !mayChangeSession(query.text)) sessionTimeouts.set(client, timeoutMs);
    client.release(destroy);
  }
}

/** The statement_timeout this module last set on each pooled connection (pg reuses its Client objects). */
const sessionTimeouts = new WeakMap<object, number>();

/** Words of a body that may change the session's statement_timeout (broad on purpose: an UPDATE's SET only costs one more SET). */
const sessionChanging = /\b(set|reset|discard|set_config|statement_timeout)\b/i;

function mayChangeSession(text: string): boolean {
  return sessionChanging.test(text);
}

/**
 * The transaction status of PostgreSQL's last ReadyForQuery on this connection: 'I' idle,
 * 'T' in a transaction, 'E' in a failed one. pg keeps it as `_txStatus` (not in the typings);
 * anything else, as after a pg upgrade that renamed it, counts as not idle, so connections are
 * closed rather than trusted.
 */
function transactionStatus(client: pg.PoolClient): string | undefined {
  const status = (client as unknown as { _txStatus?: unknown })._txStatus;
  return typeof status === 'string' ? status : undefined;
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
