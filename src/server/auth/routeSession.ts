import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { RequestAuth } from '../fastifyDecorations';
import { HttpError } from '../http/httpError';
import type { Database } from '../store/database';
import { setSessionCookie } from './sessionCookie';
import { refuseRestrictedSession } from './sessionRestriction';
import { type SessionRow, settleSession } from './sessionStore';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The auth hook does not look the session up; the route reads the session row in its own
     * store query (by token_hash) and calls resolveRouteSession. Saves a store round trip on
     * the hottest route (execute); the session is still checked on every request.
     */
    sessionInRouteQuery?: boolean;
  }
  interface FastifyRequest {
    /** The session cookie's token on a `sessionInRouteQuery` route; null elsewhere and when there is none. */
    sessionToken: string | null;
  }
}

/**
 * Sets `request.auth` from a session row the route read itself (undefined: no row for the
 * cookie's token), exactly as the auth hook does: an expired session is deleted and counts as
 * none, a slid expiry re-sends the cookie. 401 `unauthenticated` when there is no live session;
 * 403 `two_factor_enrolment_required` for a restricted one (the row's `restriction`).
 */
export async function resolveRouteSession(db: Kysely<Database>, request: FastifyRequest, reply: FastifyReply, row: SessionRow | undefined): Promise<RequestAuth> {
  const session = row && request.sessionToken ? await settleSession(db, row, request.server.now()) : null;
  if (!session || !request.sessionToken) throw new HttpError(401, 'unauthenticated', 'Sign in to continue.');
  request.auth = { userId: session.userId, sessionId: session.sessionId, restriction: session.restriction };
  if (session.extended) setSessionCookie(request, reply, request.sessionToken, session.expiresAt);
  // The row must carry sessions.restriction: a restricted session gets 403 here as in authPlugin.
  refuseRestrictedSession(request, session.restriction);
  return request.auth;
}
