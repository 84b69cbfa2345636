import { HttpError } from '../../http/httpError';
import type { RunMode } from '../datasourceErrors';

/** A failure the SQLite child reported. */
export interface SqliteFailure {
  code: string | undefined;
  message: string;
  phase: 'open' | 'query';
}

/** The SQLite code (`SQLITE_ERROR`, `SQLITE_READONLY`...), if it looks like one. */
export function sqliteCodeOf(failure: Pick<SqliteFailure, 'code'>): string | undefined {
  return typeof failure.code === 'string' && /^SQLITE_[A-Z_]{1,40}$/.test(failure.code) ? failure.code : undefined;
}

/** The file could not be opened (gone, locked, not a database): 502 with a fixed reason. */
export function sqliteUnreachableError(): HttpError {
  return new HttpError(502, 'datasource_unreachable', 'Could not open the SQLite database file.');
}

/** 400 `query_failed`: SQLite's message and code in edit mode, only the code in view mode. */
export function sqliteQueryFailedError(failure: SqliteFailure, mode: RunMode): HttpError {
  const code = sqliteCodeOf(failure);
  const suffix = code ? ` (${code})` : '';
  if (mode === 'view') return new HttpError(400, 'query_failed', `The query failed${suffix}.`);
  return new HttpError(400, 'query_failed', `${failure.message.slice(0, 2_000)}${suffix}`);
}

export function sqliteTimeoutError(timeoutMs: number): HttpError {
  return new HttpError(400, 'query_failed', `The query was cancelled: it ran longer than its time limit of ${timeoutMs} ms.`);
}
