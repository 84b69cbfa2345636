import { type SmsSender, SmsDeliveryError } from './SmsSender';

/** How long the webhook may take to answer before the SMS counts as failed. */
export const smsWebhookTimeoutMs = 10_000;

/**
 * Sends each SMS as `POST <url>` with the JSON body `{ "to": "+14155550123", "body": "…" }`
 * (docs/issue5/phone.md). Any 2xx answer means the webhook took it; anything else (another
 * status, a redirect, no answer within the timeout, a refused connection) is a failure. User
 * and password in the URL become a Basic `Authorization` header (fetch refuses them in the URL).
 * Failure reasons name the status or the network error only: never the body, never the URL
 * (its query may hold a token).
 */
export function webhookSmsSender(url: URL, options: { timeoutMs?: number } = {}): SmsSender {
  const target = new URL(url);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/plain, */*' };
  if (target.username || target.password) {
    const credentials = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    target.username = '';
    target.password = '';
  }
  const timeoutMs = options.timeoutMs ?? smsWebhookTimeoutMs;
  return {
    name: 'webhook',
    async send(to, body) {
      let response: Response;
      try {
        response = await fetch(target, {
          method: 'POST',
          headers,
          body: JSON.stringify({ to, body }),
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new SmsDeliveryError(`the SMS webhook could not be reached: ${networkReason(error, timeoutMs)}`);
      }
      // The answer is not needed; drain it so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      if (response.status < 200 || response.status > 299) {
        throw new SmsDeliveryError(`the SMS webhook answered HTTP ${response.status}`);
      }
    },
  };
}

/** The cause of a failed fetch in a few words: a timeout, or the system error code (ECONNREFUSED…). */
function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs / 1000} seconds`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  return 'network error';
}
