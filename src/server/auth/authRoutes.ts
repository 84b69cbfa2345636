import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionResponseSchema, signInRequestSchema, signInResponseSchema, signUpRequestSchema } from '../../shared/api/auth';
import { apiRoutes } from '../../shared/api/routes';
import { auditRequest } from '../audit/recordAuditEvent';
import { errorResponses } from '../http/errorResponses';
import { HttpError } from '../http/httpError';
import { limitAttempt } from '../security/rateLimitAttempt';
import { signInChecks, signUpChecks } from '../security/rateLimitChecks';
import { requireUser } from './access';
import { completeSignIn } from './completeSignIn';
import { createAccount } from './createAccount';
import { importedPasswordMarker, signInWithImportedHash } from './importedHashes/signInWithImportedHash';
import { prepareTimingEqualiser, spendPasswordVerification, verifyPassword } from './passwords';
import { clearSessionCookie } from './sessionCookie';
import { deleteSession } from './sessionStore';

/** Sign-up, sign-in, sign-out and the current user. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  prepareTimingEqualiser();

  app.post(apiRoutes.signUp, {
    schema: {
      tags: ['auth'],
      summary: 'Create an account and sign in. The first account of an instance administers it.',
      body: signUpRequestSchema,
      response: { 201: signInResponseSchema, ...errorResponses(400, 403, 409, 429) },
    },
  }, async (request, reply) => {
    await limitAttempt(request, reply, signUpChecks(request.ip));
    const user = await createAccount(app.db, request.body);
    const result = await completeSignIn(request, reply, user.id, 'password', { auditType: 'sign_up' });
    return reply.code(201).send(result);
  });

  app.post(apiRoutes.signIn, {
    schema: {
      tags: ['auth'],
      summary: 'Sign in with email and password. A user with two-factor authentication gets a challenge instead of a session.',
      body: signInRequestSchema,
      response: { 200: signInResponseSchema, ...errorResponses(400, 401, 403, 429) },
    },
  }, async (request, reply) => {
    const { email, password } = request.body;
    // Counted before the password is checked: after ten failures even the right one gets 429.
    const attempt = await limitAttempt(request, reply, signInChecks(email, request.ip));
    const row = await app.db.selectFrom('users')
      .select(['id', 'password_hash', 'password_import'])
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
    return completeSignIn(request, reply, row.id, 'password');
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
    // `restriction` (only on a restricted session) tells the client to send it to two-factor enrolment.
    const user = await requireUser(request);
    const restriction = request.auth?.restriction ?? null;
    return restriction ? { user, restriction } : { user };
  });
};

function invalidCredentials(): HttpError {
  return new HttpError(401, 'invalid_credentials', 'The email or the password is wrong.');
}
