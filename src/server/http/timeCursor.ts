import { HttpError } from './httpError';

/**
 * The cursor of a newest-first list ordered by (created_at, id), as the audit log and the outbox
 * page: the last row of a page, as opaque base64url JSON. The next page holds the rows before it.
 */
export function encodeTimeCursor(row: { created_at: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.created_at, row.id])).toString('base64url');
}

/** The (created_at, id) a cursor names; 400 `bad_request` for anything this server did not hand out. */
export function decodeTimeCursor(cursor: string): { at: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') return { at: value[0], id: value[1] };
  } catch { /* a malformed cursor is a 400 below */ }
  throw new HttpError(400, 'bad_request', 'The cursor is not one this server returned.');
}
