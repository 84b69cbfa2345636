/**
 * A way to send one SMS. `send` resolves once the provider took the message and rejects with an
 * Error whose message says why not; the message is stored as the delivery's failure reason, so it
 * must never contain the body (it may hold a code) nor a credential of the provider.
 */
export interface SmsSender {
  /** A short name for logs and the outbox record ('webhook', …). */
  readonly name: string;
  send(to: string, body: string): Promise<void>;
}

/** A provider refused or failed the message; `message` is safe to store and log. */
export class SmsDeliveryError extends Error {
  override name = 'SmsDeliveryError';
}
