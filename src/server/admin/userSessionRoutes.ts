import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiRoutes } from '../../shared/api/routes';
import { auditRequest } from '../audit/recordAuditEvent';
import { revokeSessionsResponseSchema, sessionListResponseSchema } from '../../shared/api/sessions';
import { type CurrentUser, requireUser } from '../auth/access';
import { clearSessionCookie } from '../auth/sessionCookie';
import { listSessions } from '../account/listSessions';
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
    const result = await app.db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    await auditRequest(request, { type: 'session_revoked', targetUserId: userId, details: { revoked: Number(result.numDeletedRows) } });
    // An administrator who revokes their own sessions is signed out here too.
    if (userId === admin.id) clearSessionCookie(request, reply);
    return { revoked: Number(result.numDeletedRows) };
  });
};

/** The signed-in user when they administer the instance; 401 signed out, 403 otherwise. */
async function requireInstanceAdmin(request: FastifyRequest): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!user.isInstanceAdmin) throw new HttpError(403, 'forbidden', 'Only instance administrators can do this.');
  return user;
}

async function existingUserId(request: FastifyRequest, userId: string): Promise<string> {
  const row = await request.server.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!row) throw new HttpError(404, 'not_found', 'No such user.');
  return row.id;
}
