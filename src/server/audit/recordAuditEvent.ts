import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { type AuditDetails, type AuditEventType, auditDetailsSchema } from '../../shared/api/audit';
import type { Database } from '../store/database';
import { newId } from '../store/newId';

export interface AuditEvent {
  type: AuditEventType;
  actorUserId: string | null;
  targetUserId?: string | null;
  workspaceId?: string | null;
  subjectId?: string | null;
  ip: string;
  userAgent: string;
  /** Names and counts only; checked against the allow-list (a strict schema): anything else throws. */
  details?: AuditDetails;
  at: Date;
}

/**
 * Writes one audit row on `db` (the store, or the transaction of the action it records). The
 * details are parsed by the strict allow-list first, so an unknown key or a value that is not a
 * plain name throws instead of being written: a failed audit write fails the request (500), it
 * never passes silently.
 */
export async function recordAuditEvent(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  const details = auditDetailsSchema.parse(event.details ?? {});
  await db.insertInto('audit_events').values({
    id: newId('aud_'),
    type: event.type,
    actor_user_id: event.actorUserId,
    target_user_id: event.targetUserId ?? null,
    workspace_id: event.workspaceId ?? null,
    subject_id: event.subjectId ?? null,
    ip: event.ip,
    user_agent: (event.userAgent ?? '').slice(0, 512),
    details: JSON.stringify(details),
    created_at: event.at.toISOString(),
  }).execute();
}

/**
 * The one-line form for routes: the actor is the signed-in user of `request` (unless given), and
 * the address, User-Agent and time come from the request. Awaited after the action succeeds.
 */
export async function auditRequest(
  request: FastifyRequest,
  event: Omit<AuditEvent, 'actorUserId' | 'ip' | 'userAgent' | 'at'> & { actorUserId?: string | null },
  db: Kysely<Database> = request.server.db,
): Promise<void> {
  await recordAuditEvent(db, {
    ...event,
    actorUserId: event.actorUserId !== undefined ? event.actorUserId : request.auth?.userId ?? null,
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? '',
    at: request.server.now(),
  });
}
