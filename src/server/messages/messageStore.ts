import type { Kysely } from 'kysely';
import type { Database } from '../store/database';
import type { MessagesTable } from '../store/accountTables';
import { newId } from '../store/newId';

export interface NewMessage {
  channel: MessagesTable['channel'];
  /** What the message is for: password_recovery, session_alert, email_sign_in, phone_code, phone_verification… */
  kind: string;
  userId: string | null;
  recipient: string;
  /** '' for SMS. */
  subject: string;
  body: string;
  /** When the code or link in the body stops working; the outbox drops the body then. Absent: the body holds no secret. */
  bodyExpiresAt?: Date;
}

/**
 * The messages table, shared by email and SMS. A message is written before it is sent; once a
 * transport took it, its body is dropped (it may hold a code or a link) and only the delivery
 * record stays. Without a transport it stays in the outbox with its body for instance
 * administrators to read.
 */
export async function saveOutboxMessage(db: Kysely<Database>, message: NewMessage, now: Date): Promise<string> {
  const id = newId('msg_');
  await db.insertInto('messages').values({
    id,
    channel: message.channel,
    kind: message.kind,
    user_id: message.userId,
    recipient: message.recipient,
    subject: message.subject,
    body: message.body,
    status: 'outbox',
    error: null,
    created_at: now.toISOString(),
    sent_at: null,
    body_expires_at: message.bodyExpiresAt?.toISOString() ?? null,
  }).execute();
  await dropExpiredBodies(db, now);
  return id;
}

/**
 * Drops the bodies of kept messages whose code or link has expired: used or not, they no longer
 * open anything, and a store copy (a backup, a leaked file) should not hold them readable.
 * Swept on every new message and whenever the outbox is read.
 */
export async function dropExpiredBodies(db: Kysely<Database>, now: Date): Promise<void> {
  await db.updateTable('messages').set({ body: null })
    .where('body', 'is not', null).where('body_expires_at', 'is not', null).where('body_expires_at', '<=', now.toISOString())
    .execute();
}

/** The transport took the message: keep the record, drop the body. */
export async function markMessageSent(db: Kysely<Database>, id: string, now: Date): Promise<void> {
  await db.updateTable('messages').set({ status: 'sent', body: null, sent_at: now.toISOString(), error: null }).where('id', '=', id).execute();
}

/**
 * The transport refused or failed: keep the record with the reason (the transport's message,
 * cut to 500 characters), drop the body so that a failed code does not sit readable in the store.
 */
export async function markMessageFailed(db: Kysely<Database>, id: string, reason: string): Promise<void> {
  await db.updateTable('messages').set({ status: 'failed', body: null, error: reason.slice(0, 500) }).where('id', '=', id).execute();
}
