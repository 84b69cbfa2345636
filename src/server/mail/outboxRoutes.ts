import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type OutboxMessageDto, outboxQuerySchema, outboxResponseSchema } from '../../shared/api/outbox';
import { apiRoutes } from '../../shared/api/routes';
import { requireInstanceAdmin } from '../auth/access';
import { errorResponses } from '../http/errorResponses';
import { beforeTimeCursor, timeCursorPage } from '../http/timeCursor';
import { dropExpiredBodies } from '../messages/messageStore';
import type { MessagesTable } from '../store/accountTables';

/**
 * Instance administrators read the messages (email and SMS), newest first, filtered and paged by
 * cursor. A body is shown only while the message is in the outbox; a sent or failed message's
 * body was dropped when a transport took it (and is hidden here even if a row still had one).
 */
export const outboxRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(apiRoutes.outbox, {
    schema: {
      tags: ['admin'],
      summary: 'Email and SMS messages, newest first: the outbox (bodies) and what was sent or failed (instance administrators only).',
      querystring: outboxQuerySchema,
      response: { 200: outboxResponseSchema, ...errorResponses(400, 401, 403) },
    },
    // Checked before the query string is validated: a stranger learns nothing from a 400.
    onRequest: async (request) => { await requireInstanceAdmin(request); },
  }, async (request) => {
    const { channel, status, cursor, limit } = request.query;
    await dropExpiredBodies(app.db, app.now());
    let query = app.db.selectFrom('messages').selectAll();
    if (channel) query = query.where('channel', '=', channel);
    if (status) query = query.where('status', '=', status);
    if (cursor) query = query.where(beforeTimeCursor(cursor));
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    const { page, nextCursor } = timeCursorPage(rows, limit);
    return {
      messages: page.map(toDto),
      nextCursor,
      smtpConfigured: app.mailer.smtpConfigured,
      smsWebhookConfigured: app.config.smsWebhookUrl !== undefined,
    };
  });
};

function toDto(row: MessagesTable): OutboxMessageDto {
  return {
    id: row.id,
    channel: row.channel,
    kind: row.kind,
    userId: row.user_id,
    recipient: row.recipient,
    subject: row.subject,
    body: row.status === 'outbox' ? row.body : null,
    status: row.status,
    error: row.error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}
