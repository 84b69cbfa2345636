import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../http/httpError';
import { limitAttempt } from '../security/rateLimitAttempt';
import { signInChecks } from '../security/rateLimitChecks';
import { importedPasswordMarker, signInWithImportedHash } from './importedHashes/signInWithImportedHash';
import { verifyImportedHash } from './importedHashes/verifyImportedHash';
import { verifyPassword } from './passwords';

/** The columns of a user row that verifyCurrentPassword reads. */
export interface PasswordOwner {
  id: string;
  email: string;
  password_hash: string;
  password_import: string | null;
}

/**
 * Checks the password a signed-in user typed to confirm a sensitive change (password, phone
 * number, two-factor). A wrong one is a failed sign-in of this email: the same counters, so a
 * borrowed session cannot guess the password here once sign-in would refuse (429); a right one
 * gives its attempt back. An imported user who has not signed in with a password yet (e.g. only
 * by an email code) is checked against the imported hash and, like at a sign-in, re-hashed with
 * Argon2id, unless `keepImported` (a password change replaces the hash anyway, and its
 * conditional update must not race a re-hash). 401 `invalid_credentials` when wrong.
 */
export async function verifyCurrentPassword(request: FastifyRequest, reply: FastifyReply, user: PasswordOwner, password: string, options: { keepImported?: boolean } = {}): Promise<void> {
  const attempt = await limitAttempt(request, reply, signInChecks(user.email, request.ip));
  const imported = user.password_import !== null && user.password_hash === importedPasswordMarker ? user.password_import : null;
  const verified = imported === null
    ? await verifyPassword(user.password_hash, password)
    : options.keepImported
      ? await verifyImportedHash(imported, password)
      : await signInWithImportedHash(request.server.db, { id: user.id, password_import: imported }, password);
  if (!verified) throw new HttpError(401, 'invalid_credentials', 'The current password is wrong.');
  await attempt.refund();
}
