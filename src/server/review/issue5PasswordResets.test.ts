import { createHash } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SignInResponse } from '../../shared/api/auth';
import type { AdminUserListResponse } from '../../shared/api/adminUsers';
import { apiRoutes } from '../../shared/api/routes';
import type { SecuritySettings } from '../../shared/api/security';
import type { RecoveryCodesResponse, StartTwoFactorResponse } from '../../shared/api/twoFactor';
import { expectStatus } from '../testing/dataTestKit';
import { headersFor, type SignedUpUser, signUpUser } from '../testing/sessions';
import { createTestApp, type TestApp } from '../testing/testApp';

// Review of issue 5 (accounts): a password replaced from outside the account (a recovery link,
// an administrator) must follow the same policies on every route, and must not leave a first
// factor proved with the old password usable, nor lift two-factor authentication.

let t: TestApp;
let admin: SignedUpUser;
let clock: Date;
let remote = 0;

beforeEach(async () => {
  clock = new Date('2026-11-24T12:00:00.000Z');
  t = await createTestApp({ CORDON_PUBLIC_URL: 'https://cordon.example.com' }, { now: () => clock });
  admin = await signUpUser(t.app);
});
afterEach(async () => {
  await t.close();
});

/** A fresh address per request, so that the tests do not share rate limits by accident. */
function address(): string {
  remote += 1;
  return `10.55.${Math.floor(remote / 250)}.${remote % 250}`;
}

function post(url: string, payload: object, cookie?: string) {
  return t.app.inject({ method: 'POST', url, payload, headers: cookie ? headersFor(cookie) : {}, remoteAddress: address() });
}

async function setPolicies(change: Partial<SecuritySettings>): Promise<void> {
  expectStatus(await t.app.inject({ method: 'PATCH', url: apiRoutes.securitySettings, payload: change, headers: headersFor(admin.cookie) }), 200);
}

/** Asks for a recovery email (outbox: no SMTP) and returns the token of its link. */
async function recoveryToken(email: string): Promise<string> {
  clock = new Date(clock.getTime() + 1000);
  expectStatus(await post(apiRoutes.passwordRecovery, { email }), 202);
  await t.app.mailer.settled();
  const mail = await t.app.db.selectFrom('messages').select('body').where('kind', '=', 'password_recovery').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  const match = /\/reset-password#token=([A-Za-z0-9_-]+)/.exec(mail.body ?? '');
  if (!match) throw new Error('no recovery link');
  return match[1]!;
}

function totp(secret: string): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: clock.getTime() });
}

/** Moves the clock to the next 30-second step (a fresh TOTP code). */
function nextStep(): void {
  clock = new Date((Math.floor(clock.getTime() / 30_000) + 1) * 30_000 + 1_000);
}

async function enrol(user: SignedUpUser): Promise<string> {
  const { secret } = expectStatus(await post(apiRoutes.accountTwoFactor, { currentPassword: user.password }, user.cookie), 200).json<StartTwoFactorResponse>();
  expectStatus(await post(apiRoutes.accountTwoFactorConfirm, { code: totp(secret) }, user.cookie), 200).json<RecoveryCodesResponse>();
  nextStep();
  return secret;
}

async function challengeOf(email: string, password: string): Promise<string> {
  const result = expectStatus(await post(apiRoutes.signIn, { email, password }), 200).json<SignInResponse>();
  if (!('twoFactor' in result)) throw new Error('expected a two-factor challenge');
  return result.twoFactor.challenge;
}

describe('a password replaced by recovery or by an administrator', () => {
  it("refuses an imported user's imported password under the history policy on recovery, as the admin route does", async () => {
    const imported = 'imported secret 1';
    expectStatus(await t.app.inject({
      method: 'POST', url: apiRoutes.importUsers, headers: headersFor(admin.cookie),
      payload: { users: [{ email: 'carol@example.test', name: 'Carol', hash: { algorithm: 'md5', hash: createHash('md5').update(imported).digest('hex') } }] },
    }), 200);
    await setPolicies({ passwordHistory: 1 });

    const token = await recoveryToken('carol@example.test');
    const reused = await post(apiRoutes.passwordRecoveryConfirm, { token, password: imported });
    expect(reused.statusCode).toBe(400);
    expect(reused.json()).toEqual({ code: 'password_recently_used', message: expect.any(String) });
    // The refused password left the link working for a new one.
    expectStatus(await post(apiRoutes.passwordRecoveryConfirm, { token, password: 'a brand new secret 2' }), 204);
    expectStatus(await post(apiRoutes.signIn, { email: 'carol@example.test', password: 'a brand new secret 2' }), 200);

    // And the administrator's route answers the same for another imported user.
    expectStatus(await t.app.inject({
      method: 'POST', url: apiRoutes.importUsers, headers: headersFor(admin.cookie),
      payload: { users: [{ email: 'dave@example.test', name: 'Dave', hash: { algorithm: 'md5', hash: createHash('md5').update(imported).digest('hex') } }] },
    }), 200);
    const dave = expectStatus(await t.app.inject({ method: 'GET', url: `${apiRoutes.adminUsers}?search=dave`, headers: headersFor(admin.cookie) }), 200).json<AdminUserListResponse>().users[0]!;
    const set = await t.app.inject({ method: 'PATCH', url: apiRoutes.adminUserPassword(dave.id), payload: { password: imported }, headers: headersFor(admin.cookie) });
    expect(set.json()).toEqual({ code: 'password_recently_used', message: expect.any(String) });
  });

  it('keeps two-factor on after a recovery: the new password still leads to a challenge', async () => {
    const user = await signUpUser(t.app);
    await enrol(user);
    const token = await recoveryToken(user.email);
    expectStatus(await post(apiRoutes.passwordRecoveryConfirm, { token, password: 'recovered secret 3' }), 204);
    const result = expectStatus(await post(apiRoutes.signIn, { email: user.email, password: 'recovered secret 3' }), 200).json<SignInResponse>();
    expect(result).toEqual({ twoFactor: { challenge: expect.any(String), expiresAt: expect.any(String) } });
    expect(await t.app.db.selectFrom('users').select('totp_enabled_at').where('id', '=', user.user.id).executeTakeFirstOrThrow()).not.toEqual({ totp_enabled_at: null });
  });

  it('ends a two-factor challenge won with the old password when a recovery link sets a new one', async () => {
    const user = await signUpUser(t.app);
    const secret = await enrol(user);
    // Someone who knows the old password has passed the first step.
    const challenge = await challengeOf(user.email, user.password);
    const token = await recoveryToken(user.email);
    expectStatus(await post(apiRoutes.passwordRecoveryConfirm, { token, password: 'recovered secret 4' }), 204);
    const second = await post(apiRoutes.twoFactorSignIn, { challenge, code: totp(secret) });
    expect(second.statusCode).toBe(401);
    expect(second.json()).toMatchObject({ code: 'two_factor_challenge_invalid' });
    expect(second.headers['set-cookie']).toBeUndefined();
  });

  it("ends a two-factor challenge won with the old password when an administrator sets the user's password", async () => {
    const user = await signUpUser(t.app);
    const secret = await enrol(user);
    const challenge = await challengeOf(user.email, user.password);
    expectStatus(await t.app.inject({ method: 'PATCH', url: apiRoutes.adminUserPassword(user.user.id), payload: { password: 'set by the admin 5' }, headers: headersFor(admin.cookie) }), 204);
    const second = await post(apiRoutes.twoFactorSignIn, { challenge, code: totp(secret) });
    expect(second.statusCode).toBe(401);
    expect(second.json()).toMatchObject({ code: 'two_factor_challenge_invalid' });
  });
});
