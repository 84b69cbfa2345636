import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { HttpError } from './httpError';

/**
 * The cursor of a newest-first list ordered by (created_at, id), as the audit log and the outbox
 * page: the last row of a page, as opaque base64url JSON. The next page holds the rows before it.
 */
function encodeTimeCursor(row: { created_at: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.created_at, row.id])).toString('base64url');
}

/** The (created_at, id) a cursor names; 400 `bad_request` for anything this server did not hand out. */
function decodeTimeCursor(cursor: string): { at: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') return { at: value[0], id: value[1] };
  } catch { /* a malformed cursor is a 400 below */ }
  throw new HttpError(400, 'bad_request', 'The cursor is not one this server returned.');
}

/**
 * The condition of the page after `cursor`, for a query on one table ordered by created_at desc,
 * id desc: the rows before the cursor's row in that order. 400 for a cursor this server did not give.
 */
export function beforeTimeCursor(cursor: string): RawBuilder<SqlBool> {
  const { at, id } = decodeTimeCursor(cursor);
  return sql<SqlBool>`(created_at < ${at} or (created_at = ${at} and id < ${id}))`;
}

/** A page out of `limit + 1` rows read newest first: the first `limit`, and the cursor of the next page when there is one. */
export function timeCursorPage<Row extends { created_at: string; id: string }>(rows: Row[], limit: number): { page: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last ? encodeTimeCursor(last) : null };
}
