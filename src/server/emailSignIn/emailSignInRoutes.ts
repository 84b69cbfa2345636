import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { signInResponseSchema } from '../../shared/api/auth';
import {
  emailSignInCodeRequestSchema, emailSignInLinkRequestSchema, emailSignInRequestSchema, emailSignInResponseSchema, emailSignInTtlMinutes,
} from '../../shared/api/emailSignIn';
import { apiRoutes } from '../../shared/api/routes';
import { auditRequest } from '../audit/recordAuditEvent';
import { completeSignIn } from '../auth/completeSignIn';
import { consumeCode, consumeToken, issueOneTimeSecret, revokeOneTimeSecrets } from '../auth/oneTimeSecrets';
import { errorResponses } from '../http/errorResponses';
import { HttpError } from '../http/httpError';
import { sendEmail } from '../mail/sendEmail';
import { addressSubject, limitAttempt } from '../security/rateLimitAttempt';
import { emailAndAddressChecks } from '../security/rateLimitChecks';
import { rateLimitPolicies } from '../security/rateLimitPolicies';
import { magicLink } from './magicLink';

const ttlMs = emailSignInTtlMinutes * 60 * 1000;

/**
 * Email one-time code and magic URL sign-in (issue 5, docs/issue5/email-sign-in.md). One email
 * carries a 6-digit code and a link; either signs in once, and using one kills the other. No
 * account is made this way (accounts come from sign-up, invites and imports), and the request
 * route answers the same for every email so that it does not tell which have accounts.
 */
export const emailSignInRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(apiRoutes.emailSignIn, {
    schema: {
      tags: ['auth'],
      summary: 'Email a 6-digit sign-in code and a magic link (15 minutes, single use). Always 202, whether the email has an account or not.',
      body: emailSignInRequestSchema,
      response: { 202: emailSignInResponseSchema, ...errorResponses(400, 429) },
    },
  }, async (request, reply) => {
    const { email, next } = request.body;
    // Every request counts (sent or not): the limit caps both the mail sent to one mailbox and probing.
    await limitAttempt(request, reply, emailAndAddressChecks(rateLimitPolicies.emailSignIn, email, request.ip));
    // The rest runs in the background, outside the request's time, so that a known and an unknown
    // email get their 202 equally fast (the lookup, two secrets and a message record are only for a known one).
    app.mailer.background('email-sign-in', () => sendSignInEmail(app, email, next));
    return reply.code(202).send({});
  });

  app.post(apiRoutes.emailSignInCode, {
    schema: {
      tags: ['auth'],
      summary: 'Sign in with the emailed 6-digit code. A user with two-factor authentication gets a challenge instead of a session.',
      body: emailSignInCodeRequestSchema,
      response: { 200: signInResponseSchema, ...errorResponses(400, 401, 403, 429) },
    },
  }, async (request, reply) => {
    const { email, code } = request.body;
    // Counted before the code is checked; a right code gives its attempt back.
    const attempt = await limitAttempt(request, reply, emailAndAddressChecks(rateLimitPolicies.codeAttempt, email, request.ip));
    const result = await consumeCode(app.db, 'email_code', email, code, app.now());
    if (!result.ok) {
      const known = await app.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
      await auditRequest(request, {
        type: 'sign_in_failed', actorUserId: null, targetUserId: known?.id ?? null,
        details: { reason: result.reason === 'expired' ? 'expired' : 'wrong_code', method: 'email_otp' },
      });
      throw new HttpError(401, 'invalid_code', result.reason === 'expired'
        ? 'This code has expired. Ask for a new email.'
        : 'The code is wrong, used or replaced by a newer email. Check the latest email or ask for a new one.');
    }
    // One email, one sign-in: the link of the same email dies with the code.
    await revokeOneTimeSecrets(app.db, 'magic_url', result.target, app.now());
    const userId = await ownerOf(app, result);
    if (!userId) throw new HttpError(401, 'invalid_code', 'The code is wrong, used or replaced by a newer email. Check the latest email or ask for a new one.');
    await attempt.refund();
    return completeSignIn(request, reply, userId, 'email_otp');
  });

  app.post(apiRoutes.emailSignInLink, {
    schema: {
      tags: ['auth'],
      summary: 'Sign in with the token of an emailed magic link (the page /sign-in/link posts it from the URL fragment; a GET never signs in).',
      body: emailSignInLinkRequestSchema,
      response: { 200: signInResponseSchema, ...errorResponses(400, 401, 403, 429) },
    },
  }, async (request, reply) => {
    // Per address only: the token names no email until it is found (256 random bits; this only stops floods).
    const attempt = await limitAttempt(request, reply, [{ policy: rateLimitPolicies.codeAttempt, kind: 'ip', subject: addressSubject(request.ip) }]);
    const result = await consumeToken(app.db, 'magic_url', request.body.token, app.now());
    if (!result.ok) {
      await auditRequest(request, {
        type: 'sign_in_failed', actorUserId: null,
        details: { reason: result.reason === 'expired' ? 'expired' : 'wrong_code', method: 'magic_url' },
      });
      throw new HttpError(401, 'invalid_code', result.reason === 'expired'
        ? 'This sign-in link has expired. Ask for a new email.'
        : 'This sign-in link is not valid: it was already used, replaced by a newer email, or cut short. Ask for a new email.');
    }
    await revokeOneTimeSecrets(app.db, 'email_code', result.target, app.now());
    const userId = await ownerOf(app, result);
    if (!userId) throw new HttpError(401, 'invalid_code', 'This sign-in link is not valid. Ask for a new email.');
    await attempt.refund();
    return completeSignIn(request, reply, userId, 'magic_url');
  });
};

/**
 * For an email with an account: a new code and link (killing the earlier email's) and one email
 * holding both. For an unknown email: nothing (no account is made, nothing is sent).
 */
async function sendSignInEmail(app: FastifyInstance, email: string, next: string | undefined): Promise<void> {
  const user = await app.db.selectFrom('users').select(['id', 'email']).where('email', '=', email).executeTakeFirst();
  if (!user) return;
  const now = app.now();
  const code = await issueOneTimeSecret(app.db, { purpose: 'email_code', target: user.email, userId: user.id, ttlMs, shape: 'code', now });
  const link = await issueOneTimeSecret(app.db, { purpose: 'magic_url', target: user.email, userId: user.id, ttlMs, shape: 'token', now });
  await sendEmail(app, {
    to: user.email,
    subject: 'Your Cordon sign-in code',
    text: signInEmailText(code.secret, magicLink(app, link.secret, next)),
    kind: 'email_sign_in',
    userId: user.id,
    bodyExpiresAt: new Date(Math.max(code.expiresAt.getTime(), link.expiresAt.getTime())),
  });
}

/**
 * The user a used secret signs in: its user, as long as that user still has the address the
 * email went to (an email change after sending makes the old mailbox's code worthless).
 */
async function ownerOf(app: FastifyInstance, secret: { userId: string | null; target: string }): Promise<string | null> {
  if (!secret.userId) return null;
  const user = await app.db.selectFrom('users').select(['id', 'email']).where('id', '=', secret.userId).executeTakeFirst();
  return user && user.email === secret.target ? user.id : null;
}

function signInEmailText(code: string, link: string): string {
  return [
    'Someone (hopefully you) asked to sign in to Cordon with this email address.',
    '',
    'Your sign-in code:',
    '',
    `    ${code}`,
    '',
    'Or open this link to sign in on this device:',
    '',
    link,
    '',
    `The code and the link work once, for ${emailSignInTtlMinutes} minutes; using one disables the other, and a newer email replaces this one.`,
    '',
    'If you did not ask to sign in, ignore this email: nobody can sign in without the code or the link. Never share them.',
  ].join('\n');
}
