import type { Kysely } from 'kysely';
import type { Database } from '../store/database';

/**
 * A TOTP code works once: the last time step a user's code was accepted for is kept, and a code
 * of that step or an earlier one is refused (RFC 6238, section 5.2). Kept without a new column,
 * in one row of one_time_secrets per user: id `totp_step_<userId>`, target `totp-step:<userId>`
 * (so issuing or sweeping the user's challenges, whose target is the bare user id, never
 * touches it), an empty secret_hash (no token hashes to it), consumed from the start (it is
 * never a live secret), and the step in `attempts`, where the claim is a compare-and-set: of
 * two requests with the same code exactly one passes, on SQLite and PostgreSQL alike.
 */
const rowId = (userId: string) => `totp_step_${userId}`;
const neverExpires = '9999-12-31T23:59:59.999Z';

/** True when `step` is later than every step this user used before (and is now the last used one). */
export async function claimTotpStep(db: Kysely<Database>, userId: string, step: number, now: Date): Promise<boolean> {
  const updated = await db.updateTable('one_time_secrets')
    .set({ attempts: step, data: JSON.stringify({ step }) })
    .where('id', '=', rowId(userId))
    .where('attempts', '<', step)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 1) return true;
  // No row yet, or a row at this step or later (a replay): only the first insert can pass.
  const inserted = await db.insertInto('one_time_secrets').values({
    id: rowId(userId),
    purpose: 'two_factor_challenge',
    user_id: userId,
    target: `totp-step:${userId}`,
    secret_hash: '',
    data: JSON.stringify({ step }),
    attempts: step,
    created_at: now.toISOString(),
    expires_at: neverExpires,
    consumed_at: now.toISOString(),
  }).onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
  return inserted !== undefined;
}

/** Forgets the last used step (TOTP turned off: a new secret starts from nothing). */
export async function forgetTotpSteps(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('one_time_secrets').where('id', '=', rowId(userId)).execute();
}
