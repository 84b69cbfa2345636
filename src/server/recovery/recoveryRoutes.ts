import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { passwordRecoveryConfirmRequestSchema, passwordRecoveryRequestSchema } from '../../shared/api/recovery';
import { apiRoutes } from '../../shared/api/routes';
import { auditRequest, recordAuditEvent } from '../audit/recordAuditEvent';
import { consumeToken, issueOneTimeSecret, peekToken, revokeOneTimeSecrets } from '../auth/oneTimeSecrets';
import { hashPassword } from '../auth/passwords';
import { errorResponses } from '../http/errorResponses';
import { HttpError } from '../http/httpError';
import { sendEmail } from '../mail/sendEmail';
import { checkReplacementPassword } from '../security/checkReplacementPassword';
import { replacePassword } from '../security/replacePassword';
import { addressSubject, limitAttempt } from '../security/rateLimitAttempt';
import { emailAndAddressChecks } from '../security/rateLimitChecks';
import { rateLimitPolicies } from '../security/rateLimitPolicies';
import { readSecuritySettings } from '../security/securitySettings';

/** A recovery link works for one hour, once. */
export const recoveryTokenTtlMs = 60 * 60 * 1000;

/**
 * Password recovery by email (issue 5). Asking always answers 202 after the same work (rate
 * limits and one lookup) whether the email has an account or not; the token, the email and the
 * audit event are made after the answer, in the mail background, so neither the answer nor its
 * timing tells whether the account exists. The link is built from CORDON_PUBLIC_URL only and
 * carries the token in its fragment (#token=…), which browsers send neither to the server's
 * logs nor in a Referer.
 */
export const recoveryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(apiRoutes.passwordRecovery, {
    schema: {
      tags: ['auth'],
      summary: 'Email a password recovery link (valid one hour, single use). Always 202, whether or not the email has an account.',
      body: passwordRecoveryRequestSchema,
      response: { 202: z.object({}), ...errorResponses(400, 429) },
    },
  }, async (request, reply) => {
    const { email } = request.body;
    await limitAttempt(request, reply, emailAndAddressChecks(rateLimitPolicies.passwordRecovery, email, request.ip));
    const user = await app.db.selectFrom('users').select(['id', 'email']).where('email', '=', email).executeTakeFirst();
    if (user) {
      const origin = { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' };
      app.mailer.background('password_recovery', () => sendRecoveryEmail(app, user, origin));
    }
    return reply.code(202).send({});
  });

  app.post(apiRoutes.passwordRecoveryConfirm, {
    schema: {
      tags: ['auth'],
      summary: 'Set a new password with a recovery link\'s token. Every session of the user is signed out. 400 recovery_token_invalid for an unknown, used or expired link.',
      body: passwordRecoveryConfirmRequestSchema,
      response: { 204: z.null(), ...errorResponses(400, 409, 429) },
    },
  }, async (request, reply) => {
    await limitAttempt(request, reply, [{ policy: rateLimitPolicies.passwordRecoveryConfirm, kind: 'ip', subject: addressSubject(request.ip) }]);
    const { token, password } = request.body;
    const now = app.now();
    // Looked at first, used only once the password passes the policies: a refused password
    // leaves the link working for a better one.
    const peeked = await peekToken(app.db, 'password_recovery', token, now);
    if (!peeked.ok) throw invalidToken(peeked.reason);
    const userId = peeked.userId;
    const row = userId === null ? undefined : await app.db.selectFrom('users')
      .select(['id', 'email', 'name', 'phone', 'password_hash', 'password_history', 'password_import'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!row) throw invalidToken('invalid');

    const settings = await readSecuritySettings(app.db);
    // The same policies as an administrator's reset: an imported user's imported password counts as the current one.
    const previous = await checkReplacementPassword(app.db, settings, row, password);
    const passwordHash = await hashPassword(password);

    const used = await consumeToken(app.db, 'password_recovery', token, app.now());
    if (!used.ok || used.userId !== row.id) throw invalidToken(used.ok ? 'invalid' : used.reason);

    await app.db.transaction().execute(async (trx) => {
      // Whoever took the account may hold a session: every session ends, the user signs in anew.
      const revoked = await replacePassword(trx, {
        userId: row.id, expectedHash: row.password_hash, passwordHash, previous, historyLength: settings.passwordHistory,
        keepSessionId: null, conflictMessage: 'The password was changed meanwhile. Ask for a new recovery link.', now: app.now(),
      });
      await revokeOneTimeSecrets(trx, 'password_recovery', row.id, app.now());
      await auditRequest(request, { type: 'password_reset', actorUserId: row.id, targetUserId: row.id, details: { revoked } }, trx);
    });
    return reply.code(204).send(null);
  });
};

function invalidToken(reason: 'invalid' | 'expired'): HttpError {
  return new HttpError(400, 'recovery_token_invalid', reason === 'expired'
    ? 'This recovery link has expired. Ask for a new one.'
    : 'This recovery link is not valid: it was already used, replaced by a newer one, or mistyped. Ask for a new one.');
}

/** Issues the token, writes (and sends) the email and records the audit event; runs after the 202. */
async function sendRecoveryEmail(app: FastifyInstance, user: { id: string; email: string }, origin: { ip: string; userAgent: string }): Promise<void> {
  const now = app.now();
  const issued = await issueOneTimeSecret(app.db, {
    purpose: 'password_recovery', target: user.id, userId: user.id, ttlMs: recoveryTokenTtlMs, shape: 'token', now,
  });
  const link = `${app.mailer.publicUrl}/reset-password#token=${encodeURIComponent(issued.secret)}`;
  await sendEmail(app, {
    to: user.email,
    subject: 'Reset your Cordon password',
    text: [
      'Someone (hopefully you) asked to reset the password of your Cordon account.',
      '',
      'Open this link to choose a new password. It works once, for one hour:',
      link,
      '',
      'Setting a new password signs you out everywhere.',
      'If you did not ask for this, ignore this email: your password stays as it is.',
    ].join('\n'),
    kind: 'password_recovery',
    userId: user.id,
    bodyExpiresAt: issued.expiresAt,
  });
  await recordAuditEvent(app.db, {
    type: 'password_recovery_requested', actorUserId: null, targetUserId: user.id, ip: origin.ip, userAgent: origin.userAgent, at: now,
  });
}

