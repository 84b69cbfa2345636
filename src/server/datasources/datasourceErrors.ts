import { HttpError } from '../http/httpError';

/**
 * Who sees a failing query: `edit` is a builder's draft run (PostgreSQL's message is shown,
 * it helps them fix their SQL), `view` is a published app (only the SQLSTATE code: the
 * message can echo parts of the body or of the values, I1).
 */
export type RunMode = 'edit' | 'view';

interface PgLikeError {
  code?: unknown;
  message?: unknown;
}

/** SQLSTATE classes that mean the connection, not the query, failed (28 auth, 3D no database, 08 connection, 53 resources, 57P03 starting up). */
const connectionSqlStates = /^(28|3D|08|53|57P0[1-3])/;

/** True when the error means the datasource could not be reached or refused the login. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as PgLikeError | null)?.code;
  if (typeof code !== 'string') {
    return /connection|timeout|terminated/i.test(String((error as PgLikeError | null)?.message ?? ''));
  }
  return connectionSqlStates.test(code) || /^E[A-Z]+$/.test(code);
}

/**
 * 502 `datasource_unreachable` with a message from a fixed list: never the connection string,
 * the password, or pg's own text (which can hold the user name and host details).
 */
export function unreachableError(error: unknown): HttpError {
  const code = (error as PgLikeError | null)?.code;
  let reason = 'the connection failed';
  if (code === 'ECONNREFUSED') reason = 'the connection was refused';
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') reason = 'the host name was not found';
  else if (code === 'ETIMEDOUT' || /timeout/i.test(String((error as PgLikeError | null)?.message ?? ''))) reason = 'the connection timed out';
  else if (code === 'ECONNRESET') reason = 'the connection was reset';
  else if (code === '28P01' || code === '28000') reason = 'the user name or password was not accepted';
  else if (code === '3D000') reason = 'the database does not exist';
  else if (typeof code === 'string' && code.startsWith('53')) reason = 'the database server is out of resources';
  return new HttpError(502, 'datasource_unreachable', `Could not connect to the datasource: ${reason}.`);
}

/**
 * 400 `query_failed`. A timeout says so in both modes; otherwise edit mode carries PostgreSQL's
 * message and SQLSTATE (with every known secret masked), view mode only the SQLSTATE.
 */
export function queryFailedError(error: unknown, mode: RunMode, timeoutMs: number, secrets: () => readonly string[]): HttpError {
  const sqlState = sqlStateOf(error);
  if (sqlState === '57014' || isClientTimeout(error)) {
    return new HttpError(400, 'query_failed', `The query was cancelled: it ran longer than its time limit of ${timeoutMs} ms.`);
  }
  const suffix = sqlState ? ` (SQLSTATE ${sqlState})` : '';
  if (mode === 'view') return new HttpError(400, 'query_failed', `The query failed${suffix}.`);
  let message = String((error as PgLikeError | null)?.message ?? 'the query failed');
  for (const secret of secrets()) {
    if (secret.length >= 3) message = message.split(secret).join('[secret]');
  }
  return new HttpError(400, 'query_failed', `${message.slice(0, 2_000)}${suffix}`);
}

/** The five-character SQLSTATE of a PostgreSQL error, if any. */
export function sqlStateOf(error: unknown): string | undefined {
  const code = (error as PgLikeError | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function isClientTimeout(error: unknown): boolean {
  return /Query read timeout/i.test(String((error as PgLikeError | null)?.message ?? ''));
}

/** 400 `query_cancelled`: the user pressed Cancel or left; the statement or request was stopped. */
export function cancelledError(): HttpError {
  return new HttpError(400, 'query_cancelled', 'The query was cancelled.');
}
