import type { FastifyInstance } from 'fastify';
import { markMessageFailed, markMessageSent, saveOutboxMessage } from '../messages/messageStore';
import type { ServerConfig } from '../config/loadConfig';
import type { SmsSender } from './SmsSender';
import { smsSenderFromConfig } from './smsSenderFromConfig';

export interface SmsMessage {
  /** E.164 number. */
  to: string;
  body: string;
  /** What it is for (messages.kind): phone_code, phone_verification… */
  kind: string;
  userId: string | null;
  /** When the code in it expires (the outbox then drops the body). */
  bodyExpiresAt?: Date;
}

const senders = new WeakMap<ServerConfig, SmsSender | null>();
// Keyed by the store: route plugins get encapsulated copies of the app, the store is shared.
const tasks = new WeakMap<FastifyInstance['db'], Set<Promise<void>>>();

/**
 * Sends an SMS. The message is first written to the messages table (status 'outbox'); without a
 * provider it stays there, body included, for instance administrators to read. With one, it is
 * handed over in the background, so that the request never waits on the provider: 'sent' drops
 * the body, 'failed' drops it too and keeps the reason. A failure never fails the request
 * that asked for the SMS; it is logged (message id and reason, never the body).
 */
export async function sendSms(app: FastifyInstance, message: SmsMessage): Promise<void> {
  const id = await saveOutboxMessage(app.db, {
    channel: 'sms', kind: message.kind, userId: message.userId, recipient: message.to, subject: '', body: message.body,
    ...(message.bodyExpiresAt ? { bodyExpiresAt: message.bodyExpiresAt } : {}),
  }, app.now());
  const sender = senderOf(app.config);
  if (sender) inBackground(app, () => deliver(app, sender, id, message));
}

/**
 * Runs SMS work after the request answered (e.g. issuing and sending a sign-in code), so that the
 * answer takes as long for a number with an account as for one without. Errors are logged; they
 * never reach the client.
 */
export function inBackground(app: FastifyInstance, task: () => Promise<void>): void {
  let pending = tasks.get(app.db);
  if (!pending) tasks.set(app.db, pending = new Set());
  // setImmediate: the task starts once the answer is on its way.
  const running = new Promise<void>((resolve) => { setImmediate(resolve); }).then(task).catch((error: unknown) => {
    app.log.error({ err: error }, 'SMS work failed');
  });
  pending.add(running);
  void running.finally(() => pending.delete(running));
}

/** Waits until all SMS work started so far is done, including what it started in turn (tests, shutdown). */
export async function settleSmsDeliveries(app: FastifyInstance): Promise<void> {
  for (;;) {
    const pending = [...(tasks.get(app.db) ?? [])];
    if (pending.length === 0) return;
    await Promise.all(pending);
  }
}

async function deliver(app: FastifyInstance, sender: SmsSender, id: string, message: SmsMessage): Promise<void> {
  try {
    await sender.send(message.to, message.body);
    await markMessageSent(app.db, id, app.now());
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'the SMS could not be sent';
    app.log.warn({ messageId: id, kind: message.kind, provider: sender.name, reason }, 'SMS not sent');
    await markMessageFailed(app.db, id, reason).catch((storeError: unknown) => {
      app.log.error({ err: storeError, messageId: id }, 'could not record a failed SMS');
    });
  }
}

function senderOf(config: ServerConfig): SmsSender | null {
  if (!senders.has(config)) senders.set(config, smsSenderFromConfig(config));
  return senders.get(config) ?? null;
}
