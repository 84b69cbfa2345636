import { HttpError } from '../../http/httpError';
import type { RunMode } from '../datasourceErrors';

interface MysqlLikeError {
  code?: unknown;
  errno?: unknown;
  sqlMessage?: unknown;
  message?: unknown;
  fatal?: unknown;
}

/** Server error codes that mean the login or the database, not the query, failed. */
const loginCodes = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_BAD_DB_ERROR', 'ER_HOST_NOT_PRIVILEGED', 'ER_HOST_IS_BLOCKED', 'ER_CON_COUNT_ERROR', 'ER_TOO_MANY_USER_CONNECTIONS', 'ER_NOT_SUPPORTED_AUTH_MODE', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR']);

/** The mysql2 code of an error (`ER_PARSE_ERROR`, `ECONNREFUSED`, `PROTOCOL_CONNECTION_LOST`...), if any. */
export function mysqlCodeOf(error: unknown): string | undefined {
  const code = (error as MysqlLikeError | null)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{2,64}$/.test(code) ? code : undefined;
}

/** True when the connection failed (network, TLS, login), rather than the statement. */
export function isMysqlConnectionError(error: unknown): boolean {
  const code = mysqlCodeOf(error);
  if (code === undefined) return true;
  if (loginCodes.has(code)) return true;
  if (code.startsWith('ER_')) return false;
  // ECONNREFUSED, ETIMEDOUT, PROTOCOL_CONNECTION_LOST, HANDSHAKE_SSL_ERROR, HANDSHAKE_NO_SSL_SUPPORT, ERR_TLS_CERT_ALTNAME_INVALID...
  return true;
}

/**
 * 502 `datasource_unreachable` with a reason from a fixed list: never mysql2's message, which
 * holds `'user'@'host'` and connection details.
 */
export function mysqlUnreachableError(error: unknown): HttpError {
  const code = mysqlCodeOf(error) ?? '';
  let reason = 'the connection failed';
  if (code === 'ECONNREFUSED') reason = 'the connection was refused';
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') reason = 'the host name was not found';
  else if (code === 'ETIMEDOUT' || code === 'ECONNTIMEDOUT') reason = 'the connection timed out';
  else if (code === 'ECONNRESET' || code === 'PROTOCOL_CONNECTION_LOST') reason = 'the connection was reset';
  else if (code === 'ER_ACCESS_DENIED_ERROR' || code === 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR' || code === 'ER_NOT_SUPPORTED_AUTH_MODE') reason = 'the user name or password was not accepted';
  else if (code === 'ER_DBACCESS_DENIED_ERROR') reason = 'the user may not use this database';
  else if (code === 'ER_BAD_DB_ERROR') reason = 'the database does not exist';
  else if (code === 'ER_CON_COUNT_ERROR' || code === 'ER_TOO_MANY_USER_CONNECTIONS') reason = 'the database server has too many connections';
  else if (code === 'HANDSHAKE_NO_SSL_SUPPORT') reason = 'the server does not support TLS';
  else if (code.startsWith('HANDSHAKE_SSL') || code.startsWith('ERR_TLS') || code.includes('CERT')) reason = 'the TLS handshake failed';
  return new HttpError(502, 'datasource_unreachable', `Could not connect to the datasource: ${reason}.`);
}

/**
 * 400 `query_failed`: edit mode carries MySQL's message and code (every known secret masked),
 * view mode only the code (the message can echo parts of the body or of the values, I1).
 */
export function mysqlQueryFailedError(error: unknown, mode: RunMode, secrets: () => readonly string[]): HttpError {
  const code = mysqlCodeOf(error);
  const suffix = code ? ` (${code})` : '';
  if (mode === 'view') return new HttpError(400, 'query_failed', `The query failed${suffix}.`);
  const raw = (error as MysqlLikeError | null)?.sqlMessage ?? (error as MysqlLikeError | null)?.message ?? 'the query failed';
  let message = String(raw);
  for (const secret of secrets()) {
    if (secret.length >= 3) message = message.split(secret).join('[secret]');
  }
  return new HttpError(400, 'query_failed', `${message.slice(0, 2_000)}${suffix}`);
}

/** 400 `query_failed` for a statement stopped at its time limit (KILL QUERY). */
export function mysqlTimeoutError(timeoutMs: number): HttpError {
  return new HttpError(400, 'query_failed', `The query was cancelled: it ran longer than its time limit of ${timeoutMs} ms.`);
}
