import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiRoutes } from '../../shared/api/routes';
import { auditRequest } from '../audit/recordAuditEvent';
import { revokeSessionsResponseSchema, sessionListResponseSchema } from '../../shared/api/sessions';
import { requireUser } from '../auth/access';
import { clearSessionCookie } from '../auth/sessionCookie';
import { errorResponses } from '../http/errorResponses';
import { HttpError } from '../http/httpError';
import { routePattern } from '../http/routePattern';
import { listSessions } from './listSessions';

/** The signed-in user's own sessions: list them, revoke one, revoke all others. */
export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(apiRoutes.accountSessions, {
    schema: {
      tags: ['account'],
      summary: "The signed-in user's live sessions, newest first; `current` marks this request's.",
      response: { 200: sessionListResponseSchema, ...errorResponses(401) },
    },
  }, async (request) => {
    const user = await requireUser(request);
    return { sessions: await listSessions(app.db, user.id, request.auth?.sessionId ?? null) };
  });

  app.delete(routePattern(apiRoutes.accountSession(':sessionId')), {
    schema: {
      tags: ['account'],
      summary: "Revokes one of the signed-in user's sessions (the current one too: that signs out).",
      params: z.object({ sessionId: z.string().max(100) }),
      response: { 204: z.null().describe('revoked'), ...errorResponses(401, 403, 404) },
    },
  }, async (request, reply) => {
    const user = await requireUser(request);
    const { sessionId } = request.params;
    // Scoped to the caller: another user's session id is 404 alike, so ids cannot be probed.
    const result = await app.db.deleteFrom('sessions').where('id', '=', sessionId).where('user_id', '=', user.id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new HttpError(404, 'not_found', 'No such session.');
    await auditRequest(request, { type: 'session_revoked', targetUserId: user.id, subjectId: sessionId, details: { revoked: 1 } });
    if (sessionId === request.auth?.sessionId) clearSessionCookie(request, reply);
    return reply.code(204).send(null);
  });

  app.delete(apiRoutes.accountSessions, {
    schema: {
      tags: ['account'],
      summary: "Revokes all of the signed-in user's sessions except the current one.",
      response: { 200: revokeSessionsResponseSchema, ...errorResponses(401, 403) },
    },
  }, async (request) => {
    const user = await requireUser(request);
    const currentSessionId = request.auth?.sessionId ?? '';
    const result = await app.db.deleteFrom('sessions').where('user_id', '=', user.id).where('id', '!=', currentSessionId).executeTakeFirst();
    await auditRequest(request, { type: 'session_revoked', targetUserId: user.id, details: { revoked: Number(result.numDeletedRows) } });
    return { revoked: Number(result.numDeletedRows) };
  });
};
