import type pg from 'pg';
import { ReadTimeoutError, collectRows } from './collectRows';
import type { ExecuteResponse } from '../../shared/api/execute';
import { type RunMode, isConnectionError, queryFailedError, sqlStateOf, unreachableError } from './datasourceErrors';

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
}

/** Something went wrong that is worth a log line; carries no values, rows or messages (I5). */
export interface QueryFailureLog {
  sqlState: string | undefined;
  kind: 'unreachable' | 'query_failed';
}

/**
 * Runs one query on a datasource pool: in a transaction with `SET LOCAL statement_timeout`
 * (so PostgreSQL itself cancels a slow query), plus a client-side read timeout a little longer
 * as a safety net. Nothing of the rows or values is logged or kept (I5).
 */
export async function runPostgresQuery(pool: pg.Pool, query: PostgresQuery, onFailure?: (log: QueryFailureLog) => void): Promise<ExecuteResponse> {
  const started = performance.now();
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    onFailure?.({ sqlState: sqlStateOf(error), kind: 'unreachable' });
    throw unreachableError(error);
  }

  const timeoutMs = Math.max(1, Math.floor(query.timeoutMs));
  let destroy = false;
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL statement_timeout = ${timeoutMs}`);
    const collected = await collectRows(client, query.text, query.values.map(paramValue), rowLimit, timeoutMs + 2_000);
    await client.query('COMMIT');
    return { ...collected, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    // Errors without a SQLSTATE come from the socket or the client-side timeout: the connection
    // is in an unknown state and must not go back to the pool.
    const code = sqlStateOf(error);
    if (code === undefined) destroy = true;
    if (!destroy) {
      try {
        await client.query('ROLLBACK');
      } catch {
        destroy = true;
      }
    }
    const connectionLost = code === undefined && !isClientTimeout(error) && isConnectionError(error);
    onFailure?.({ sqlState: code, kind: connectionLost ? 'unreachable' : 'query_failed' });
    throw connectionLost ? unreachableError(error) : queryFailedError(error, query.mode, timeoutMs, query.secrets);
  } finally {
    client.release(destroy);
  }
}

/** undefined is not a SQL value; a client that sends none means null. */
function paramValue(value: unknown): unknown {
  return value === undefined ? null : value;
}

function isClientTimeout(error: unknown): boolean {
  return error instanceof ReadTimeoutError;
}
