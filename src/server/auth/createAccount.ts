import type { Kysely } from 'kysely';
import type { UserDto } from '../../shared/api/auth';
import { HttpError } from '../http/httpError';
import type { Database } from '../store/database';
import { newId } from '../store/newId';
import { checkNewPassword } from '../security/passwordPolicy';
import { hashPassword } from './passwords';
import { toUserDto } from './userDto';

export interface NewAccount {
  email: string;
  password: string;
  name: string;
  /** An id chosen by the caller (an administrator's create or an import, like Appwrite's userId); default a new random one. */
  id?: string;
}

/**
 * Creates an account. On an empty instance the account asks to be instance administrator; the
 * partial unique index `users_one_instance_admin` lets exactly one racing sign-up have it, and
 * a loser retries as a plain account. A taken email is 409 `email_taken`. The password policies
 * that apply to a new account (dictionary, personal data with the id it is about to get) run
 * first: 400 `password_in_dictionary` / `password_personal_data`.
 */
export async function createAccount(db: Kysely<Database>, account: NewAccount): Promise<UserDto> {
  // Looked up before the slow hash, so racing first sign-ups really do collide on the index.
  const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  let asAdmin = anyUser === undefined;
  const id = account.id ?? newId('usr_');
  await checkNewPassword(db, null, { password: account.password, user: { id, email: account.email, name: account.name, phone: null }, history: [] });
  const passwordHash = await hashPassword(account.password);
  for (;;) {
    const row = {
      id,
      email: account.email,
      name: account.name,
      password_hash: passwordHash,
      is_instance_admin: asAdmin ? 1 : 0,
      created_at: new Date().toISOString(),
    };
    try {
      await db.insertInto('users').values(row).execute();
      return toUserDto(row);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Which unique constraint failed? Ask the table rather than parse dialect messages.
      const taken = await db.selectFrom('users').select('id').where('email', '=', account.email).executeTakeFirst();
      if (taken) throw new HttpError(409, 'email_taken', 'An account with this email already exists.');
      if (!asAdmin) throw error;
      asAdmin = false;
    }
  }
}

/** A unique-constraint violation from better-sqlite3 or pg. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
