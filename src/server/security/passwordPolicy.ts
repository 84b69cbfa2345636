import type { Kysely } from 'kysely';
import type { SecuritySettings } from '../../shared/api/security';
import { HttpError } from '../http/httpError';
import type { Database } from '../store/database';
import { isCommonPassword } from './passwordPolicyDictionary';
import { isRecentPassword } from './passwordPolicyHistory';
import { containsPersonalData, type PasswordOwner } from './passwordPolicyPersonalData';
import { readSecuritySettings } from './securitySettings';

export interface NewPasswordCandidate {
  password: string;
  /** The account the password is for; on sign-up, the id it is about to be created with. */
  user: PasswordOwner;
  /**
   * The user's password hashes, oldest first, current last (passwordHashesOf); [] where history
   * does not apply (sign-up, admin create).
   */
  history: readonly string[];
}

/**
 * Runs the instance's password policies on a new password and throws HttpError 400 with the
 * first that refuses it: `password_in_dictionary`, `password_personal_data`, then
 * `password_recently_used` (the only one that costs Argon2 verifications, so it runs last).
 * `settings` null reads them from the store. The messages never repeat the password.
 */
export async function checkNewPassword(db: Kysely<Database>, settings: SecuritySettings | null, candidate: NewPasswordCandidate): Promise<void> {
  const policies = settings ?? await readSecuritySettings(db);
  if (policies.passwordDictionary && isCommonPassword(candidate.password)) {
    throw new HttpError(400, 'password_in_dictionary', 'This password is one of the 10,000 most common passwords. Choose a less common one.');
  }
  if (policies.passwordPersonalData && containsPersonalData(candidate.password, candidate.user)) {
    throw new HttpError(400, 'password_personal_data', 'The password contains your name, email, phone number or user id. Choose one without them.');
  }
  if (await isRecentPassword(candidate.password, candidate.history, policies.passwordHistory)) {
    const which = policies.passwordHistory === 1 ? 'your current password' : `one of your last ${policies.passwordHistory} passwords`;
    throw new HttpError(400, 'password_recently_used', `This password is ${which}. Choose one you have not used recently.`);
  }
}
