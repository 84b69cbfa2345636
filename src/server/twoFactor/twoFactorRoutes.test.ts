import { Writable } from 'node:stream';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppViewDto } from '../../shared/api/apps';
import type { SessionResponse, SignInResponse } from '../../shared/api/auth';
import type { DatasourceDto } from '../../shared/api/datasources';
import { apiRoutes } from '../../shared/api/routes';
import type { RecoveryCodesResponse, StartTwoFactorResponse, TwoFactorStatus } from '../../shared/api/twoFactor';
import { createAppWithQueries, expectStatus, publish, queryDef } from '../testing/dataTestKit';
import { headersFor, sessionCookieFrom, signUpUser, type SignedUpUser } from '../testing/sessions';
import { createTestApp, type TestApp } from '../testing/testApp';

// Every request goes through the real routes on a real store (SQLite, or PostgreSQL with
// DATABASE_URL). The server's clock is `now`, moved by the tests; TOTP codes are made here with
// otpauth from the secret the enrolment answered, for that same time.
let now = new Date('2026-11-24T12:00:00.000Z');
let t: TestApp;
const logLines: string[] = [];
/** Every response body the tests saw, to check that the secret appears in no other. */
const bodies: Array<{ url: string; body: string }> = [];
let remote = 0;
let adminUser: SignedUpUser;

beforeAll(async () => {
  const stream = new Writable({ write(chunk, _encoding, done) { logLines.push(String(chunk)); done(); } });
  t = await createTestApp({ LOG_LEVEL: 'trace' }, { now: () => now, logger: { stream } });
  // The first account administers the instance (the settings); it enrols only in the last tests.
  adminUser = await signUpUser(t.app);
});
afterAll(async () => {
  await t?.close();
});

/** A TOTP code of `secret` for `at` (default: the server's now). */
function totp(secret: string, at = now): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: at.getTime() });
}

/** Moves the clock to the start of the next 30-second step (a new TOTP code). */
function nextStep(): void {
  now = new Date((Math.floor(now.getTime() / 30_000) + 1) * 30_000 + 1_000);
}

/** A fresh address per request unless given, so that the tests do not share rate limits by accident. */
function address(): string {
  remote += 1;
  return `10.77.${Math.floor(remote / 250)}.${remote % 250}`;
}

async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, cookie?: string, payload?: object, remoteAddress = address()) {
  const response = await t.app.inject({ method, url, headers: cookie ? headersFor(cookie) : {}, ...(payload ? { payload } : {}), remoteAddress });
  bodies.push({ url: `${method} ${url}`, body: response.body });
  return response;
}

async function signUp(): Promise<SignedUpUser> {
  return signUpUser(t.app);
}

/** Enrols `user` and returns the secret and the recovery codes. */
async function enrol(user: SignedUpUser): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = expectStatus(await call('POST', apiRoutes.accountTwoFactor, user.cookie, { currentPassword: user.password }), 200).json<StartTwoFactorResponse>();
  const { recoveryCodes } = expectStatus(await call('POST', apiRoutes.accountTwoFactorConfirm, user.cookie, { code: totp(started.secret) }), 200).json<RecoveryCodesResponse>();
  nextStep(); // the confirming code is used: later steps only
  return { secret: started.secret, recoveryCodes };
}

async function passwordSignIn(user: SignedUpUser): Promise<SignInResponse> {
  const response = expectStatus(await call('POST', apiRoutes.signIn, undefined, { email: user.email, password: user.password }), 200);
  return response.json<SignInResponse>();
}

async function challengeOf(user: SignedUpUser): Promise<string> {
  const result = await passwordSignIn(user);
  if (!('twoFactor' in result)) throw new Error('expected a two-factor challenge');
  return result.twoFactor.challenge;
}

async function status(cookie: string): Promise<TwoFactorStatus> {
  return expectStatus(await call('GET', apiRoutes.accountTwoFactor, cookie), 200).json<TwoFactorStatus>();
}

async function auditTypes(userId: string): Promise<string[]> {
  const rows = await t.app.db.selectFrom('audit_events').select(['type', 'details']).where('target_user_id', '=', userId).orderBy('created_at').execute();
  return rows.map((row) => row.type);
}

describe('TOTP enrolment and sign-in', () => {
  it('enrols with the password and a first code, answers recovery codes once, then every password sign-in asks for a code', async () => {
    const user = await signUp();
    expect(await status(user.cookie)).toEqual({ enabled: false, enrolling: false, recoveryCodesLeft: 0 });
    // Nothing to confirm before an enrolment started; the password is required to start one.
    expect((await call('POST', apiRoutes.accountTwoFactorConfirm, user.cookie, { code: '123456' })).json()).toMatchObject({ code: 'conflict' });
    const wrongPassword = await call('POST', apiRoutes.accountTwoFactor, user.cookie, { currentPassword: 'not the password' });
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongPassword.json()).toMatchObject({ code: 'invalid_credentials' });
    expect((await call('POST', apiRoutes.accountTwoFactor, undefined, { currentPassword: user.password })).statusCode).toBe(401);

    const started = expectStatus(await call('POST', apiRoutes.accountTwoFactor, user.cookie, { currentPassword: user.password }), 200).json<StartTwoFactorResponse>();
    expect(started.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(started.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe(`/Cordon:${user.email}`);
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({ issuer: 'Cordon', secret: started.secret, algorithm: 'SHA1', digits: '6', period: '30' });
    expect(await status(user.cookie)).toEqual({ enabled: false, enrolling: true, recoveryCodesLeft: 0 });
    // Still off while enrolling: the password alone signs in.
    expect('user' in (await passwordSignIn(user))).toBe(true);

    // The store holds a secret-box envelope, never the secret.
    const row = await t.app.db.selectFrom('users').select(['totp_secret', 'recovery_codes']).where('id', '=', user.user.id).executeTakeFirstOrThrow();
    expect(row.totp_secret).toMatch(/^v1\./);
    expect(row.totp_secret).not.toContain(started.secret);
    expect(t.app.secretBox.decrypt(row.totp_secret!)).toBe(started.secret);

    const wrong = await call('POST', apiRoutes.accountTwoFactorConfirm, user.cookie, { code: totp(started.secret, new Date(now.getTime() - 5 * 60_000)) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'invalid_two_factor_code' });
    expect((await call('POST', apiRoutes.accountTwoFactorConfirm, user.cookie, { code: 'abc' })).json()).toMatchObject({ code: 'bad_request' });

    // One step of clock drift either way is accepted.
    const confirmed = expectStatus(await call('POST', apiRoutes.accountTwoFactorConfirm, user.cookie, { code: totp(started.secret, new Date(now.getTime() - 30_000)) }), 200).json<RecoveryCodesResponse>();
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.recoveryCodes).size).toBe(10);
    for (const code of confirmed.recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    const stored = await t.app.db.selectFrom('users').select(['recovery_codes', 'totp_enabled_at']).where('id', '=', user.user.id).executeTakeFirstOrThrow();
    expect(stored.totp_enabled_at).toBe(now.toISOString());
    expect(JSON.parse(stored.recovery_codes)).toHaveLength(10);
    for (const code of confirmed.recoveryCodes) expect(stored.recovery_codes).not.toContain(code.replace('-', ''));
    expect(await status(user.cookie)).toEqual({ enabled: true, enrolling: false, recoveryCodesLeft: 10 });
    // On: no second enrolment (it would replace the secret), no second confirmation.
    expect((await call('POST', apiRoutes.accountTwoFactor, user.cookie, { currentPassword: user.password })).statusCode).toBe(409);
    expect((await call('POST', apiRoutes.accountTwoFactorConfirm, user.cookie, { code: totp(started.secret) })).statusCode).toBe(409);

    // A password sign-in now gives a challenge and no session.
    nextStep();
    const first = await call('POST', apiRoutes.signIn, undefined, { email: user.email, password: user.password });
    expect(first.statusCode).toBe(200);
    expect(first.headers['set-cookie']).toBeUndefined();
    const result = first.json<SignInResponse>();
    if (!('twoFactor' in result)) throw new Error('expected a challenge');
    expect(Date.parse(result.twoFactor.expiresAt) - now.getTime()).toBe(5 * 60_000);

    const second = await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge: result.twoFactor.challenge, code: totp(started.secret) });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json<SessionResponse>().user).toMatchObject({ id: user.user.id, email: user.email });
    const cookie = sessionCookieFrom(second.headers['set-cookie']);
    expect(expectStatus(await call('GET', apiRoutes.me, cookie), 200).json<SessionResponse>()).toEqual({ user: expect.objectContaining({ id: user.user.id }) });
    const session = await t.app.db.selectFrom('sessions').select(['provider', 'restriction']).where('user_id', '=', user.user.id).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(session).toEqual({ provider: 'password', restriction: null });
    expect(await auditTypes(user.user.id)).toEqual(expect.arrayContaining(['two_factor_enabled', 'sign_in']));
  });

  it('keeps the challenge through a few wrong codes, then kills it; a wrong code is audited', async () => {
    const user = await signUp();
    const { secret } = await enrol(user);
    const challenge = await challengeOf(user);
    for (let i = 0; i < 2; i += 1) {
      const wrong = await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge, code: totp(secret, new Date(now.getTime() + 10 * 60_000)) });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toMatchObject({ code: 'invalid_two_factor_code' });
      expect(wrong.headers['set-cookie']).toBeUndefined();
    }
    expectStatus(await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge, code: totp(secret) }), 200);
    const failed = await t.app.db.selectFrom('audit_events').select('details').where('type', '=', 'sign_in_failed').where('target_user_id', '=', user.user.id).execute();
    expect(failed.map((row) => JSON.parse(row.details) as unknown)).toEqual([{ reason: 'wrong_second_factor' }, { reason: 'wrong_second_factor' }]);

    nextStep();
    const doomed = await challengeOf(user);
    const answers: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      answers.push((await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge: doomed, recoveryCode: 'aaaaa-aaaaa' })).json<{ code: string }>().code);
    }
    expect(answers).toEqual(['invalid_two_factor_code', 'invalid_two_factor_code', 'invalid_two_factor_code', 'invalid_two_factor_code', 'two_factor_challenge_invalid']);
    // Dead: even the right code cannot use it.
    const late = await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge: doomed, code: totp(secret) });
    expect(late.statusCode).toBe(401);
    expect(late.json()).toMatchObject({ code: 'two_factor_challenge_invalid' });
  });

  it('refuses a replayed code: the same code again, or an earlier step, within the window', async () => {
    const user = await signUp();
    const { secret } = await enrol(user);
    const code = totp(secret);
    expectStatus(await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge: await challengeOf(user), code }), 200);
    const challenge = await challengeOf(user);
    const replay = await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge, code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ code: 'invalid_two_factor_code', message: expect.stringContaining('already used') });
    // The previous step's code is inside the window but older than the last used one.
    const earlier = await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge, code: totp(secret, new Date(now.getTime() - 30_000)) });
    expect(earlier.json()).toMatchObject({ code: 'invalid_two_factor_code' });
    // The replays did not burn the challenge: the next step's code works with it.
    nextStep();
    expectStatus(await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge, code: totp(secret) }), 200);
    // Two requests with one code at the same time: exactly one passes.
    nextStep();
    const [a, b] = [await challengeOf(user), await challengeOf(user)];
    const parallel = await Promise.all([a, b].map((c) => call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge: c, code: totp(secret) })));
    expect(parallel.map((r) => r.statusCode).sort()).toEqual([200, 401]);
  });

  it('signs in with a recovery code once (any case, with or without the dash) and audits it', async () => {
    const user = await signUp();
    const { recoveryCodes } = await enrol(user);
    const [code] = recoveryCodes as [string];
    const typed = ` ${code.toUpperCase().replace('-', ' ')} `;
    const used = await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge: await challengeOf(user), recoveryCode: typed });
    expect(used.statusCode, used.body).toBe(200);
    const cookie = sessionCookieFrom(used.headers['set-cookie']);
    expect(await status(cookie)).toMatchObject({ enabled: true, recoveryCodesLeft: 9 });
    const again = await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge: await challengeOf(user), recoveryCode: code });
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ code: 'invalid_two_factor_code' });
    const audit = await t.app.db.selectFrom('audit_events').select(['details']).where('type', '=', 'recovery_code_used').where('target_user_id', '=', user.user.id).execute();
    expect(audit.map((row) => JSON.parse(row.details) as unknown)).toEqual([{ count: 9 }]);
    // Both a code and a recovery code, or neither: 400.
    expect((await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge: 'x', code: '123456', recoveryCode: code })).json()).toMatchObject({ code: 'bad_request' });
    expect((await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge: 'x' })).json()).toMatchObject({ code: 'bad_request' });
  });

  it('regenerates recovery codes with a TOTP code: the old ones stop working', async () => {
    const user = await signUp();
    const { secret, recoveryCodes: old } = await enrol(user);
    expect((await call('POST', apiRoutes.accountRecoveryCodes, user.cookie, { code: '000000' })).json()).toMatchObject({ code: 'invalid_two_factor_code' });
    const fresh = expectStatus(await call('POST', apiRoutes.accountRecoveryCodes, user.cookie, { code: totp(secret) }), 200).json<RecoveryCodesResponse>().recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((code) => old.includes(code))).toEqual([]);
    const stale = await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge: await challengeOf(user), recoveryCode: old[1]! });
    expect(stale.json()).toMatchObject({ code: 'invalid_two_factor_code' });
    expectStatus(await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge: await challengeOf(user), recoveryCode: fresh[0]! }), 200);
    expect(await auditTypes(user.user.id)).toContain('recovery_codes_regenerated');
    // Without two-factor there is nothing to regenerate.
    const other = await signUp();
    expect((await call('POST', apiRoutes.accountRecoveryCodes, other.cookie, { code: '123456' })).statusCode).toBe(409);
  });

  it('uses a challenge once, for 5 minutes, for its own user only', async () => {
    const alice = await signUp();
    const bob = await signUp();
    const a = await enrol(alice);
    const b = await enrol(bob);

    // Bound to its user: Bob's right code does not complete Alice's challenge.
    const challenge = await challengeOf(alice);
    const crossed = await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge, code: totp(b.secret) });
    expect(crossed.json()).toMatchObject({ code: 'invalid_two_factor_code' });
    expect((await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge, recoveryCode: b.recoveryCodes[0]! })).json()).toMatchObject({ code: 'invalid_two_factor_code' });
    const signedIn = expectStatus(await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge, code: totp(a.secret) }), 200).json<SessionResponse>();
    expect(signedIn.user.id).toBe(alice.user.id);

    // Single use.
    nextStep();
    const reused = await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge, code: totp(a.secret) });
    expect(reused.statusCode).toBe(401);
    expect(reused.json()).toMatchObject({ code: 'two_factor_challenge_invalid' });

    // Five minutes.
    const slow = await challengeOf(alice);
    now = new Date(now.getTime() + 5 * 60_000);
    const expired = await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge: slow, code: totp(a.secret) });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: 'two_factor_challenge_invalid', message: expect.stringContaining('too long') });
    const inTime = await challengeOf(alice);
    now = new Date(now.getTime() + 5 * 60_000 - 1_000);
    expectStatus(await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge: inTime, code: totp(a.secret) }), 200);
    // A made-up challenge.
    expect((await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge: 'made-up', code: totp(a.secret) })).json()).toMatchObject({ code: 'two_factor_challenge_invalid' });
  });

  it('turns off only with a current code or a recovery code (and the password when given)', async () => {
    const user = await signUp();
    const { secret, recoveryCodes } = await enrol(user);
    expect((await call('DELETE', apiRoutes.accountTwoFactor, user.cookie, {})).json()).toMatchObject({ code: 'bad_request' });
    expect((await call('DELETE', apiRoutes.accountTwoFactor, undefined, { code: totp(secret) })).statusCode).toBe(401);
    const wrong = await call('DELETE', apiRoutes.accountTwoFactor, user.cookie, { code: totp(secret, new Date(now.getTime() + 3_600_000)) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'invalid_two_factor_code' });
    expect((await call('DELETE', apiRoutes.accountTwoFactor, user.cookie, { recoveryCode: 'zzzzz-zzzzz' })).json()).toMatchObject({ code: 'invalid_two_factor_code' });
    expect((await call('DELETE', apiRoutes.accountTwoFactor, user.cookie, { code: totp(secret), currentPassword: 'not it' })).json()).toMatchObject({ code: 'invalid_credentials' });
    expect(await status(user.cookie)).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });

    const off = expectStatus(await call('DELETE', apiRoutes.accountTwoFactor, user.cookie, { recoveryCode: recoveryCodes[3]!, currentPassword: user.password }), 200);
    expect(off.json()).toEqual({ enabled: false, enrolling: false, recoveryCodesLeft: 0 });
    const row = await t.app.db.selectFrom('users').select(['totp_secret', 'totp_enabled_at', 'recovery_codes']).where('id', '=', user.user.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ totp_secret: null, totp_enabled_at: null, recovery_codes: '[]' });
    expect('user' in (await passwordSignIn(user))).toBe(true);
    expect((await call('DELETE', apiRoutes.accountTwoFactor, user.cookie, { code: totp(secret) })).statusCode).toBe(409);
    expect(await auditTypes(user.user.id)).toContain('two_factor_disabled');

    // A challenge made before it was turned off cannot be used after.
    const again = await enrol(user);
    const challenge = await challengeOf(user);
    expectStatus(await call('DELETE', apiRoutes.accountTwoFactor, user.cookie, { code: totp(again.secret) }), 200);
    nextStep();
    expect((await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge, code: totp(again.secret) })).json()).toMatchObject({ code: 'two_factor_challenge_invalid' });
  });

  it('rate-limits wrong codes per user and per address; a right code gives its attempt back', async () => {
    const user = await signUp();
    const { secret } = await enrol(user);
    const ip = address();
    for (let i = 0; i < 9; i += 1) {
      expect((await call('POST', apiRoutes.accountRecoveryCodes, user.cookie, { code: '000000' }, ip)).statusCode).toBe(400);
    }
    // The tenth attempt is allowed (and right): its count is refunded, so the next wrong one is the tenth.
    expectStatus(await call('POST', apiRoutes.accountRecoveryCodes, user.cookie, { code: totp(secret) }, ip), 200);
    expect((await call('POST', apiRoutes.accountRecoveryCodes, user.cookie, { code: '000000' }, ip)).statusCode).toBe(400);
    // Per user: another address is refused as well, and so is a sign-in's second step.
    nextStep();
    const limited = await call('POST', apiRoutes.accountRecoveryCodes, user.cookie, { code: totp(secret) });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'rate_limited' });
    expect((await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge: await challengeOf(user), code: totp(secret) })).statusCode).toBe(429);
    now = new Date(now.getTime() + 61 * 60_000);
    expectStatus(await call('POST', apiRoutes.twoFactorSignIn, undefined, { challenge: await challengeOf(user), code: totp(secret) }), 200);
  });
});

describe('requiring two-factor', () => {
  it('restricts new and existing sessions of users without it to enrolment (also on the execute route); enrolling lifts it', async () => {
    // The instance administrator (first account) enrols first, so that turning the requirement on leaves it a full session.
    await enrol(adminUser);
    const ws = expectStatus(await call('POST', apiRoutes.workspaces, adminUser.cookie, { name: 'Ops' }), 201).json<{ id: string }>().id;
    const datasource = expectStatus(await call('POST', apiRoutes.sampleDatasource(ws), adminUser.cookie, {}), 201).json<DatasourceDto>();
    const appDto = await createAppWithQueries(t.app, adminUser.cookie, ws, [queryDef({ id: 'q1', name: 'Query1', datasourceId: datasource.id, body: 'select 1 as one' })]);
    await publish(t.app, adminUser.cookie, appDto.id);
    const actionId = expectStatus(await call('GET', apiRoutes.viewApp(appDto.id), adminUser.cookie), 200).json<AppViewDto>().queries[0]!.id;

    const viewer = await signUp();
    expectStatus(await call('POST', apiRoutes.members(ws), adminUser.cookie, { email: viewer.email, role: 'app_viewer' }), 201);
    const execute = (cookie: string) => call('POST', apiRoutes.executeAction(actionId), cookie, { params: {} });
    expectStatus(await execute(viewer.cookie), 200);

    expectStatus(await call('PATCH', apiRoutes.securitySettings, adminUser.cookie, { requireTwoFactor: true }), 200);

    // The existing session of the viewer is restricted at once.
    const refused = await call('GET', apiRoutes.workspaces, viewer.cookie);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ code: 'two_factor_enrolment_required', message: expect.any(String) });
    const refusedExecute = await execute(viewer.cookie);
    expect(refusedExecute.statusCode).toBe(403);
    expect(refusedExecute.json()).toMatchObject({ code: 'two_factor_enrolment_required' });
    for (const [method, url] of [['GET', apiRoutes.accountSessions], ['PATCH', apiRoutes.accountPassword], ['GET', apiRoutes.viewApp(appDto.id)], ['POST', apiRoutes.accountRecoveryCodes], ['DELETE', apiRoutes.accountTwoFactor]] as const) {
      expect((await call(method, url, viewer.cookie, method === 'GET' ? undefined : {})).statusCode, `${method} ${url}`).toBe(403);
    }
    // What it may still do: who am I, the two-factor status, the public config.
    expect(expectStatus(await call('GET', apiRoutes.me, viewer.cookie), 200).json<SessionResponse>()).toMatchObject({ user: { id: viewer.user.id }, restriction: 'two_factor_enrolment' });
    expectStatus(await call('GET', apiRoutes.accountTwoFactor, viewer.cookie), 200);
    expectStatus(await call('GET', apiRoutes.config, viewer.cookie), 200);
    // The administrator has TOTP: unaffected.
    expectStatus(await call('GET', apiRoutes.workspaces, adminUser.cookie), 200);

    // A new sign-in of a user without TOTP gets a restricted session.
    const fresh = await signUp();
    const signIn = await passwordSignIn(fresh);
    expect(signIn).toMatchObject({ restriction: 'two_factor_enrolment' });
    const freshSignIn = await call('POST', apiRoutes.signIn, undefined, { email: fresh.email, password: fresh.password });
    const freshCookie = sessionCookieFrom(freshSignIn.headers['set-cookie']);
    expect((await call('GET', apiRoutes.workspaces, freshCookie)).json()).toMatchObject({ code: 'two_factor_enrolment_required' });
    // Sign-out still works.
    expect((await call('POST', apiRoutes.signOut, freshCookie, {})).statusCode).toBe(204);

    // The viewer signs in again elsewhere (a second restricted session), then enrols in the first one.
    const secondSignIn = await call('POST', apiRoutes.signIn, undefined, { email: viewer.email, password: viewer.password });
    const viewerSecond = sessionCookieFrom(secondSignIn.headers['set-cookie']);
    const started = expectStatus(await call('POST', apiRoutes.accountTwoFactor, viewer.cookie, { currentPassword: viewer.password }), 200).json<StartTwoFactorResponse>();
    expectStatus(await call('POST', apiRoutes.accountTwoFactorConfirm, viewer.cookie, { code: totp(started.secret) }), 200);
    expect(expectStatus(await call('GET', apiRoutes.me, viewer.cookie), 200).json<SessionResponse>().restriction).toBeUndefined();
    expectStatus(await call('GET', apiRoutes.workspaces, viewer.cookie), 200);
    expectStatus(await execute(viewer.cookie), 200);
    // The other restricted session never proved the second factor: it ended.
    expect((await call('GET', apiRoutes.me, viewerSecond)).statusCode).toBe(401);

    // Required: it cannot be turned off.
    nextStep();
    const keep = await call('DELETE', apiRoutes.accountTwoFactor, viewer.cookie, { code: totp(started.secret) });
    expect(keep.statusCode).toBe(403);
    expect(keep.json()).toMatchObject({ code: 'two_factor_required' });

    // Not required any more: restricted sessions are full ones again.
    const stillRestricted = sessionCookieFrom((await call('POST', apiRoutes.signIn, undefined, { email: fresh.email, password: fresh.password })).headers['set-cookie']);
    expect((await call('GET', apiRoutes.workspaces, stillRestricted)).statusCode).toBe(403);
    expectStatus(await call('PATCH', apiRoutes.securitySettings, adminUser.cookie, { requireTwoFactor: false }), 200);
    expectStatus(await call('GET', apiRoutes.workspaces, stillRestricted), 200);
  });

  it('never shows the TOTP secret except in the answer that starts the enrolment, nor logs it', () => {
    const secrets = new Set<string>();
    for (const { url, body } of bodies) {
      if (url === `POST ${apiRoutes.accountTwoFactor}` && body.includes('"secret"')) secrets.add(JSON.parse(body).secret as string);
    }
    expect(secrets.size).toBeGreaterThan(5);
    for (const secret of secrets) {
      const holders = bodies.filter(({ body }) => body.includes(secret));
      expect(holders).toHaveLength(1);
      expect(logLines.join('')).not.toContain(secret);
    }
    expect(logLines.join('')).toContain('request completed');
  });
});
