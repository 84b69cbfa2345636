import type { FastifyInstance } from 'fastify';
import { markMessageFailed, markMessageSent, saveOutboxMessage } from '../messages/messageStore';
import { safeSmtpReason } from './mailPlugin';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative of `text` (optional; the outbox shows the text). */
  html?: string;
  /** What it is for (messages.kind): password_recovery, session_alert, email_sign_in… */
  kind: string;
  userId: string | null;
  /** When the code or link in it expires (the outbox then drops the body); absent when it holds none. */
  bodyExpiresAt?: Date;
}

/**
 * Sends an email. The message is first written to the messages table (awaited: once this
 * returns, the record exists). Without a mail server (CORDON_SMTP_URL unset) it stays there, body
 * included, in the outbox that instance administrators read. With one, delivery runs in the
 * background after the caller answers (a slow or dead mail server must not hang a sign-in, nor
 * show by its timing whether a recovery email was sent): on success the record becomes 'sent'
 * and its body is dropped; on failure 'failed' with the transport's reason (scrubbed of the SMTP
 * password), body dropped too. A failure is never thrown at the caller and never logs the body.
 * Tests await `app.mailer.settled()`. Returns the message id.
 */
export async function sendEmail(app: FastifyInstance, message: EmailMessage): Promise<string> {
  const id = await saveOutboxMessage(app.db, {
    channel: 'email', kind: message.kind, userId: message.userId, recipient: message.to, subject: message.subject, body: message.text,
    ...(message.bodyExpiresAt ? { bodyExpiresAt: message.bodyExpiresAt } : {}),
  }, app.now());
  if (!app.mailer.smtpConfigured) return id;
  app.mailer.background(`email:${message.kind}`, async () => {
    try {
      await app.mailer.send({ to: message.to, subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}) });
    } catch (error) {
      const reason = safeSmtpReason(error, app.config.smtp?.url);
      app.log.warn({ messageId: id, kind: message.kind, reason }, 'email not sent');
      await markMessageFailed(app.db, id, reason);
      return;
    }
    await markMessageSent(app.db, id, app.now());
  });
  return id;
}
