import type { FastifyInstance } from 'fastify';
import { publicBaseUrl } from '../mail/mailPlugin';

/**
 * The magic link: `${CORDON_PUBLIC_URL}/sign-in/link#token=…` (http://localhost:PORT without
 * it), built by the mail module's publicBaseUrl, never from the request's Host, Origin or
 * X-Forwarded-* headers (an attacker chooses those and would receive the victim's token). The
 * token (and the page to come back to) sit in the fragment, which browsers never send to a
 * server nor put in a Referer, so it reaches no server log.
 */
export function magicLink(app: FastifyInstance, token: string, next: string | undefined): string {
  const fragment = new URLSearchParams({ token, ...(next && next !== '/' ? { next } : {}) });
  return `${publicBaseUrl(app.config)}/sign-in/link#${fragment.toString()}`;
}
