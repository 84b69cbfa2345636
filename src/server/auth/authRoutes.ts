import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionResponseSchema, signInRequestSchema, signUpRequestSchema } from '../../shared/api/auth';
import { apiRoutes } from '../../shared/api/routes';
import { auditRequest } from '../audit/recordAuditEvent';
import { errorResponses } from '../http/errorResponses';
import { HttpError } from '../http/httpError';
import { limitAttempt } from '../security/rateLimitAttempt';
import { signInChecks, signUpChecks } from '../security/rateLimitChecks';
import { requireUser } from './access';
import { createAccount } from './createAccount';
import { importedPasswordMarker, signInWithImportedHash } from './importedHashes/signInWithImportedHash';
import { prepareTimingEqualiser, spendPasswordVerification, verifyPassword } from './passwords';
import { clearSessionCookie, setSessionCookie } from './sessionCookie';
import { sessionOrigin } from './sessionOrigin';
import { createSession, deleteSession } from './sessionStore';
import { toUserDto } from './userDto';

/** Sign-up, sign-in, sign-out and the current user. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  prepareTimingEqualiser();

  app.post(apiRoutes.signUp, {
    schema: {
      tags: ['auth'],
      summary: 'Create an account and sign in. The first account of an instance administers it.',
      body: signUpRequestSchema,
      response: { 201: sessionResponseSchema, ...errorResponses(400, 403, 409, 429) },
    },
  }, async (request, reply) => {
    await limitAttempt(request, reply, signUpChecks(request.ip));
    const user = await createAccount(app.db, request.body);
    const session = await createSession(app.db, user.id, sessionOrigin(request, 'password'));
    await auditRequest(request, { type: 'sign_up', actorUserId: user.id, targetUserId: user.id, subjectId: session.sessionId });
    setSessionCookie(request, reply, session.token, session.expiresAt);
    return reply.code(201).send({ user });
  });

  app.post(apiRoutes.signIn, {
    schema: {
      tags: ['auth'],
      summary: 'Sign in with email and password.',
      body: signInRequestSchema,
      response: { 200: sessionResponseSchema, ...errorResponses(400, 401, 403, 429) },
    },
  }, async (request, reply) => {
    const { email, password } = request.body;
    // Counted before the password is checked: after ten failures even the right one gets 429.
    const attempt = await limitAttempt(request, reply, signInChecks(email, request.ip));
    const row = await app.db.selectFrom('users')
      .select(['id', 'email', 'name', 'is_instance_admin', 'password_hash', 'password_import'])
      .where('email', '=', email)
      .executeTakeFirst();
    if (!row) {
      await spendPasswordVerification(password);
      await auditRequest(request, { type: 'sign_in_failed', actorUserId: null, details: { reason: 'unknown_email' } });
      throw invalidCredentials();
    }
    // An imported user (issue 5) signs in against the imported hash until it is replaced by Argon2id.
    const verified = row.password_import !== null && row.password_hash === importedPasswordMarker
      ? await signInWithImportedHash(app.db, { id: row.id, password_import: row.password_import }, password)
      : await verifyPassword(row.password_hash, password);
    if (!verified) {
      await auditRequest(request, { type: 'sign_in_failed', actorUserId: null, targetUserId: row.id, details: { reason: 'wrong_password' } });
      throw invalidCredentials();
    }
    await attempt.refund(); // only failures count
    const session = await createSession(app.db, row.id, sessionOrigin(request, 'password'));
    await auditRequest(request, { type: 'sign_in', actorUserId: row.id, targetUserId: row.id, subjectId: session.sessionId });
    setSessionCookie(request, reply, session.token, session.expiresAt);
    return { user: toUserDto(row) };
  });

  app.post(apiRoutes.signOut, {
    schema: {
      tags: ['auth'],
      summary: 'Sign out: ends the session and clears the cookie.',
      response: { 204: z.null().describe('signed out'), ...errorResponses(403) },
    },
  }, async (request, reply) => {
    if (request.auth) await deleteSession(app.db, request.auth.sessionId);
    if (request.auth) await auditRequest(request, { type: 'sign_out', targetUserId: request.auth.userId, subjectId: request.auth.sessionId });
    clearSessionCookie(request, reply);
    return reply.code(204).send(null);
  });

  app.get(apiRoutes.me, {
    schema: {
      tags: ['auth'],
      summary: 'The signed-in user.',
      response: { 200: sessionResponseSchema, ...errorResponses(401) },
    },
  }, async (request) => {
    return { user: await requireUser(request) };
  });
};

function invalidCredentials(): HttpError {
  return new HttpError(401, 'invalid_credentials', 'The email or the password is wrong.');
}
