import type { Kysely } from 'kysely';
import { revokeOneTimeSecrets } from '../auth/oneTimeSecrets';
import { HttpError } from '../http/httpError';
import type { Database } from '../store/database';
import { nextPasswordHistory } from './passwordPolicyHistory';

export interface PasswordReplacement {
  userId: string;
  /** The password_hash the caller read (and checked): the update happens only if it is still there. */
  expectedHash: string;
  /** The new Argon2id hash. */
  passwordHash: string;
  /** What checkReplacementPassword returned: the hashes the history keeps. */
  previous: string[];
  /** settings.passwordHistory. */
  historyLength: number;
  /** The one session that stays (the user's own, changing their password); null: every session ends. */
  keepSessionId: string | null;
  /** What a 409 says when another change won the race. */
  conflictMessage: string;
  now: Date;
}

/**
 * Writes a new password, the same way for a change, a recovery and an administrator: conditional
 * on the hash that was read, so of two concurrent changes exactly one wins and the loser cannot
 * overwrite the winner's history (409 `conflict`); the imported hash goes; every session but
 * `keepSessionId` ends (whoever knew the old password may hold one), and so do open two-factor
 * challenges (their first factor was the old password). Run it in the route's transaction.
 * Returns how many sessions ended.
 */
export async function replacePassword(trx: Kysely<Database>, change: PasswordReplacement): Promise<number> {
  const updated = await trx.updateTable('users')
    .set({ password_hash: change.passwordHash, password_history: nextPasswordHistory(change.previous, change.passwordHash, change.historyLength), password_import: null })
    .where('id', '=', change.userId)
    .where('password_hash', '=', change.expectedHash)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new HttpError(409, 'conflict', change.conflictMessage);
  let sessions = trx.deleteFrom('sessions').where('user_id', '=', change.userId);
  if (change.keepSessionId !== null) sessions = sessions.where('id', '!=', change.keepSessionId);
  const deleted = await sessions.executeTakeFirst();
  await revokeOneTimeSecrets(trx, 'two_factor_challenge', change.userId, change.now);
  return Number(deleted.numDeletedRows);
}
