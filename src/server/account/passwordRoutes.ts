import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { changePasswordRequestSchema, changePasswordResponseSchema } from '../../shared/api/password';
import { apiRoutes } from '../../shared/api/routes';
import { auditRequest } from '../audit/recordAuditEvent';
import { hashPassword } from '../auth/passwords';
import { verifyCurrentPassword } from '../auth/verifyCurrentPassword';
import { toUserDto } from '../auth/userDto';
import { errorResponses } from '../http/errorResponses';
import { HttpError } from '../http/httpError';
import { checkReplacementPassword } from '../security/checkReplacementPassword';
import { replacePassword } from '../security/replacePassword';
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
      .select(['id', 'email', 'name', 'phone', 'is_instance_admin', 'password_hash', 'password_history', 'password_import'])
      .where('id', '=', auth.userId)
      .executeTakeFirst();
    if (!row) throw new HttpError(401, 'unauthenticated', 'Sign in to continue.');
    try {
      await verifyCurrentPassword(request, reply, row, currentPassword, { keepImported: true });
    } catch (error) {
      if (error instanceof HttpError && error.code === 'invalid_credentials') {
        await auditRequest(request, { type: 'password_change_failed', targetUserId: row.id, details: { reason: 'wrong_current_password' } });
      }
      throw error;
    }

    const settings = await readSecuritySettings(app.db);
    // The same policies as a recovery or an administrator's change (an imported user's current
    // password is the imported hash: refused too while history is on).
    const previous = await checkReplacementPassword(app.db, settings, row, newPassword);
    const passwordHash = await hashPassword(newPassword);

    const otherSessionsRevoked = await app.db.transaction().execute(async (trx) => {
      const revoked = await replacePassword(trx, {
        userId: row.id, expectedHash: row.password_hash, passwordHash, previous, historyLength: settings.passwordHistory,
        keepSessionId: auth.sessionId, conflictMessage: 'The password was changed meanwhile. Sign in again and retry.', now: app.now(),
      });
      await auditRequest(request, { type: 'password_changed', targetUserId: row.id, details: { revoked } }, trx);
      return revoked;
    });
    return { user: toUserDto(row), otherSessionsRevoked };
  });
};
