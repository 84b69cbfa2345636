import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database';
import type { OneTimeSecretPurpose } from '../store/accountTables';
import { newId } from '../store/newId';

/**
 * Short-lived single-use secrets: 6-digit codes (email and SMS sign-in, phone verification) and
 * 32-byte tokens (magic URLs, password recovery links, two-factor challenges). Only a hash is
 * stored; the purpose (and a code's target) is mixed into it, so a secret made for one purpose or
 * one recipient is worth nothing for another. Issuing a new secret for a purpose and target kills the
 * earlier live ones, so only the latest email or SMS works.
 */

export type SecretShape = 'code' | 'token';

export interface IssueSecretOptions {
  purpose: OneTimeSecretPurpose;
  /** What the secret is bound to: a lower-cased email, an E.164 number or a user id. */
  target: string;
  userId: string | null;
  ttlMs: number;
  shape: SecretShape;
  /** Kept with the secret and handed back when it is consumed (e.g. a challenge's first factor). */
  data?: Record<string, unknown>;
  now: Date;
}

export interface IssuedSecret {
  id: string;
  /** The secret to send or hand out; never stored. */
  secret: string;
  expiresAt: Date;
}

/** Only the latest live secret of a purpose and target works; this many wrong guesses kill it. */
export const maxSecretAttempts = 5;

export async function issueOneTimeSecret(db: Kysely<Database>, options: IssueSecretOptions): Promise<IssuedSecret> {
  const secret = options.shape === 'code' ? randomInt(0, 1_000_000).toString().padStart(6, '0') : randomBytes(32).toString('base64url');
  const id = newId('ots_');
  const expiresAt = new Date(options.now.getTime() + options.ttlMs);
  const nowIso = options.now.toISOString();
  await db.transaction().execute(async (trx) => {
    // Earlier secrets of this purpose and target die; dead rows of the target are swept.
    await trx.deleteFrom('one_time_secrets')
      .where('purpose', '=', options.purpose).where('target', '=', options.target)
      .where((eb) => eb.or([eb('consumed_at', 'is not', null), eb('expires_at', '<=', nowIso)]))
      .execute();
    await trx.updateTable('one_time_secrets').set({ consumed_at: nowIso })
      .where('purpose', '=', options.purpose).where('target', '=', options.target).where('consumed_at', 'is', null)
      .execute();
    await trx.insertInto('one_time_secrets').values({
      id,
      purpose: options.purpose,
      user_id: options.userId,
      target: options.target,
      secret_hash: options.shape === 'code' ? hashSecret(options.purpose, options.target, secret) : hashToken(options.purpose, secret),
      data: options.data ? JSON.stringify(options.data) : null,
      created_at: nowIso,
      expires_at: expiresAt.toISOString(),
      consumed_at: null,
    }).execute();
  });
  return { id, secret, expiresAt };
}

export type ConsumeResult =
  | { ok: true; userId: string | null; target: string; data: Record<string, unknown> }
  | { ok: false; reason: 'invalid' | 'expired' };

/**
 * Checks a 6-digit code against the latest live code of `purpose` for `target` and, when right,
 * marks it used (an atomic compare-and-set, so two requests with the same code cannot both pass).
 * A wrong code counts against the live code; at maxSecretAttempts it dies.
 */
export async function consumeCode(db: Kysely<Database>, purpose: OneTimeSecretPurpose, target: string, code: string, now: Date): Promise<ConsumeResult> {
  const row = await db.selectFrom('one_time_secrets')
    .select(['id', 'user_id', 'target', 'secret_hash', 'data', 'attempts', 'expires_at'])
    .where('purpose', '=', purpose).where('target', '=', target).where('consumed_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!row || row.attempts >= maxSecretAttempts) return { ok: false, reason: 'invalid' };
  if (Date.parse(row.expires_at) <= now.getTime()) return { ok: false, reason: 'expired' };
  if (!sameHash(row.secret_hash, hashSecret(purpose, target, code))) {
    await db.updateTable('one_time_secrets')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', row.id)
      .execute();
    return { ok: false, reason: 'invalid' };
  }
  return markUsed(db, row, now);
}

/**
 * Checks a token (magic URL, recovery link, two-factor challenge) of `purpose` and, when it is
 * live, marks it used. The token alone finds its row: tokens are 256 random bits.
 */
export async function consumeToken(db: Kysely<Database>, purpose: OneTimeSecretPurpose, token: string, now: Date): Promise<ConsumeResult> {
  const row = await db.selectFrom('one_time_secrets')
    .select(['id', 'user_id', 'target', 'data', 'expires_at', 'consumed_at'])
    .where('purpose', '=', purpose)
    .where('secret_hash', '=', hashToken(purpose, token))
    .executeTakeFirst();
  if (!row || row.consumed_at !== null) return { ok: false, reason: 'invalid' };
  if (Date.parse(row.expires_at) <= now.getTime()) return { ok: false, reason: 'expired' };
  return markUsed(db, row, now);
}

/**
 * Looks at a token without using it (e.g. to show the recovery form for a live link only).
 * Same answers as consumeToken.
 */
export async function peekToken(db: Kysely<Database>, purpose: OneTimeSecretPurpose, token: string, now: Date): Promise<ConsumeResult> {
  const row = await db.selectFrom('one_time_secrets')
    .select(['user_id', 'target', 'data', 'expires_at', 'consumed_at'])
    .where('purpose', '=', purpose)
    .where('secret_hash', '=', hashToken(purpose, token))
    .executeTakeFirst();
  if (!row || row.consumed_at !== null) return { ok: false, reason: 'invalid' };
  if (Date.parse(row.expires_at) <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, userId: row.user_id, target: row.target, data: parseData(row.data) };
}

/** A live token found by peekTokenAttempt: its row id and its wrong guesses so far. */
export type TokenAttempt =
  | { ok: true; id: string; userId: string | null; target: string; data: Record<string, unknown>; attempts: number }
  | { ok: false; reason: 'invalid' | 'expired' };

/**
 * For a token that guards a second secret (a two-factor challenge guards the TOTP code): looks
 * the token up without using it, so that a wrong second secret does not burn it. Dead at
 * maxSecretAttempts wrong guesses (recordWrongAttempt). Use it with consumeTokenById once the
 * second secret was right.
 */
export async function peekTokenAttempt(db: Kysely<Database>, purpose: OneTimeSecretPurpose, token: string, now: Date): Promise<TokenAttempt> {
  const row = await db.selectFrom('one_time_secrets')
    .select(['id', 'user_id', 'target', 'data', 'attempts', 'expires_at', 'consumed_at'])
    .where('purpose', '=', purpose)
    .where('secret_hash', '=', hashToken(purpose, token))
    .executeTakeFirst();
  if (!row || row.consumed_at !== null || row.attempts >= maxSecretAttempts) return { ok: false, reason: 'invalid' };
  if (Date.parse(row.expires_at) <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, id: row.id, userId: row.user_id, target: row.target, data: parseData(row.data), attempts: row.attempts };
}

/** Counts a wrong guess against a secret (by row id); returns how many guesses it has left (0: dead). */
export async function recordWrongAttempt(db: Kysely<Database>, id: string): Promise<number> {
  await db.updateTable('one_time_secrets').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', id).execute();
  const row = await db.selectFrom('one_time_secrets').select('attempts').where('id', '=', id).executeTakeFirst();
  return row ? Math.max(0, maxSecretAttempts - row.attempts) : 0;
}

/**
 * Uses a secret found by peekTokenAttempt: an atomic compare-and-set that fails when it was used
 * meanwhile, has expired or ran out of guesses (a parallel request cannot use it twice).
 */
export async function consumeTokenById(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const result = await db.updateTable('one_time_secrets').set({ consumed_at: now.toISOString() })
    .where('id', '=', id).where('consumed_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .where('attempts', '<', maxSecretAttempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Kills every live secret of `purpose` for `target` (e.g. recovery links once the password changed). */
export async function revokeOneTimeSecrets(db: Kysely<Database>, purpose: OneTimeSecretPurpose, target: string, now: Date): Promise<void> {
  await db.updateTable('one_time_secrets').set({ consumed_at: now.toISOString() })
    .where('purpose', '=', purpose).where('target', '=', target).where('consumed_at', 'is', null)
    .execute();
}

async function markUsed(db: Kysely<Database>, row: { id: string; user_id: string | null; target: string; data: string | null }, now: Date): Promise<ConsumeResult> {
  const result = await db.updateTable('one_time_secrets').set({ consumed_at: now.toISOString() })
    .where('id', '=', row.id).where('consumed_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return { ok: false, reason: 'invalid' }; // a parallel request used it first
  return { ok: true, userId: row.user_id, target: row.target, data: parseData(row.data) };
}

/**
 * A token is found by its hash alone (the caller does not know the target), so it is hashed with
 * its purpose only: 256 random bits need no target to be unguessable; `target` still names the
 * recipient.
 */
function hashToken(purpose: string, token: string): string {
  return hashSecret(purpose, '', token);
}

/** Codes are hashed with their target: the same 6 digits sent to two people are two different secrets. */
function hashSecret(purpose: string, target: string, secret: string): string {
  return createHash('sha256').update(`${purpose}\u0000${target}\u0000${secret}`).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

function parseData(data: string | null): Record<string, unknown> {
  if (!data) return {};
  const parsed: unknown = JSON.parse(data);
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : {};
}
