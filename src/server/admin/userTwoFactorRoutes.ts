import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiRoutes } from '../../shared/api/routes';
import { revokeSessionsResponseSchema } from '../../shared/api/sessions';
import { auditRequest } from '../audit/recordAuditEvent';
import { revokeOneTimeSecrets } from '../auth/oneTimeSecrets';
import { requireInstanceAdmin } from '../auth/access';
import { errorResponses } from '../http/errorResponses';
import { HttpError } from '../http/httpError';
import { routePattern } from '../http/routePattern';
import { clearTwoFactor } from '../twoFactor/clearTwoFactor';

/**
 * Instance administrators: turn off a user's two-factor authentication, for someone who lost both
 * the authenticator and the recovery codes (Appwrite's users.updateMfa). Every session of the
 * user ends as well: whoever holds one may be the reason the device is gone. When the instance
 * requires two-factor, the user's next sign-in can only enrol again.
 */
export const userTwoFactorRoutes: FastifyPluginAsyncZod = async (app) => {
  app.delete(routePattern(apiRoutes.adminUserTwoFactor(':userId')), {
    // Checked before the parameters are validated: a stranger learns nothing from a 400.
    preValidation: async (request) => { await requireInstanceAdmin(request); },
    schema: {
      tags: ['admin'],
      summary: "Turns off a user's two-factor authentication and ends their sessions (instance administrators only). 409 when it is not on.",
      params: z.object({ userId: z.string().min(1).max(100) }),
      response: { 200: revokeSessionsResponseSchema, ...errorResponses(401, 403, 404, 409) },
    },
  }, async (request) => {
    const { userId } = request.params;
    const user = await app.db.selectFrom('users').select(['id', 'totp_enabled_at', 'totp_secret']).where('id', '=', userId).executeTakeFirst();
    if (!user) throw new HttpError(404, 'not_found', 'No such user.');
    if (user.totp_enabled_at === null && user.totp_secret === null) throw new HttpError(409, 'conflict', 'This user has no two-factor authentication.');
    const now = app.now();
    return app.db.transaction().execute(async (trx) => {
      await clearTwoFactor(trx, userId);
      await revokeOneTimeSecrets(trx, 'two_factor_challenge', userId, now);
      const deleted = await trx.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
      const revoked = Number(deleted.numDeletedRows);
      await auditRequest(request, { type: 'two_factor_disabled', targetUserId: userId, details: { method: 'admin_reset', revoked } }, trx);
      return { revoked };
    });
  });
};
