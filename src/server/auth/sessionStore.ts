import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database';
import { newId } from '../store/newId';

/** Sessions last 30 days after their last use. */
export const sessionLifetimeMs = 30 * 24 * 60 * 60 * 1000;
/** A session's last use is written at most this often, so every request is not a write. */
const touchIntervalMs = 60 * 1000;

export interface NewSession {
  sessionId: string;
  /** The secret that goes into the cookie; only its hash is stored. */
  token: string;
  expiresAt: Date;
}

export interface ActiveSession {
  sessionId: string;
  userId: string;
  expiresAt: Date;
  /** True when this lookup extended the expiry (the cookie should be re-sent). */
  extended: boolean;
}

/** sha256 of a session token, hex. The store keeps only this. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a session for `userId` with a fresh 32-byte random token. */
export async function createSession(db: Kysely<Database>, userId: string, now = new Date()): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const sessionId = newId('ses_');
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs);
  // Expired sessions are otherwise deleted only when their cookie comes back; sweep this user's.
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('expires_at', '<=', now.toISOString()).execute();
  await db.insertInto('sessions').values({
    id: sessionId,
    user_id: userId,
    token_hash: hashSessionToken(token),
    created_at: now.toISOString(),
    last_used_at: now.toISOString(),
    expires_at: expiresAt.toISOString(),
  }).execute();
  return { sessionId, token, expiresAt };
}

/** The columns of a session row that findSession and settleSession need. */
export interface SessionRow {
  id: string;
  user_id: string;
  last_used_at: string;
  expires_at: string;
}

/**
 * The live session for a cookie token, or null. Slides the expiry forward (at most once a
 * minute) and deletes the row when it has expired.
 */
export async function findSession(db: Kysely<Database>, token: string, now = new Date()): Promise<ActiveSession | null> {
  const row = await db.selectFrom('sessions')
    .select(['id', 'user_id', 'last_used_at', 'expires_at'])
    .where('token_hash', '=', hashSessionToken(token))
    .executeTakeFirst();
  return row ? settleSession(db, row, now) : null;
}

/**
 * What findSession does with the row it read, for a route that reads the session row in its
 * own store query (by `token_hash = hashSessionToken(token)`): null and the row deleted when it
 * has expired, else the session, its expiry slid forward at most once a minute.
 */
export async function settleSession(db: Kysely<Database>, row: SessionRow, now = new Date()): Promise<ActiveSession | null> {
  if (Date.parse(row.expires_at) <= now.getTime()) {
    await db.deleteFrom('sessions').where('id', '=', row.id).execute();
    return null;
  }
  if (now.getTime() - Date.parse(row.last_used_at) < touchIntervalMs) {
    return { sessionId: row.id, userId: row.user_id, expiresAt: new Date(row.expires_at), extended: false };
  }
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs);
  await db.updateTable('sessions')
    .set({ last_used_at: now.toISOString(), expires_at: expiresAt.toISOString() })
    .where('id', '=', row.id)
    .execute();
  return { sessionId: row.id, userId: row.user_id, expiresAt, extended: true };
}

export async function deleteSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}
