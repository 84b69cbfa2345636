import type { Kysely } from 'kysely';
import { type SecretBox, envelopeKeyId } from '../crypto/secretBox';
import type { Database } from '../store/database';

/**
 * TOTP secrets are sealed by the same secret box as datasource secrets, so a key rotation
 * (`npm run cordon -- rotate-key`) must re-seal them too, or users with two-factor could not
 * sign in once the old key is gone. For the rotation's re-encrypt and verify steps.
 */

/** Re-seals with the box's current key every TOTP secret sealed with another key; returns how many. */
export async function reencryptTotpSecrets(db: Kysely<Database>, box: SecretBox): Promise<number> {
  const rows = await db.selectFrom('users').select(['id', 'totp_secret']).where('totp_secret', 'is not', null).execute();
  let resealed = 0;
  for (const row of rows) {
    const envelope = row.totp_secret;
    if (envelope === null || envelopeKeyId(envelope) === box.keyId) continue;
    const sealed = box.encrypt(box.decrypt(envelope)); // throws SecretBoxError (never the secret) for an unknown key
    // Only if unchanged meanwhile (a running server may have started a new enrolment).
    const updated = await db.updateTable('users').set({ totp_secret: sealed }).where('id', '=', row.id).where('totp_secret', '=', envelope).executeTakeFirst();
    resealed += Number(updated.numUpdatedRows);
  }
  return resealed;
}

/** Users whose TOTP secret is not sealed with the box's current key, or cannot be opened: empty when the rotation is complete. */
export async function unreadableTotpSecrets(db: Kysely<Database>, box: SecretBox): Promise<Array<{ userId: string; problem: 'old key' | 'unreadable' }>> {
  const rows = await db.selectFrom('users').select(['id', 'totp_secret']).where('totp_secret', 'is not', null).execute();
  const problems: Array<{ userId: string; problem: 'old key' | 'unreadable' }> = [];
  for (const row of rows) {
    try {
      box.decrypt(row.totp_secret!);
    } catch {
      problems.push({ userId: row.id, problem: 'unreadable' });
      continue;
    }
    if (envelopeKeyId(row.totp_secret!) !== box.keyId) problems.push({ userId: row.id, problem: 'old key' });
  }
  return problems;
}
