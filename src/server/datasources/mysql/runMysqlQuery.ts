import mysql from 'mysql2';
import type { ExecuteResponse } from '../../../shared/api/execute';
import { HttpError } from '../../http/httpError';
import { type RunMode, cancelledError } from '../datasourceErrors';
import type { QueryFailureLog } from '../runPostgresQuery';
import { rowLimit } from '../runPostgresQuery';
import { toJsonSafe } from '../toJsonSafe';
import { isMysqlConnectionError, mysqlCodeOf, mysqlQueryFailedError, mysqlTimeoutError, mysqlUnreachableError } from './mysqlErrors';
import type { MysqlPool } from './mysqlPools';
import type { CancelSignal } from '../CancelSignal';

export interface MysqlQuery {
  sql: string;
  /** Prepared-statement values (`execute`); undefined runs the text as it is (`query`: no bindings, or spliced literals). */
  values: unknown[] | undefined;
  /**
   * Spliced literals: first take NO_BACKSLASH_ESCAPES and ANSI_QUOTES off the session and set its
   * character_set_client back to utf8mb4, so MySQL reads the text as Cordon's lexer did.
   */
  pinSqlMode: boolean;
  timeoutMs: number;
  mode: RunMode;
  /** Secret values to mask in an error message shown to a builder. */
  secrets: () => readonly string[];
  signal?: CancelSignal;
}

/** Modes under which MySQL would read the body differently from rewriteDialectSqlTemplate (the compound modes imply ANSI_QUOTES). */
const lexerModes = ['NO_BACKSLASH_ESCAPES', 'ANSI_QUOTES', 'ANSI', 'DB2', 'MAXDB', 'MSSQL', 'ORACLE', 'POSTGRESQL'];
// character_set_client too: an earlier statement of a builder may have left the pooled session in
// GBK, BIG5, SJIS, CP932 or GB18030 (and turned off the session tracking through which mysql2
// would follow it). There, the last byte of a UTF-8 character and the next backslash read as one
// character: the backslash that escaped a backslash of the value is eaten, the next one escapes
// the doubled quote, and the rest of the value is SQL. In utf8mb4, 0x5C and 0x27 never end a
// multibyte character, whatever encoding mysql2 sends.
export const pinSqlModeStatement = `SET SESSION sql_mode = TRIM(BOTH ',' FROM ${lexerModes.reduce(
  (expression, mode) => `REPLACE(${expression}, ',${mode},', ',')`,
  "CONCAT(',', @@SESSION.sql_mode, ',')",
)}), character_set_client = utf8mb4`;

/** How long a killed statement may take to end before its connection is destroyed. */
const killGraceMs = 2_000;

/** MySQL column types whose text is a date and time without a zone (TIMESTAMP, DATETIME). */
const dateTimeTypes = new Set([7, 12]);

/**
 * Runs one statement on a connection of the datasource's pool. At its time limit, or when the
 * signal aborts (Cancel, client gone), `KILL QUERY <thread id>` runs on a separate connection
 * (MySQL and MariaDB both stop the statement) and the connection is destroyed afterwards. Rows
 * are read one by one and at most `rowLimit` kept. Nothing of rows or values is logged (I5).
 */
export async function runMysqlQuery(poolPromise: Promise<MysqlPool>, query: MysqlQuery, onFailure?: (log: QueryFailureLog) => void): Promise<ExecuteResponse> {
  const started = performance.now();
  if (query.signal?.aborted) throw cancelledError();
  const timeoutMs = Math.max(1, Math.floor(query.timeoutMs));
  let entry: MysqlPool;
  let connection: mysql.PoolConnection;
  try {
    entry = await poolPromise;
    connection = await acquire(entry.pool, timeoutMs, query.signal);
  } catch (error) {
    if (error instanceof HttpError) throw error;
    onFailure?.({ sqlState: mysqlCodeOf(error), kind: 'unreachable' });
    throw mysqlUnreachableError(error);
  }

  let stopped: 'timeout' | 'cancel' | undefined;
  let kill: Promise<void> | undefined;
  let giveUp: (() => void) | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    giveUp = () => reject(new Error('killed statement did not end'));
  });
  gaveUp.catch(() => {});
  let graceTimer: NodeJS.Timeout | undefined;
  const stop = (why: 'timeout' | 'cancel') => {
    if (stopped) return;
    stopped = why;
    kill = killQuery(entry.connectionOptions, connection.threadId);
    graceTimer = setTimeout(() => giveUp?.(), killGraceMs);
  };
  // The time spent waiting for a free connection counts against the limit.
  const timer = setTimeout(() => stop('timeout'), Math.max(1, timeoutMs - (performance.now() - started)));
  const onAbort = () => stop('cancel');
  query.signal?.addEventListener('abort', onAbort, { once: true });

  let destroy = false;
  try {
    if (query.pinSqlMode) await Promise.race([collect(connection, pinSqlModeStatement, undefined), gaveUp]);
    const collected = await Promise.race([collect(connection, query.sql, query.values), gaveUp]);
    // A killed SLEEP() returns normally on MySQL: the statement was still stopped.
    if (stopped) throw new Error('stopped');
    return { ...collected, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    if (stopped) {
      destroy = true;
      throw stopped === 'cancel' ? cancelledError() : mysqlTimeoutError(timeoutMs);
    }
    if ((error as { fatal?: unknown }).fatal === true || isMysqlConnectionError(error)) {
      destroy = true;
      onFailure?.({ sqlState: mysqlCodeOf(error), kind: 'unreachable' });
      throw mysqlUnreachableError(error);
    }
    onFailure?.({ sqlState: mysqlCodeOf(error), kind: 'query_failed' });
    throw mysqlQueryFailedError(error, query.mode, query.secrets);
  } finally {
    clearTimeout(timer);
    clearTimeout(graceTimer);
    query.signal?.removeEventListener('abort', onAbort);
    // The connection goes nowhere before KILL QUERY is done, so the kill cannot hit a later statement.
    if (kill) await kill;
    if (destroy) connection.destroy();
    else connection.release();
  }
}

/**
 * A connection of the pool. When all are busy the wait counts against the query's time limit and
 * ends on Cancel; a connection that arrives after that goes straight back to the pool.
 */
function acquire(pool: mysql.Pool, timeoutMs: number, signal: CancelSignal | undefined): Promise<mysql.PoolConnection> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (error: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    };
    const timer = setTimeout(() => finish(mysqlTimeoutError(timeoutMs)), timeoutMs);
    const onAbort = () => finish(cancelledError());
    signal?.addEventListener('abort', onAbort, { once: true });
    pool.getConnection((error, connection) => {
      if (done) {
        connection?.release();
        return;
      }
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(connection);
    });
  });
}

interface Collected {
  rows: Record<string, unknown>[];
  fields: Array<{ name: string }>;
  rowCount: number;
  truncated: boolean;
}

/**
 * Runs one statement and keeps the rows of its last result set, at most `rowLimit` of them (the
 * rest are read and dropped, so a huge result cannot fill the server's memory).
 */
function collect(connection: mysql.PoolConnection, sql: string, values: unknown[] | undefined): Promise<Collected> {
  return new Promise((resolve, reject) => {
    const command = values === undefined ? connection.query(sql) : connection.execute(sql, values as mysql.ExecuteValues);
    let fields: mysql.FieldPacket[] | undefined;
    let fieldsIndex = -1;
    let rows: Record<string, unknown>[] = [];
    let seen = 0;
    let affected = 0;
    let failed = false;
    command.on('fields', (received: mysql.FieldPacket[], index: number = 0) => {
      fields = received;
      fieldsIndex = index;
      rows = [];
      seen = 0;
    });
    command.on('result', (row: unknown, index: number = 0) => {
      if (fields && index === fieldsIndex) {
        seen++;
        if (rows.length < rowLimit) rows.push(jsonRow(row as Record<string, unknown>, fields));
      } else {
        affected += Number((row as { affectedRows?: unknown }).affectedRows ?? 0) || 0;
      }
    });
    command.on('error', (error: Error) => {
      failed = true;
      reject(error);
    });
    command.on('end', () => {
      if (failed) return;
      resolve(fields
        ? { rows, fields: fields.map((field) => ({ name: field.name })), rowCount: seen, truncated: seen > rowLimit }
        : { rows: [], fields: [], rowCount: affected, truncated: false });
    });
  });
}

/** A row as JSON-safe values: DATETIME/TIMESTAMP text in ISO form (`T`), buffers as `\x` hex, big numbers as strings. */
function jsonRow(row: Record<string, unknown>, fields: mysql.FieldPacket[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = row[field.name];
    out[field.name] = typeof value === 'string' && dateTimeTypes.has(field.columnType ?? -1) && /^\d{4}-\d\d-\d\d \d/.test(value)
      ? value.replace(' ', 'T')
      : toJsonSafe(value);
  }
  return out;
}

/**
 * `KILL QUERY <thread id>` over a connection of its own (the pool may be full). Errors are
 * ignored: the connection is destroyed afterwards anyway, which ends the statement's session.
 */
async function killQuery(options: mysql.ConnectionOptions, threadId: number | null): Promise<void> {
  if (threadId === null) return;
  await new Promise<void>((resolve) => {
    const killer = mysql.createConnection(options);
    killer.on('error', () => {});
    killer.query(`KILL QUERY ${Math.floor(threadId)}`, () => {
      killer.destroy();
      resolve();
    });
  });
}
