import type { Kysely } from 'kysely';
import type { Database } from '../store/database';
import { forgetTotpSteps } from './totpReplay';

/** Turns a user's TOTP off: the secret, the recovery codes and the replay marker go (the user's own choice, or an administrator's reset). */
export async function clearTwoFactor(db: Kysely<Database>, userId: string): Promise<void> {
  await db.updateTable('users').set({ totp_secret: null, totp_enabled_at: null, recovery_codes: '[]' }).where('id', '=', userId).execute();
  await forgetTotpSteps(db, userId);
}
