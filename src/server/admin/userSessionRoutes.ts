import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiRoutes } from '../../shared/api/routes';
import { auditRequest } from '../audit/recordAuditEvent';
import { revokeSessionsResponseSchema, sessionListResponseSchema } from '../../shared/api/sessions';
import { revokeOneTimeSecrets } from '../auth/oneTimeSecrets';
import { clearSessionCookie } from '../auth/sessionCookie';
import { listSessions } from '../account/listSessions';
import { requireInstanceAdmin } from '../auth/access';
import { errorResponses } from '../http/errorResponses';
import { HttpError } from '../http/httpError';
import { routePattern } from '../http/routePattern';
import type { FastifyRequest } from 'fastify';

const params = z.object({ userId: z.string().max(100) });

/** Instance administrators: list and revoke all sessions of any user. */
export const userSessionRoutes: FastifyPluginAsyncZod = async (app) => {
  const pattern = routePattern(apiRoutes.userSessions(':userId'));

  app.get(pattern, {
    schema: {
      tags: ['admin'],
      summary: "A user's live sessions, newest first (instance administrators only).",
      params,
      response: { 200: sessionListResponseSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (request) => {
    await requireInstanceAdmin(request);
    const userId = await existingUserId(request, request.params.userId);
    return { sessions: await listSessions(app.db, userId, request.auth?.sessionId ?? null) };
  });

  app.delete(pattern, {
    schema: {
      tags: ['admin'],
      summary: "Revokes all of a user's sessions (instance administrators only).",
      params,
      response: { 200: revokeSessionsResponseSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (request, reply) => {
    const admin = await requireInstanceAdmin(request);
    const userId = await existingUserId(request, request.params.userId);
    const user = await app.db.selectFrom('users').select(['email', 'phone']).where('id', '=', userId).executeTakeFirstOrThrow();
    const now = app.now();
    const result = await app.db.transaction().execute(async (trx) => {
      const deleted = await trx.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
      // And every way to a new session that is already under way: a two-factor challenge (its
      // first factor is proved), an emailed code or link, an SMS code.
      await revokeOneTimeSecrets(trx, 'two_factor_challenge', userId, now);
      await revokeOneTimeSecrets(trx, 'email_code', user.email, now);
      await revokeOneTimeSecrets(trx, 'magic_url', user.email, now);
      if (user.phone) await revokeOneTimeSecrets(trx, 'phone_code', user.phone, now);
      return deleted;
    });
    await auditRequest(request, { type: 'session_revoked', targetUserId: userId, details: { revoked: Number(result.numDeletedRows) } });
    // An administrator who revokes their own sessions is signed out here too.
    if (userId === admin.id) clearSessionCookie(request, reply);
    return { revoked: Number(result.numDeletedRows) };
  });
};

async function existingUserId(request: FastifyRequest, userId: string): Promise<string> {
  const row = await request.server.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!row) throw new HttpError(404, 'not_found', 'No such user.');
  return row.id;
}
