import type { FastifyInstance } from 'fastify';

/**
 * The origin of links in emails: CORDON_PUBLIC_URL only, never the request's Host, Origin or
 * X-Forwarded-* headers (an attacker chooses those, and would receive the victim's token).
 * Without it, http://localhost:PORT (works for a local install only). Same rule as the mail
 * module's public URL.
 */
export function linkBase(app: FastifyInstance): string {
  const { publicUrl, port } = app.config;
  if (!publicUrl) return `http://localhost:${port}`;
  return `${publicUrl.origin}${publicUrl.pathname.replace(/\/+$/, '')}`;
}

/** The magic link: the token (and the page to come back to) in the fragment, which browsers never send to a server nor put in a Referer. */
export function magicLink(app: FastifyInstance, token: string, next: string | undefined): string {
  const fragment = new URLSearchParams({ token, ...(next && next !== '/' ? { next } : {}) });
  return `${linkBase(app)}/sign-in/link#${fragment.toString()}`;
}
