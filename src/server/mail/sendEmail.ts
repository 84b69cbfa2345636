import type { FastifyInstance } from 'fastify';
import { saveOutboxMessage } from '../messages/messageStore';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** What it is for (messages.kind): password_recovery, session_alert, email_sign_in… */
  kind: string;
  userId: string | null;
}

/**
 * Sends an email. For now every message goes to the outbox (the messages table) that instance
 * administrators read; the SMTP transport (CORDON_SMTP_URL) is being added in this session by the
 * mail work, behind this same function.
 */
export async function sendEmail(app: FastifyInstance, message: EmailMessage): Promise<void> {
  await saveOutboxMessage(app.db, { channel: 'email', kind: message.kind, userId: message.userId, recipient: message.to, subject: message.subject, body: message.text }, app.now());
}
