import type { FastifyRequest } from 'fastify';
import type { SessionProvider } from '../../shared/api/sessions';
import type { SessionOrigin } from './sessionStore';

/**
 * Where a new session comes from: the request's User-Agent and client address. The address is
 * Fastify's `request.ip`, the TCP peer: the server does not set `trustProxy`, so a client cannot
 * put any address it likes into a `X-Forwarded-For` header and have it shown or stored. Behind a
 * reverse proxy every session therefore shows the proxy's address (docs/security.md, Sessions).
 */
export function sessionOrigin(request: FastifyRequest, provider: SessionProvider): SessionOrigin {
  return { userAgent: request.headers['user-agent'], ip: request.ip, provider };
}
