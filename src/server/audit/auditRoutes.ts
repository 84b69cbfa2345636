import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type AuditEventDto, auditLogQuerySchema, auditLogResponseSchema } from '../../shared/api/audit';
import { apiRoutes } from '../../shared/api/routes';
import { requireInstanceAdmin } from '../auth/access';
import { errorResponses } from '../http/errorResponses';
import { beforeTimeCursor, timeCursorPage } from '../http/timeCursor';
import type { AuditEventsTable } from '../store/auditTables';

/** Instance administrators read the audit log, newest first, filtered and paged by cursor. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(apiRoutes.auditLog, {
    schema: {
      tags: ['admin'],
      summary: 'The audit log of security events, newest first (instance administrators only).',
      querystring: auditLogQuerySchema,
      response: { 200: auditLogResponseSchema, ...errorResponses(400, 401, 403) },
    },
    // Checked before the query string is validated: a stranger learns nothing from a 400.
    onRequest: async (request) => { await requireInstanceAdmin(request); },
  }, async (request) => {
    const { type, userId, workspaceId, from, to, cursor, limit } = request.query;
    let query = app.db.selectFrom('audit_events').selectAll();
    if (type) query = query.where('type', '=', type);
    if (userId) query = query.where((eb) => eb.or([eb('actor_user_id', '=', userId), eb('target_user_id', '=', userId)]));
    if (workspaceId) query = query.where('workspace_id', '=', workspaceId);
    if (from) query = query.where('created_at', '>=', new Date(from).toISOString());
    if (to) query = query.where('created_at', '<', new Date(to).toISOString());
    if (cursor) query = query.where(beforeTimeCursor(cursor));
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    const { page, nextCursor } = timeCursorPage(rows, limit);
    return {
      events: page.map(toDto),
      nextCursor,
    };
  });
};

function toDto(row: AuditEventsTable): AuditEventDto {
  return {
    id: row.id,
    type: row.type as AuditEventDto['type'],
    actorUserId: row.actor_user_id,
    targetUserId: row.target_user_id,
    workspaceId: row.workspace_id,
    subjectId: row.subject_id,
    ip: row.ip,
    userAgent: row.user_agent,
    details: JSON.parse(row.details) as AuditEventDto['details'],
    createdAt: row.created_at,
  };
}
