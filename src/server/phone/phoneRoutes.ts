import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { signInResponseSchema } from '../../shared/api/auth';
import {
  accountPhoneResponseSchema, changePhoneRequestSchema, codeSentResponseSchema, phoneSignInCodeRequestSchema, phoneSignInRequestSchema, verifyPhoneRequestSchema,
} from '../../shared/api/phone';
import { apiRoutes } from '../../shared/api/routes';
import { auditRequest } from '../audit/recordAuditEvent';
import { requireUser } from '../auth/access';
import { completeSignIn } from '../auth/completeSignIn';
import { type ConsumeResult, consumeCode, issueOneTimeSecret, revokeOneTimeSecrets } from '../auth/oneTimeSecrets';
import { verifyCurrentPassword } from '../auth/verifyCurrentPassword';
import { errorResponses } from '../http/errorResponses';
import { HttpError } from '../http/httpError';
import { limitAttempt } from '../security/rateLimitAttempt';
import { rateLimitPolicies } from '../security/rateLimitPolicies';
import { readSecuritySettings } from '../security/securitySettings';
import { inBackground, sendSms, settleSmsDeliveries } from '../sms/sendSms';
import { consumeMockCode, issueMockPending, mockCodeOf } from './mockPhoneCodes';
import { phoneAndAddressChecks } from './phoneChecks';
import { signInCodeText, verificationCodeText } from './phoneMessages';

/** How long an SMS code (sign-in or verification) lives. */
export const phoneCodeTtlMs = 10 * 60 * 1000;
const ttlMinutes = phoneCodeTtlMs / 60_000;

/** The verification secret of a new number is bound to the user and the number. */
export function phoneVerificationTarget(userId: string, phone: string): string {
  return `${userId}:${phone}`;
}

/**
 * Phone sign-in with SMS codes (mock numbers: a fixed code, nothing sent) and the account's phone
 * number (added with the current password and a code sent to it). Cordon creates no account by
 * phone: a number signs in only once a user verified it on their Account page.
 */
export const phoneRoutes: FastifyPluginAsyncZod = async (app) => {
  // Sign-in codes are issued one after another, in the order they were asked for, so that the
  // latest SMS always carries the one live code.
  let issuing: Promise<void> = Promise.resolve();
  // Codes being issued and SMS being handed over finish before the store closes.
  app.addHook('onClose', async () => { await settleSmsDeliveries(app); });

  app.post(apiRoutes.phoneSignIn, {
    schema: {
      tags: ['auth'],
      summary: 'Send a 6-digit sign-in code by SMS to a number that belongs to an account (a mock number sends nothing). Always 202, whether an account has the number or not.',
      body: phoneSignInRequestSchema,
      response: { 202: codeSentResponseSchema, ...errorResponses(400, 429) },
    },
  }, async (request, reply) => {
    const { phone } = request.body;
    // Every request counts, not only failures: each one may cost an SMS.
    await limitAttempt(request, reply, phoneAndAddressChecks(rateLimitPolicies.phoneSignIn, phone, request.ip));
    const user = await app.db.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirst();
    // The code is issued and sent after the answer: a number with an account answers as fast as one without.
    if (user) inBackground(app, () => (issuing = issuing.catch(() => undefined).then(() => issueSignInCode(user.id, phone))));
    return reply.code(202).send({});
  });

  app.post(apiRoutes.phoneSignInCode, {
    schema: {
      tags: ['auth'],
      summary: 'Sign in with the SMS code (single use, 10 minutes). A user with two-factor authentication gets a challenge instead of a session.',
      body: phoneSignInCodeRequestSchema,
      response: { 200: signInResponseSchema, ...errorResponses(400, 401, 403, 429) },
    },
  }, async (request, reply) => {
    const { phone, code } = request.body;
    // Counted before the code is checked; a right code gives its attempt back.
    const attempt = await limitAttempt(request, reply, phoneAndAddressChecks(rateLimitPolicies.codeAttempt, phone, request.ip));
    const result = await consumePhoneCode(request, 'phone_code', phone, phone, code);
    // The number may have left the account (or moved to another) since the code was sent.
    const user = result.ok && result.userId
      ? await app.db.selectFrom('users').select('id').where('id', '=', result.userId).where('phone', '=', phone).executeTakeFirst()
      : undefined;
    if (!user) {
      const reason = result.ok ? 'invalid' : result.reason;
      const owner = await app.db.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirst();
      await auditRequest(request, {
        type: 'sign_in_failed', actorUserId: null, targetUserId: owner?.id ?? null, details: { reason: reason === 'expired' ? 'expired' : 'wrong_code', method: 'phone' },
      });
      throw codeRefused(401, reason);
    }
    await attempt.refund(); // only failures count
    return completeSignIn(request, reply, user.id, 'phone');
  });

  app.get(apiRoutes.accountPhone, {
    schema: {
      tags: ['account'],
      summary: 'Your phone number (E.164), or null.',
      response: { 200: accountPhoneResponseSchema, ...errorResponses(401) },
    },
  }, async (request) => {
    const me = await requireUser(request);
    const row = await app.db.selectFrom('users').select('phone').where('id', '=', me.id).executeTakeFirstOrThrow();
    return { phone: row.phone };
  });

  app.post(apiRoutes.accountPhone, {
    schema: {
      tags: ['account'],
      summary: 'Add or change your phone number: the current password is required; a 6-digit code goes to the new number (a mock number sends nothing). The number is saved once verified.',
      body: changePhoneRequestSchema,
      response: { 202: codeSentResponseSchema, ...errorResponses(400, 401, 403, 409, 429) },
    },
  }, async (request, reply) => {
    const me = await requireUser(request);
    const { phone, currentPassword } = request.body;
    const row = await app.db.selectFrom('users')
      .select(['id', 'email', 'phone', 'password_hash', 'password_import'])
      .where('id', '=', me.id)
      .executeTakeFirstOrThrow();
    await verifyCurrentPassword(request, reply, row, currentPassword);

    if (row.phone === phone) throw new HttpError(400, 'bad_request', 'This number is already on your account.');
    // Counted before the number is looked up: a 409 phone_taken says that a number has an
    // account, so probing numbers must spend the same limit as asking for a code.
    await limitAttempt(request, reply, phoneAndAddressChecks(rateLimitPolicies.phoneSignIn, phone, request.ip));
    await refuseTakenNumber(me.id, phone);

    const now = app.now();
    const target = phoneVerificationTarget(me.id, phone);
    const fixedCode = mockCodeOf(await readSecuritySettings(app.db), phone);
    if (fixedCode !== undefined) {
      await issueMockPending(app.db, { purpose: 'phone_verification', target, userId: me.id, ttlMs: phoneCodeTtlMs, now });
    } else {
      const issued = await issueOneTimeSecret(app.db, { purpose: 'phone_verification', target, userId: me.id, ttlMs: phoneCodeTtlMs, shape: 'code', now });
      await sendSms(app, { to: phone, body: verificationCodeText(issued.secret, ttlMinutes, app.config.publicUrl), kind: 'phone_verification', userId: me.id, bodyExpiresAt: issued.expiresAt });
    }
    return reply.code(202).send({});
  });

  app.post(apiRoutes.accountPhoneVerify, {
    schema: {
      tags: ['account'],
      summary: 'Save the new phone number with the code sent to it (single use, 10 minutes).',
      body: verifyPhoneRequestSchema,
      response: { 200: accountPhoneResponseSchema, ...errorResponses(400, 401, 403, 409, 429) },
    },
  }, async (request, reply) => {
    const me = await requireUser(request);
    const { phone, code } = request.body;
    const attempt = await limitAttempt(request, reply, phoneAndAddressChecks(rateLimitPolicies.codeAttempt, phone, request.ip));
    const result = await consumePhoneCode(request, 'phone_verification', phone, phoneVerificationTarget(me.id, phone), code);
    if (!result.ok) throw codeRefused(400, result.reason);
    await attempt.refund();
    await refuseTakenNumber(me.id, phone);
    const before = await app.db.selectFrom('users').select('phone').where('id', '=', me.id).executeTakeFirstOrThrow();
    try {
      await app.db.updateTable('users').set({ phone }).where('id', '=', me.id).execute();
    } catch (error) {
      // Another account saved the number between the check and the update (unique index).
      if (await takenByAnother(me.id, phone)) throw phoneTaken();
      throw error;
    }
    // Sign-in codes sent to the old number stop working with it.
    if (before.phone) await revokeOneTimeSecrets(app.db, 'phone_code', before.phone, app.now());
    await auditRequest(request, { type: 'phone_changed', targetUserId: me.id, details: { changed: [before.phone ? 'phone.replaced' : 'phone.added'] } });
    return { phone };
  });

  app.delete(apiRoutes.accountPhone, {
    schema: {
      tags: ['account'],
      summary: 'Remove your phone number: it no longer signs in.',
      response: { 204: z.null().describe('removed'), ...errorResponses(401, 403) },
    },
  }, async (request, reply) => {
    const me = await requireUser(request);
    const before = await app.db.selectFrom('users').select('phone').where('id', '=', me.id).executeTakeFirstOrThrow();
    if (before.phone) {
      await app.db.updateTable('users').set({ phone: null }).where('id', '=', me.id).execute();
      await revokeOneTimeSecrets(app.db, 'phone_code', before.phone, app.now());
      await auditRequest(request, { type: 'phone_changed', targetUserId: me.id, details: { changed: ['phone.removed'] } });
    }
    return reply.code(204).send(null);
  });

  /** Texts a sign-in code to `phone` (a mock number: only the marker, nothing sent). */
  async function issueSignInCode(userId: string, phone: string): Promise<void> {
    const now = app.now();
    const fixedCode = mockCodeOf(await readSecuritySettings(app.db), phone);
    if (fixedCode !== undefined) {
      await issueMockPending(app.db, { purpose: 'phone_code', target: phone, userId, ttlMs: phoneCodeTtlMs, now });
      return;
    }
    const issued = await issueOneTimeSecret(app.db, { purpose: 'phone_code', target: phone, userId, ttlMs: phoneCodeTtlMs, shape: 'code', now });
    await sendSms(app, { to: phone, body: signInCodeText(issued.secret, ttlMinutes, app.config.publicUrl), kind: 'phone_code', userId, bodyExpiresAt: issued.expiresAt });
  }

  /** The code of `target`: a mock number's fixed code against its marker, else the SMS code. */
  async function consumePhoneCode(request: FastifyRequest, purpose: 'phone_code' | 'phone_verification', phone: string, target: string, code: string): Promise<ConsumeResult> {
    const now = request.server.now();
    const fixedCode = mockCodeOf(await readSecuritySettings(app.db), phone);
    return fixedCode !== undefined
      ? consumeMockCode(app.db, { purpose, target, code, fixedCode, now })
      : consumeCode(app.db, purpose, target, code, now);
  }

  async function takenByAnother(userId: string, phone: string): Promise<boolean> {
    const owner = await app.db.selectFrom('users').select('id').where('phone', '=', phone).where('id', '!=', userId).executeTakeFirst();
    return owner !== undefined;
  }

  async function refuseTakenNumber(userId: string, phone: string): Promise<void> {
    if (await takenByAnother(userId, phone)) throw phoneTaken();
  }
};

function phoneTaken(): HttpError {
  // Whose it is stays unsaid.
  return new HttpError(409, 'phone_taken', 'This number belongs to another account. Remove it there first, or use another number.');
}

function codeRefused(status: 400 | 401, reason: 'invalid' | 'expired'): HttpError {
  return reason === 'expired'
    ? new HttpError(status, 'invalid_code', 'This code has expired. Ask for a new one.')
    : new HttpError(status, 'invalid_code', 'The code is wrong or was already used. Check it, or ask for a new one.');
}
