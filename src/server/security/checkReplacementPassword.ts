import type { Kysely } from 'kysely';
import type { SecuritySettings } from '../../shared/api/security';
import { importedPasswordMarker } from '../auth/importedHashes/signInWithImportedHash';
import { verifyImportedHash } from '../auth/importedHashes/verifyImportedHash';
import { HttpError } from '../http/httpError';
import type { Database } from '../store/database';
import { checkNewPassword } from './passwordPolicy';
import { passwordHashesOf } from './passwordPolicyHistory';

/** The columns of a user row that checkReplacementPassword reads. */
export interface ReplacedPasswordOwner {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  password_hash: string;
  password_history: string;
  password_import: string | null;
}

/**
 * Every password policy for a password that replaces a user's current one without the current
 * one being typed (a recovery link, an administrator), the same way on every such route. The
 * history holds the user's Argon2id hashes; an imported user's current password is the imported
 * hash (users.password_hash then holds only a marker, which never enters the history), so with
 * history on it is refused too. Returns the hashes to pass to nextPasswordHistory.
 */
export async function checkReplacementPassword(db: Kysely<Database>, settings: SecuritySettings, row: ReplacedPasswordOwner, password: string): Promise<string[]> {
  const previous = passwordHashesOf(row).filter((hash) => hash !== importedPasswordMarker);
  await checkNewPassword(db, settings, { password, user: { id: row.id, email: row.email, name: row.name, phone: row.phone }, history: previous });
  if (settings.passwordHistory > 0 && row.password_import !== null && await verifyImportedHash(row.password_import, password)) {
    throw new HttpError(400, 'password_recently_used', 'This password is the current password of the account. Choose one that has not been used recently.');
  }
  return previous;
}
