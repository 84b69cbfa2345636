import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SecuritySettings } from '../../shared/api/security';
import { type ConsumeResult, issueOneTimeSecret, maxSecretAttempts } from '../auth/oneTimeSecrets';
import type { OneTimeSecretPurpose } from '../store/accountTables';
import type { Database } from '../store/database';

/**
 * Mock phone numbers (Security settings): a number with a fixed 6-digit code, so that SMS flows
 * can be tried without a phone. Asking for a code for one sends nothing and issues no code;
 * instead a pending marker is stored (a one-time secret whose token is thrown away at once and
 * whose data says `mock`), so the flow keeps its shape: the code must follow a request, within
 * the same expiry, once, with the same five wrong guesses before it dies. Only the fixed code
 * passes, and only against a marker: a random code issued before the number became a mock one
 * cannot be used, and the fixed code is worth nothing once the number is no longer a mock one.
 */

/** The fixed code of `phone` when it is a mock number, else undefined. */
export function mockCodeOf(settings: SecuritySettings, phone: string): string | undefined {
  return settings.mockPhoneNumbers.find((entry) => entry.phone === phone)?.code;
}

/** Starts a mock number's code step: kills earlier live secrets of the purpose and target, sends nothing. */
export async function issueMockPending(
  db: Kysely<Database>,
  options: { purpose: OneTimeSecretPurpose; target: string; userId: string | null; ttlMs: number; now: Date },
): Promise<void> {
  await issueOneTimeSecret(db, { ...options, shape: 'token', data: { mock: true } });
}

/**
 * Checks `code` against a mock number's fixed code, for the latest live secret of `purpose` and
 * `target`, which must be a mock marker; when right, marks it used (compare-and-set). A wrong code
 * counts against the marker like a wrong SMS code counts against its secret.
 */
export async function consumeMockCode(
  db: Kysely<Database>,
  options: { purpose: OneTimeSecretPurpose; target: string; code: string; fixedCode: string; now: Date },
): Promise<ConsumeResult> {
  const row = await db.selectFrom('one_time_secrets')
    .select(['id', 'user_id', 'target', 'data', 'attempts', 'expires_at'])
    .where('purpose', '=', options.purpose).where('target', '=', options.target).where('consumed_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!row || row.attempts >= maxSecretAttempts || !isMockMarker(row.data)) return { ok: false, reason: 'invalid' };
  if (Date.parse(row.expires_at) <= options.now.getTime()) return { ok: false, reason: 'expired' };
  if (!sameCode(options.code, options.fixedCode)) {
    await db.updateTable('one_time_secrets').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', row.id).execute();
    return { ok: false, reason: 'invalid' };
  }
  const used = await db.updateTable('one_time_secrets').set({ consumed_at: options.now.toISOString() })
    .where('id', '=', row.id).where('consumed_at', 'is', null)
    .executeTakeFirst();
  if (Number(used.numUpdatedRows) !== 1) return { ok: false, reason: 'invalid' };
  return { ok: true, userId: row.user_id, target: row.target, data: { mock: true } };
}

function isMockMarker(data: string | null): boolean {
  if (!data) return false;
  try {
    return (JSON.parse(data) as { mock?: unknown }).mock === true;
  } catch {
    return false;
  }
}

function sameCode(given: string, fixed: string): boolean {
  const left = Buffer.from(given);
  const right = Buffer.from(fixed);
  return left.length === right.length && timingSafeEqual(left, right);
}
