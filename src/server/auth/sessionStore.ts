import { hash, randomBytes } from 'node:crypto';
import { type Kysely, PostgresAdapter } from 'kysely';
import type { SessionProvider } from '../../shared/api/sessions';
import { readSecuritySettings } from '../security/securitySettings';
import type { SessionRestriction } from '../store/accountTables';
import type { Database } from '../store/database';
import { newId } from '../store/newId';

const hourMs = 60 * 60 * 1000;
/** The longest session duration the settings allow (securitySettingsSchema). */
const maxLifetimeMs = 365 * 24 * hourMs;
/** A session's last use is written at most this often, so every request is not a write. */
const touchIntervalMs = 60 * 1000;
/** The stored User-Agent is cut to this many characters. */
export const maxUserAgentLength = 512;

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
  /** null: a full session; 'two_factor_enrolment': it may only enrol a second factor (authPlugin refuses the rest). */
  restriction: SessionRestriction | null;
}

/** Where a session comes from, kept with it for the user's session list. */
export interface SessionOrigin {
  /** The request's User-Agent (cut to 512 characters); '' or undefined when none. */
  userAgent: string | undefined;
  /** The client address (Fastify's request.ip: the TCP peer, since trustProxy is off). */
  ip: string;
  provider: SessionProvider;
  /** null or absent: a full session; 'two_factor_enrolment': may only enrol a second factor. */
  restriction?: SessionRestriction | null;
}

/**
 * sha256 of a session token, hex. The store keeps only this. Runs on every request: the one-shot
 * `hash` skips the Hash object that createHash builds (a few µs each on the execute route).
 */
export function hashSessionToken(token: string): string {
  return hash('sha256', token, 'hex');
}

/**
 * Creates a session for `userId` with a fresh 32-byte random token, lasting the settings'
 * `sessionDurationHours` after its last use. In the same transaction it deletes the user's
 * expired sessions and, beyond the settings' `sessionLimit`, the oldest ones (by created_at,
 * then id), never the new one. The user's row is locked first on PostgreSQL, so parallel
 * sign-ins of one user run this one after another and cannot leave more than the limit; SQLite
 * has one writer at a time anyway.
 */
export async function createSession(db: Kysely<Database>, userId: string, origin: SessionOrigin, now = new Date()): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const sessionId = newId('ses_');
  return db.transaction().execute(async (trx) => {
    if (isPostgres(db)) await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
    // Expired sessions are otherwise deleted only when their cookie comes back; sweep this user's.
    // (A write first: on SQLite it takes the write lock for the whole transaction.)
    await trx.deleteFrom('sessions').where('user_id', '=', userId).where('expires_at', '<=', now.toISOString()).execute();
    const { sessionLimit, sessionDurationHours } = await readSecuritySettings(trx);
    const expiresAt = new Date(now.getTime() + sessionDurationHours * hourMs);
    await trx.insertInto('sessions').values({
      id: sessionId,
      user_id: userId,
      token_hash: hashSessionToken(token),
      created_at: now.toISOString(),
      last_used_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      user_agent: (origin.userAgent ?? '').slice(0, maxUserAgentLength),
      ip: origin.ip,
      provider: origin.provider,
      restriction: origin.restriction ?? null,
    }).execute();
    // Newest first; the new session always stays, so keep sessionLimit - 1 of the others.
    const others = await trx.selectFrom('sessions').select('id')
      .where('user_id', '=', userId).where('id', '!=', sessionId)
      .orderBy('created_at', 'desc').orderBy('id', 'desc')
      .execute();
    const evicted = others.slice(sessionLimit - 1).map((row) => row.id);
    if (evicted.length > 0) await trx.deleteFrom('sessions').where('id', 'in', evicted).execute();
    return { sessionId, token, expiresAt };
  });
}

function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The columns of a session row that findSession and settleSession need. */
export interface SessionRow {
  id: string;
  user_id: string;
  last_used_at: string;
  expires_at: string;
  /** Absent counts as null (a full session). */
  restriction?: SessionRestriction | null;
}

/**
 * The live session for a cookie token, or null. Slides the expiry forward (at most once a
 * minute) and deletes the row when it has expired.
 */
export async function findSession(db: Kysely<Database>, token: string, now = new Date()): Promise<ActiveSession | null> {
  const row = await db.selectFrom('sessions')
    .select(['id', 'user_id', 'last_used_at', 'expires_at', 'restriction'])
    .where('token_hash', '=', hashSessionToken(token))
    .executeTakeFirst();
  return row ? settleSession(db, row, now) : null;
}

/**
 * A session's own duration: its expiry minus its last use, as createSession and every slide
 * write them together. Sliding by it needs no read of the settings on every request (the
 * execute route is hot); a changed sessionDurationHours applies to sessions created after it,
 * and shortenSessions applies a shorter one to the existing sessions at once.
 */
function sessionLifetimeOf(row: SessionRow): number {
  const lifetime = Date.parse(row.expires_at) - Date.parse(row.last_used_at);
  // An unreadable or negative span slides by nothing: the session ends at its stored expiry.
  return Number.isFinite(lifetime) && lifetime > 0 ? Math.min(lifetime, maxLifetimeMs) : 0;
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
    return { sessionId: row.id, userId: row.user_id, expiresAt: new Date(row.expires_at), extended: false, restriction: row.restriction ?? null };
  }
  const expiresAt = new Date(now.getTime() + sessionLifetimeOf(row));
  await db.updateTable('sessions')
    .set({ last_used_at: now.toISOString(), expires_at: expiresAt.toISOString() })
    .where('id', '=', row.id)
    .execute();
  return { sessionId: row.id, userId: row.user_id, expiresAt, extended: true, restriction: row.restriction ?? null };
}

export async function deleteSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/**
 * Applies a shorter session duration to the existing sessions: each ends at most
 * `durationHours` after its last use (so its own duration, which it slides by, becomes the new
 * one). Longer durations apply to new sessions only. Returns how many sessions were shortened.
 */
export async function shortenSessions(db: Kysely<Database>, durationHours: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('sessions').select(['id', 'last_used_at', 'expires_at']).execute();
    let shortened = 0;
    for (const row of rows) {
      const latest = new Date(Date.parse(row.last_used_at) + durationHours * hourMs);
      if (Date.parse(row.expires_at) <= latest.getTime()) continue;
      await trx.updateTable('sessions').set({ expires_at: latest.toISOString() }).where('id', '=', row.id).execute();
      shortened += 1;
    }
    return shortened;
  });
}

/**
 * Applies a change of settings.requireTwoFactor to the existing sessions at once: turned on,
 * every session of a user without TOTP becomes restricted to enrolling it (the next request of
 * that session gets 403 `two_factor_enrolment_required`, and /auth/me tells the client); turned
 * off, every restricted session becomes a full one again. Returns how many sessions changed.
 */
export async function applyTwoFactorRequirement(db: Kysely<Database>, required: boolean): Promise<number> {
  const result = required
    ? await db.updateTable('sessions').set({ restriction: 'two_factor_enrolment' })
      .where('restriction', 'is', null)
      .where('user_id', 'in', (eb) => eb.selectFrom('users').select('id').where('totp_enabled_at', 'is', null))
      .executeTakeFirst()
    : await db.updateTable('sessions').set({ restriction: null })
      .where('restriction', '=', 'two_factor_enrolment')
      .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
