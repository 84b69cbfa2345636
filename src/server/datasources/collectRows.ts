import pg from 'pg';

/** The rows of a query's last statement, at most `limit` of them kept in memory. */
export interface CollectedRows {
  rows: Record<string, unknown>[];
  fields: Array<{ name: string }>;
  /** The database's count (affected rows for writes), or the number of rows seen. */
  rowCount: number;
  /** More rows arrived than were kept. */
  truncated: boolean;
}

/** Raised when the server did not answer within the client-side safety limit. */
export class ReadTimeoutError extends Error {
  override name = 'ReadTimeoutError';
  constructor() {
    super('Query read timeout');
  }
}

/**
 * Runs a query row by row and keeps only the first `limit` rows, so a huge result cannot fill
 * the server's memory. A body of several statements (simple protocol, no parameters) answers
 * with the last statement's rows. `readTimeoutMs` is a safety net behind statement_timeout:
 * after it the promise rejects with ReadTimeoutError and the caller must destroy the connection.
 */
export function collectRows(client: pg.PoolClient, text: string, values: unknown[], limit: number, readTimeoutMs: number): Promise<CollectedRows> {
  return new Promise((resolve, reject) => {
    // (text, values) rather than a config object: pg copies a config object property by property
    // on every query, which showed up on the execute route's profile.
    const query = new pg.Query(text, values);
    let rows: Record<string, unknown>[] = [];
    let seen = 0;
    let rowsOf: unknown = null;
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(new ReadTimeoutError());
    }, readTimeoutMs);

    // A 'row' listener makes pg hand rows over one by one instead of accumulating them.
    query.on('row', (row: Record<string, unknown>, result: unknown) => {
      if (result !== rowsOf) {
        rowsOf = result;
        rows = [];
        seen = 0;
      }
      seen++;
      if (rows.length < limit) rows.push(row);
    });
    query.on('error', (error: Error) => {
      clearTimeout(timer);
      if (!settled) reject(error);
      settled = true;
    });
    query.on('end', (results: pg.QueryResult | pg.QueryResult[]) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      const last = Array.isArray(results) ? results[results.length - 1] : results;
      if (last !== rowsOf) {
        rows = [];
        seen = 0;
      }
      resolve({
        rows,
        fields: (last?.fields ?? []).map((field) => ({ name: field.name })),
        rowCount: last?.rowCount ?? seen,
        truncated: seen > limit,
      });
    });
    client.query(query);
  });
}
