import type { FastifyInstance } from 'fastify';
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
  app.addHook('onRequest', async (request, reply) => {
    request.auth = null;
    request.sessionToken = null;
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[sessionCookieName];
    if (!token) return;
    // A hot route reads the session in its own store query (routeSession.ts).
    if (request.routeOptions.config.sessionInRouteQuery) {
      request.sessionToken = token;
      return;
    }
    const session = await findSession(app.db, token, app.now());
    if (!session) return;
    request.auth = { userId: session.userId, sessionId: session.sessionId, restriction: session.restriction };
    // The expiry slid forward: move the cookie's expiry with it.
    if (session.extended) setSessionCookie(request, reply, token, session.expiresAt);
    // Central, before any route code: a route added later is refused too.
    refuseRestrictedSession(request, session.restriction);
  });
}, { name: 'cordon-auth' });
