import { z } from 'zod';

export const messageChannels = ['email', 'sms'] as const;
export const messageStatuses = ['outbox', 'sent', 'failed'] as const;

/**
 * One email or SMS as instance administrators see it. `body` is there only while the message is
 * in the outbox (no transport configured): once a transport took it, or failed, the body was
 * dropped (it may hold a code or a link) and only the record stays.
 */
export const outboxMessageDtoSchema = z.object({
  id: z.string(),
  channel: z.enum(messageChannels),
  /** password_recovery, session_alert, email_sign_in, phone_code… */
  kind: z.string(),
  userId: z.string().nullable(),
  /** An email address or an E.164 number. */
  recipient: z.string(),
  /** '' for SMS. */
  subject: z.string(),
  body: z.string().nullable(),
  status: z.enum(messageStatuses),
  /** Why sending failed (the transport's words, never the body). */
  error: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type OutboxMessageDto = z.infer<typeof outboxMessageDtoSchema>;

/** Filters of GET /api/v1/admin/outbox. */
export const outboxQuerySchema = z.object({
  channel: z.enum(messageChannels).optional(),
  status: z.enum(messageStatuses).optional(),
  /** The nextCursor of the previous page. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
}).strict();
export type OutboxQuery = z.infer<typeof outboxQuerySchema>;

export const outboxResponseSchema = z.object({
  /** Newest first. */
  messages: z.array(outboxMessageDtoSchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
  /** How messages leave this instance: false means email stays in the outbox (CORDON_SMTP_URL unset). */
  smtpConfigured: z.boolean(),
  /** False: SMS stay in the outbox (CORDON_SMS_WEBHOOK_URL unset). */
  smsWebhookConfigured: z.boolean(),
});
export type OutboxResponse = z.infer<typeof outboxResponseSchema>;
