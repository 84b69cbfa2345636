import type { Kysely } from 'kysely';
import type { Database } from '../../store/database';
import { hashPassword, spendPasswordVerification } from '../passwords';
import { verifyImportedHash } from './verifyImportedHash';

/**
 * What users.password_hash holds while a user has only an imported hash: not a PHC string, so
 * verifyPassword can never accept it (not even an empty password).
 */
export const importedPasswordMarker = '!imported';

/**
 * Verifies a sign-in against users.password_import. On success the password is re-hashed with
 * Argon2id and the import dropped in one update, only if the import is still the one verified
 * (a concurrent sign-in that got there first already did the same). A failure spends one Argon2id
 * verification, so a fast hash (MD5, SHA) does not answer faster than a native account.
 */
export async function signInWithImportedHash(db: Kysely<Database>, user: { id: string; password_import: string }, password: string): Promise<boolean> {
  if (!(await verifyImportedHash(user.password_import, password))) {
    await spendPasswordVerification(password);
    return false;
  }
  const passwordHash = await hashPassword(password);
  await db.updateTable('users')
    .set({ password_hash: passwordHash, password_import: null })
    .where('id', '=', user.id)
    .where('password_import', '=', user.password_import)
    .execute();
  return true;
}
