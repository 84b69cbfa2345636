import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import '../fastifyDecorations';
import { findSession } from './sessionStore';
import { sessionCookieName, setSessionCookie } from './sessionCookie';
import { refuseRestrictedSession } from './sessionRestriction';
import './routeSession';

/**
 * Resolves `request.auth` from the session cookie on every /api request. Routes decide what a
 * missing session means (see access.ts); this hook refuses only what a restricted session may
 * not reach (sessionRestriction.ts: 403 `two_factor_enrolment_required`). SPA pages and
 * assets need no session, so they cost no store lookup. A route with
 * `config: { sessionInRouteQuery: true }` gets the cookie's token instead and resolves the
 * session itself, in the store query it runs anyway (see routeSession.ts).
 */
export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('auth', null);
  app.decorateRequest('sessionToken', null);
  // A callback hook: most requests (SPA assets, the execute route) have nothing to wait for, and
  // an async hook would cost them a promise each.
  app.addHook('onRequest', (request, reply, done) => {
    request.auth = null;
    request.sessionToken = null;
    const token = request.url.startsWith('/api/') ? request.cookies[sessionCookieName] : undefined;
    if (!token) return done();
    // A hot route reads the session in its own store query (routeSession.ts).
    if (request.routeOptions.config.sessionInRouteQuery) {
      request.sessionToken = token;
      return done();
    }
    resolveCookieSession(app, request, reply, token).then(() => done(), done);
  });
}, { name: 'cordon-auth' });

async function resolveCookieSession(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, token: string): Promise<void> {
  const session = await findSession(app.db, token, app.now());
  if (!session) return;
  request.auth = { userId: session.userId, sessionId: session.sessionId, restriction: session.restriction };
  // The expiry slid forward: move the cookie's expiry with it.
  if (session.extended) setSessionCookie(request, reply, token, session.expiresAt);
  // Central, before any route code: a route added later is refused too.
  refuseRestrictedSession(request, session.restriction);
}
