import type { FastifyReply, FastifyRequest } from 'fastify';

/** The session cookie's name (contracts.md). */
export const sessionCookieName = 'cordon_session';

/** Secure when the request came over HTTPS, or the instance's public URL is HTTPS (TLS at a proxy). */
function isSecure(request: FastifyRequest): boolean {
  return request.protocol === 'https' || request.server.config.publicUrl?.protocol === 'https:';
}

/** Sends the session cookie: httpOnly, SameSite=Lax, Path=/, expiring with the session. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(sessionCookieName, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: isSecure(request),
    expires: expiresAt,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName, { httpOnly: true, sameSite: 'lax', path: '/', secure: isSecure(request) });
}
