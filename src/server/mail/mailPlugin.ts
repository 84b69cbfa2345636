import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import nodemailer from 'nodemailer';
import type { ServerConfig } from '../config/loadConfig';

/** What a transport is handed: the record was written to the messages table first. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/**
 * The instance's mail transport (one per app) and its background work. Sending never runs in a
 * request's time: a route writes the message record, hands the delivery to `background`, and
 * answers; a slow or dead mail server then cannot hang a sign-in, nor make a recovery request
 * for an existing email slower than one for an unknown email.
 */
export interface Mailer {
  /** True when CORDON_SMTP_URL is set: messages are sent; false: they stay in the outbox. */
  readonly smtpConfigured: boolean;
  /** Sends one email through SMTP; rejects with the transport's error. */
  send(message: OutgoingEmail): Promise<void>;
  /** Runs `task` after the response, tracked so that `settled()` and the app's close wait for it; a failure is logged, never thrown. */
  background(label: string, task: () => Promise<void>): void;
  /** Resolves when every background task started so far has ended (tests call it instead of sleeping). */
  settled(): Promise<void>;
  /** The public origin for links in emails (CORDON_PUBLIC_URL, else http://localhost:PORT). */
  readonly publicUrl: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    mailer: Mailer;
  }
}

/** Give up on a mail server that does not answer: connect, greeting, then any silence while talking. */
const smtpTimeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/**
 * The links in emails (recovery, session alerts) are built from CORDON_PUBLIC_URL only, never
 * from a request's Host, Origin or X-Forwarded-* headers (an attacker chooses those). Without it
 * they point at http://localhost:PORT, which works for a local install; a warning at start says
 * to set it on any other.
 */
export function publicBaseUrl(config: ServerConfig): string {
  if (!config.publicUrl) return `http://localhost:${config.port}`;
  const { origin, pathname } = config.publicUrl;
  return `${origin}${pathname.replace(/\/+$/, '')}`;
}

/**
 * The transport's message without anything secret: nodemailer's messages name the server and
 * the SMTP reply, but the URL's password is scrubbed anyway in case one ever echoes it.
 */
export function safeSmtpReason(error: unknown, smtpUrl: string | undefined): string {
  let reason = error instanceof Error ? error.message : String(error);
  if (smtpUrl) {
    try {
      const url = new URL(smtpUrl);
      for (const secret of [url.password, decodeURIComponent(url.password), smtpUrl]) {
        if (secret) reason = reason.split(secret).join('[redacted]');
      }
    } catch { /* loadConfig checked the URL */ }
  }
  return reason.replace(/\s+/g, ' ').trim().slice(0, 500) || 'The mail server refused the message.';
}

export const mailPlugin = fp(async (app: FastifyInstance) => {
  const { smtp } = app.config;
  const transporter = smtp ? nodemailer.createTransport({ url: smtp.url, ...smtpTimeouts }) : undefined;
  const pending = new Set<Promise<void>>();

  if (!app.config.publicUrl) {
    app.log.warn(`CORDON_PUBLIC_URL is not set: links in emails (password recovery, session alerts) point at ${publicBaseUrl(app.config)}. Set it to the address your users open Cordon at.`);
  }

  const mailer: Mailer = {
    smtpConfigured: transporter !== undefined,
    publicUrl: publicBaseUrl(app.config),
    async send(message) {
      if (!transporter || !smtp) throw new Error('No mail server is configured (CORDON_SMTP_URL).');
      await transporter.sendMail({ from: smtp.from, to: message.to, subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}) });
    },
    background(label, task) {
      const run = (async () => {
        try {
          // Not before the current request's answer is on its way: the task starts on a later turn.
          await new Promise<void>((resolve) => setImmediate(resolve));
          await task();
        } catch (error) {
          // The label and a scrubbed reason only: never a body, a link or the SMTP URL.
          app.log.error({ task: label, reason: safeSmtpReason(error, smtp?.url) }, 'background mail task failed');
        }
      })();
      pending.add(run);
      void run.finally(() => pending.delete(run));
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
  app.decorate('mailer', mailer);

  // preClose: before the store closes (onClose), so that a delivery under way can still record its outcome.
  app.addHook('preClose', async () => {
    await mailer.settled();
    transporter?.close();
  });
}, { name: 'cordon-mail' });
