import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { changePasswordRequestSchema, changePasswordResponseSchema } from '../../shared/api/password';
import { apiRoutes } from '../../shared/api/routes';
import { auditRequest } from '../audit/recordAuditEvent';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { toUserDto } from '../auth/userDto';
import { errorResponses } from '../http/errorResponses';
import { HttpError } from '../http/httpError';
import { checkNewPassword } from '../security/passwordPolicy';
import { limitAttempt } from '../security/rateLimitAttempt';
import { signInChecks } from '../security/rateLimitChecks';
import { nextPasswordHistory, passwordHashesOf } from '../security/passwordPolicyHistory';
import { readSecuritySettings } from '../security/securitySettings';

/** The signed-in user's password. */
export const passwordRoutes: FastifyPluginAsyncZod = async (app) => {
  app.patch(apiRoutes.accountPassword, {
    schema: {
      tags: ['account'],
      summary: 'Change your password (the current one is required). Every other session of yours is signed out; this one stays.',
      body: changePasswordRequestSchema,
      response: { 200: changePasswordResponseSchema, ...errorResponses(400, 401, 403, 409, 429) },
    },
  }, async (request, reply) => {
    const auth = request.auth;
    if (!auth) throw new HttpError(401, 'unauthenticated', 'Sign in to continue.');
    const { currentPassword, newPassword } = request.body;
    const row = await app.db.selectFrom('users')
      .select(['id', 'email', 'name', 'phone', 'is_instance_admin', 'password_hash', 'password_history'])
      .where('id', '=', auth.userId)
      .executeTakeFirst();
    if (!row) throw new HttpError(401, 'unauthenticated', 'Sign in to continue.');
    // A wrong current password is a failed sign-in of this email: the same counters, so a
    // borrowed session cannot guess the password here once sign-in would refuse (429).
    const attempt = await limitAttempt(request, reply, signInChecks(row.email, request.ip));
    if (!(await verifyPassword(row.password_hash, currentPassword))) {
      await auditRequest(request, { type: 'password_change_failed', targetUserId: row.id, details: { reason: 'wrong_current_password' } });
      throw new HttpError(401, 'invalid_credentials', 'The current password is wrong.');
    }
    await attempt.refund(); // only failures count

    const settings = await readSecuritySettings(app.db);
    const previous = passwordHashesOf(row);
    await checkNewPassword(app.db, settings, {
      password: newPassword,
      user: { id: row.id, email: row.email, name: row.name, phone: row.phone },
      history: previous,
    });
    const passwordHash = await hashPassword(newPassword);

    const otherSessionsRevoked = await app.db.transaction().execute(async (trx) => {
      // Conditional on the hash that was verified: of two concurrent changes exactly one wins,
      // and the loser cannot overwrite the winner's history with its stale copy.
      const updated = await trx.updateTable('users')
        .set({ password_hash: passwordHash, password_history: nextPasswordHistory(previous, passwordHash, settings.passwordHistory) })
        .where('id', '=', row.id)
        .where('password_hash', '=', row.password_hash)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) {
        throw new HttpError(409, 'conflict', 'The password was changed meanwhile. Sign in again and retry.');
      }
      // Whoever else knew the old password may hold a session: end them all but this one.
      const deleted = await trx.deleteFrom('sessions')
        .where('user_id', '=', row.id)
        .where('id', '!=', auth.sessionId)
        .executeTakeFirst();
      await auditRequest(request, { type: 'password_changed', targetUserId: row.id, details: { revoked: Number(deleted.numDeletedRows) } }, trx);
      return Number(deleted.numDeletedRows);
    });
    return { user: toUserDto(row), otherSessionsRevoked };
  });
};
