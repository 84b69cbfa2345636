import type { Kysely } from 'kysely';
import { type SecuritySettings, securitySettingsSchema } from '../../shared/api/security';
import type { Database } from '../store/database';

const rowId = 'instance';

/**
 * The instance's security settings, read from the store on every call: they are few, small and
 * read on sign-in and password paths only, and several server instances must agree at once.
 * Defaults when nothing was saved yet.
 */
export async function readSecuritySettings(db: Kysely<Database>): Promise<SecuritySettings> {
  const row = await db.selectFrom('security_settings').select('settings').where('id', '=', rowId).executeTakeFirst();
  return securitySettingsSchema.parse(row ? JSON.parse(row.settings) : {});
}

/** Merges a change into the stored settings and returns the result. */
export async function updateSecuritySettings(db: Kysely<Database>, change: Partial<SecuritySettings>, now = new Date()): Promise<SecuritySettings> {
  return db.transaction().execute(async (trx) => {
    const next = securitySettingsSchema.parse({ ...(await readSecuritySettings(trx)), ...change });
    const values = { id: rowId, settings: JSON.stringify(next), updated_at: now.toISOString() };
    await trx.insertInto('security_settings').values(values)
      .onConflict((oc) => oc.column('id').doUpdateSet({ settings: values.settings, updated_at: values.updated_at }))
      .execute();
    return next;
  });
}
