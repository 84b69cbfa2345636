import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { signInResponseSchema } from '../../shared/api/auth';
import { apiRoutes } from '../../shared/api/routes';
import { sessionProviders, type SessionProvider } from '../../shared/api/sessions';
import {
  confirmTwoFactorRequestSchema, disableTwoFactorRequestSchema, recoveryCodesResponseSchema, regenerateRecoveryCodesRequestSchema,
  startTwoFactorRequestSchema, startTwoFactorResponseSchema, twoFactorSignInRequestSchema, twoFactorStatusSchema, type TwoFactorStatus,
} from '../../shared/api/twoFactor';
import { auditRequest } from '../audit/recordAuditEvent';
import { completeSignIn } from '../auth/completeSignIn';
import { consumeTokenById, peekTokenAttempt, recordWrongAttempt } from '../auth/oneTimeSecrets';
import { verifyCurrentPassword } from '../auth/verifyCurrentPassword';
import '../datasources/dataDecorations';
import { errorResponses } from '../http/errorResponses';
import { HttpError } from '../http/httpError';
import { type RateLimitCheck, addressSubject, limitAttempt } from '../security/rateLimitAttempt';
import { rateLimitPolicies } from '../security/rateLimitPolicies';
import { readSecuritySettings } from '../security/securitySettings';
import type { Database } from '../store/database';
import { hashRecoveryCode, matchTotp, newRecoveryCodes, newTotpSecret, totpUri } from './totp';
import { clearTwoFactor } from './clearTwoFactor';
import { claimTotpStep } from './totpReplay';

/**
 * TOTP two-factor authentication (issue 5): the account's enrolment, status, recovery codes and
 * turning it off, and the second step of every sign-in of a user who has it. The secret is kept
 * sealed by the secret box (like datasource secrets) and answered once, when enrolment starts;
 * recovery codes are kept as sha256 hashes and answered once, when made. Every wrong TOTP or
 * recovery code counts against the user and the address (rateLimitPolicies.twoFactorAttempt);
 * a right one gives its attempt back.
 */
export const twoFactorRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(apiRoutes.accountTwoFactor, {
    schema: {
      tags: ['account'],
      summary: 'Your two-factor status: on, enrolment started, recovery codes left.',
      response: { 200: twoFactorStatusSchema, ...errorResponses(401) },
    },
  }, async (request) => statusOf(await loadUser(app.db, signedInUserId(request))));

  app.post(apiRoutes.accountTwoFactor, {
    schema: {
      tags: ['account'],
      summary: 'Start (or restart) TOTP enrolment with your password: answers a new secret and its otpauth URI, the only time they are shown. 409 while two-factor is on.',
      body: startTwoFactorRequestSchema,
      response: { 200: startTwoFactorResponseSchema, ...errorResponses(400, 401, 409, 429) },
    },
  }, async (request, reply) => {
    const user = await loadUser(app.db, signedInUserId(request));
    if (user.totp_enabled_at !== null) throw new HttpError(409, 'conflict', 'Two-factor authentication is already on. Turn it off first to use another authenticator.');
    await verifyCurrentPassword(request, reply, user, request.body.currentPassword);
    const secret = newTotpSecret();
    const updated = await app.db.updateTable('users')
      .set({ totp_secret: app.secretBox.encrypt(secret) })
      .where('id', '=', user.id).where('totp_enabled_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new HttpError(409, 'conflict', 'Two-factor authentication was turned on meanwhile.');
    return { secret, otpauthUri: totpUri(secret, user.email) };
  });

  app.post(apiRoutes.accountTwoFactorConfirm, {
    schema: {
      tags: ['account'],
      summary: 'Turn TOTP on with a first code from the authenticator app. Answers 10 recovery codes, the only time they are shown, and lifts the enrolment restriction of this session.',
      body: confirmTwoFactorRequestSchema,
      response: { 200: recoveryCodesResponseSchema, ...errorResponses(400, 401, 409, 429) },
    },
  }, async (request, reply) => {
    const auth = signedInAuth(request);
    const user = await loadUser(app.db, auth.userId);
    if (user.totp_enabled_at !== null) throw new HttpError(409, 'conflict', 'Two-factor authentication is already on.');
    if (user.totp_secret === null) throw new HttpError(409, 'conflict', 'Start the enrolment first.');
    const attempt = await limitAttempt(request, reply, twoFactorChecks(user.id, request.ip));
    const now = app.now();
    const step = matchTotp(app.secretBox.decrypt(user.totp_secret), request.body.code, now);
    if (step === null) throw wrongCode(400);
    const recoveryCodes = newRecoveryCodes();
    await app.db.transaction().execute(async (trx) => {
      if (!(await claimTotpStep(trx, user.id, step, now))) throw usedCode(400);
      const updated = await trx.updateTable('users')
        .set({ totp_enabled_at: now.toISOString(), recovery_codes: JSON.stringify(recoveryCodes.map(hashRecoveryCode)) })
        .where('id', '=', user.id).where('totp_enabled_at', 'is', null).where('totp_secret', '=', user.totp_secret)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new HttpError(409, 'conflict', 'The enrolment changed meanwhile. Start it again.');
      // This session proved the second factor: it is a full session now. The user's other
      // sessions still waiting to enrol never did: they end (a new sign-in asks for a code).
      await trx.updateTable('sessions').set({ restriction: null }).where('id', '=', auth.sessionId).execute();
      await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('id', '!=', auth.sessionId).where('restriction', 'is not', null).execute();
      await auditRequest(request, { type: 'two_factor_enabled', targetUserId: user.id, details: { count: recoveryCodes.length } }, trx);
    });
    await attempt.refund();
    return { recoveryCodes };
  });

  app.delete(apiRoutes.accountTwoFactor, {
    schema: {
      tags: ['account'],
      summary: 'Turn TOTP off with a current code or a recovery code (and the password when given). 403 two_factor_required while the instance requires two-factor.',
      body: disableTwoFactorRequestSchema,
      response: { 200: twoFactorStatusSchema, ...errorResponses(400, 401, 403, 409, 429) },
    },
  }, async (request, reply) => {
    const user = await loadEnrolledUser(app.db, signedInUserId(request));
    const settings = await readSecuritySettings(app.db);
    if (settings.requireTwoFactor) throw new HttpError(403, 'two_factor_required', 'This Cordon instance requires two-factor authentication: it cannot be turned off.');
    const { currentPassword } = request.body;
    if (currentPassword !== undefined) await verifyCurrentPassword(request, reply, user, currentPassword);
    const attempt = await limitAttempt(request, reply, twoFactorChecks(user.id, request.ip));
    const now = app.now();
    const factor = await app.db.transaction().execute(async (trx) => {
      const used = await useSecondFactor(trx, app, user, request.body, now);
      if (used.ok) await clearTwoFactor(trx, user.id);
      return used;
    });
    if (!factor.ok) throw request.body.recoveryCode !== undefined ? wrongCode(400, true) : factor.replayed ? usedCode(400) : wrongCode(400);
    await attempt.refund();
    await auditRequest(request, { type: 'two_factor_disabled', targetUserId: user.id, details: { method: factor.factor } });
    return { enabled: false, enrolling: false, recoveryCodesLeft: 0 };
  });

  app.post(apiRoutes.accountRecoveryCodes, {
    schema: {
      tags: ['account'],
      summary: 'Replace your recovery codes (a current TOTP code required): the old ones stop working. Answers the new ones, the only time they are shown.',
      body: regenerateRecoveryCodesRequestSchema,
      response: { 200: recoveryCodesResponseSchema, ...errorResponses(400, 401, 409, 429) },
    },
  }, async (request, reply) => {
    const user = await loadEnrolledUser(app.db, signedInUserId(request));
    const attempt = await limitAttempt(request, reply, twoFactorChecks(user.id, request.ip));
    const now = app.now();
    const step = matchTotp(app.secretBox.decrypt(user.totp_secret), request.body.code, now);
    if (step === null) throw wrongCode(400);
    const recoveryCodes = newRecoveryCodes();
    await app.db.transaction().execute(async (trx) => {
      if (!(await claimTotpStep(trx, user.id, step, now))) throw usedCode(400);
      await trx.updateTable('users').set({ recovery_codes: JSON.stringify(recoveryCodes.map(hashRecoveryCode)) }).where('id', '=', user.id).execute();
      await auditRequest(request, { type: 'recovery_codes_regenerated', targetUserId: user.id, details: { count: recoveryCodes.length } }, trx);
    });
    await attempt.refund();
    return { recoveryCodes };
  });

  app.post(apiRoutes.twoFactorSignIn, {
    schema: {
      tags: ['auth'],
      summary: 'The second step of a sign-in: the challenge and a TOTP code or a recovery code. A wrong code keeps the challenge for a few more tries.',
      body: twoFactorSignInRequestSchema,
      response: { 200: signInResponseSchema, ...errorResponses(400, 401, 403, 429) },
    },
  }, async (request, reply) => {
    const now = app.now();
    const challenge = await peekTokenAttempt(app.db, 'two_factor_challenge', request.body.challenge, now);
    if (!challenge.ok || challenge.userId === null) {
      // Unguessable (256 bits), but still counted per address.
      await limitAttempt(request, reply, [addressCheck(request.ip)]);
      throw challengeInvalid(challenge.ok ? 'invalid' : challenge.reason);
    }
    const attempt = await limitAttempt(request, reply, twoFactorChecks(challenge.userId, request.ip));
    const user = await app.db.selectFrom('users').select(userColumns).where('id', '=', challenge.userId).executeTakeFirst();
    // Turned off since the challenge was made: the first factor alone now makes a session.
    if (!user || user.totp_enabled_at === null || user.totp_secret === null) throw challengeInvalid('invalid');

    const used = await app.db.transaction().execute(async (trx) => {
      const result = await useSecondFactor(trx, app, user, request.body, now);
      // Single use: of two right requests with one challenge only one gets a session.
      if (result.ok && !(await consumeTokenById(trx, challenge.id, now))) throw challengeInvalid('invalid');
      return result;
    });
    if (!used.ok) {
      const left = await recordWrongAttempt(app.db, challenge.id);
      await auditRequest(request, { type: 'sign_in_failed', actorUserId: null, targetUserId: user.id, details: { reason: 'wrong_second_factor' } });
      if (left === 0) throw new HttpError(401, 'two_factor_challenge_invalid', 'Too many wrong codes. Sign in again.');
      throw request.body.recoveryCode !== undefined ? wrongCode(401, true) : used.replayed ? usedCode(401) : wrongCode(401);
    }
    await attempt.refund();
    if (used.factor === 'recovery_code') {
      await auditRequest(request, { type: 'recovery_code_used', actorUserId: user.id, targetUserId: user.id, details: { count: used.recoveryCodesLeft } });
    }
    return completeSignIn(request, reply, user.id, providerOf(challenge.data), { secondFactor: used.factor });
  });
};

const userColumns = ['id', 'email', 'password_hash', 'password_import', 'totp_secret', 'totp_enabled_at', 'recovery_codes'] as const;
type TwoFactorUser = { id: string; email: string; password_hash: string; password_import: string | null; totp_secret: string | null; totp_enabled_at: string | null; recovery_codes: string };

function signedInAuth(request: FastifyRequest): { userId: string; sessionId: string } {
  if (!request.auth) throw new HttpError(401, 'unauthenticated', 'Sign in to continue.');
  return request.auth;
}

function signedInUserId(request: FastifyRequest): string {
  return signedInAuth(request).userId;
}

async function loadUser(db: Kysely<Database>, userId: string): Promise<TwoFactorUser> {
  const user = await db.selectFrom('users').select(userColumns).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new HttpError(401, 'unauthenticated', 'Sign in to continue.');
  return user;
}

/** The signed-in user, who must have TOTP on: 409 `conflict` otherwise. */
async function loadEnrolledUser(db: Kysely<Database>, userId: string): Promise<TwoFactorUser & { totp_secret: string }> {
  const user = await loadUser(db, userId);
  if (user.totp_enabled_at === null || user.totp_secret === null) throw new HttpError(409, 'conflict', 'Two-factor authentication is not on.');
  return { ...user, totp_secret: user.totp_secret };
}

function statusOf(user: TwoFactorUser): TwoFactorStatus {
  const enabled = user.totp_enabled_at !== null;
  return { enabled, enrolling: !enabled && user.totp_secret !== null, recoveryCodesLeft: enabled ? recoveryHashes(user).length : 0 };
}

function recoveryHashes(user: Pick<TwoFactorUser, 'recovery_codes'>): string[] {
  try {
    const parsed: unknown = JSON.parse(user.recovery_codes);
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

type SecondFactorUse =
  | { ok: true; factor: 'totp' | 'recovery_code'; recoveryCodesLeft: number }
  | { ok: false; replayed: boolean };

/**
 * Checks and uses a TOTP code (its step is claimed: a code works once) or a recovery code (it is
 * removed by a compare-and-set on the user's list: of two requests with one code, one passes).
 */
async function useSecondFactor(db: Kysely<Database>, app: FastifyInstance, user: TwoFactorUser, body: { code?: string; recoveryCode?: string }, now: Date): Promise<SecondFactorUse> {
  const hashes = recoveryHashes(user);
  if (body.code !== undefined) {
    if (user.totp_secret === null) return { ok: false, replayed: false };
    const step = matchTotp(app.secretBox.decrypt(user.totp_secret), body.code, now);
    if (step === null) return { ok: false, replayed: false };
    if (!(await claimTotpStep(db, user.id, step, now))) return { ok: false, replayed: true };
    return { ok: true, factor: 'totp', recoveryCodesLeft: hashes.length };
  }
  if (body.recoveryCode === undefined) return { ok: false, replayed: false };
  const hash = hashRecoveryCode(body.recoveryCode);
  if (!hashes.includes(hash)) return { ok: false, replayed: false };
  const left = hashes.filter((item) => item !== hash);
  const updated = await db.updateTable('users').set({ recovery_codes: JSON.stringify(left) })
    .where('id', '=', user.id).where('recovery_codes', '=', user.recovery_codes)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return { ok: false, replayed: true };
  return { ok: true, factor: 'recovery_code', recoveryCodesLeft: left.length };
}

function addressCheck(ip: string): RateLimitCheck {
  return { policy: rateLimitPolicies.twoFactorAttempt, kind: 'ip', subject: addressSubject(ip) };
}

/** Wrong TOTP and recovery codes: per address first (see emailAndAddressChecks), then per user. */
function twoFactorChecks(userId: string, ip: string): RateLimitCheck[] {
  return [addressCheck(ip), { policy: rateLimitPolicies.twoFactorAttempt, kind: 'user', subject: userId }];
}

function providerOf(data: Record<string, unknown>): SessionProvider {
  const provider = data.provider;
  return typeof provider === 'string' && (sessionProviders as readonly string[]).includes(provider) ? provider as SessionProvider : 'password';
}

function wrongCode(status: 400 | 401, recovery = false): HttpError {
  return new HttpError(status, 'invalid_two_factor_code', recovery
    ? 'That recovery code is not right, or was already used.'
    : 'That code is not right. Check the time on your phone and try the newest code.');
}

function usedCode(status: 400 | 401): HttpError {
  return new HttpError(status, 'invalid_two_factor_code', 'That code was already used. Wait for the next one.');
}

function challengeInvalid(reason: 'invalid' | 'expired'): HttpError {
  return new HttpError(401, 'two_factor_challenge_invalid', reason === 'expired'
    ? 'The sign-in took too long. Sign in again.'
    : 'This sign-in cannot continue. Sign in again.');
}
