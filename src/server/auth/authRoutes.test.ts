import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import { createTestApp, type TestApp } from '../testing/testApp';
import { headersFor, sessionCookieFrom, signUpUser } from '../testing/sessions';
import { hashSessionToken } from './sessionStore';

describe('auth routes', () => {
  let t: TestApp;
  beforeEach(async () => { t = await createTestApp(); });
  afterEach(async () => { await t.close(); });

  it('signs up, returns the user and an httpOnly SameSite=Lax session cookie', async () => {
    const response = await t.app.inject({ method: 'POST', url: apiRoutes.signUp, payload: { email: '  Ada@Example.COM ', password: 'long enough pw', name: 'Ada' } });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.user).toEqual({ id: expect.stringMatching(/^usr_[A-Za-z0-9_-]{20}$/), email: 'ada@example.com', name: 'Ada', isInstanceAdmin: true });
    expect(Object.keys(body.user).sort()).toEqual(['email', 'id', 'isInstanceAdmin', 'name']);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^cordon_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');
  });

  it('stores only the sha256 of the session token and an argon2id hash of the password', async () => {
    const { cookie, password } = await signUpUser(t.app);
    const token = cookie.split('=')[1]!;
    const sessions = await t.app.db.selectFrom('sessions').selectAll().execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.token_hash).toBe(hashSessionToken(token));
    expect(JSON.stringify(sessions)).not.toContain(token);
    const users = await t.app.db.selectFrom('users').selectAll().execute();
    expect(users[0]!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(users[0]!.password_hash).not.toContain(password);
  });

  it('me answers with the user for a session and 401 without one', async () => {
    const { cookie, user } = await signUpUser(t.app);
    const me = await t.app.inject({ method: 'GET', url: apiRoutes.me, headers: headersFor(cookie) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ user });
    const anonymous = await t.app.inject({ method: 'GET', url: apiRoutes.me });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toEqual({ code: 'unauthenticated', message: expect.any(String) });
    const forged = await t.app.inject({ method: 'GET', url: apiRoutes.me, headers: { cookie: 'cordon_session=forged' } });
    expect(forged.statusCode).toBe(401);
  });

  it('only the first account becomes instance administrator', async () => {
    const first = await signUpUser(t.app);
    const second = await signUpUser(t.app);
    expect(first.user.isInstanceAdmin).toBe(true);
    expect(second.user.isInstanceAdmin).toBe(false);
  });

  it('exactly one of 10 concurrent first sign-ups becomes instance administrator', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => t.app.inject({
      method: 'POST', url: apiRoutes.signUp, payload: { email: `racer${i}@example.com`, password: 'long enough pw', name: `Racer ${i}` },
    })));
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
    const admins = results.map((r) => r.json().user.isInstanceAdmin).filter(Boolean);
    expect(admins).toHaveLength(1);
    const stored = await t.app.db.selectFrom('users').select('is_instance_admin').execute();
    expect(stored).toHaveLength(10);
    expect(stored.filter((row) => row.is_instance_admin === 1)).toHaveLength(1);
  });

  it('refuses a duplicate email (any case) with 409 email_taken', async () => {
    await signUpUser(t.app, { email: 'dup@example.com' });
    const response = await t.app.inject({ method: 'POST', url: apiRoutes.signUp, payload: { email: 'DUP@example.com', password: 'long enough pw', name: 'Again' } });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({ code: 'email_taken', message: expect.any(String) });
  });

  it('validates the sign-up body with a readable 400', async () => {
    const response = await t.app.inject({ method: 'POST', url: apiRoutes.signUp, payload: { email: 'not-an-email', password: 'short', name: '' } });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe('bad_request');
    expect(body.message).toContain('password');
    expect(body.message).not.toMatch(/at .*\.ts/);
  });

  it('signs in with the right password, refuses a wrong one and an unknown email alike', async () => {
    const { email, password, user } = await signUpUser(t.app);
    const ok = await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: email.toUpperCase(), password } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ user });
    const cookie = sessionCookieFrom(ok.headers['set-cookie']);
    expect((await t.app.inject({ method: 'GET', url: apiRoutes.me, headers: headersFor(cookie) })).statusCode).toBe(200);

    const wrong = await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email, password: 'wrong password' } });
    const unknown = await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: 'nobody@example.com', password } });
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ code: 'invalid_credentials', message: 'The email or the password is wrong.' });
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('spends an argon2 verification on an unknown email too (no enumeration by timing)', async () => {
    const { email } = await signUpUser(t.app);
    // CPU time of this process (every thread, argon2's pool included), not wall-clock time: other
    // jobs on the machine cannot move it, and one Argon2id verification costs tens of ms of it.
    const cpuOf = async (payload: object) => {
      const before = process.cpuUsage();
      const response = await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload });
      expect(response.statusCode).toBe(401);
      const used = process.cpuUsage(before);
      return used.user + used.system;
    };
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      wrong.push(await cpuOf({ email, password: 'wrong password' }));
      unknown.push(await cpuOf({ email: `nobody${i}@example.com`, password: 'wrong password' }));
    }
    // Without the throwaway verification an unknown email costs a small fraction of a known one.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.5);
  });

  it('sign-out deletes the session and clears the cookie', async () => {
    const { cookie } = await signUpUser(t.app);
    const out = await t.app.inject({ method: 'POST', url: apiRoutes.signOut, headers: headersFor(cookie) });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^cordon_session=;.*Expires=Thu, 01 Jan 1970/);
    expect(await t.app.db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
    expect((await t.app.inject({ method: 'GET', url: apiRoutes.me, headers: headersFor(cookie) })).statusCode).toBe(401);
  });

  it("a new sign-in sweeps the user's expired sessions", async () => {
    const { email, password, cookie } = await signUpUser(t.app);
    await t.app.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
    const signIn = await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email, password } });
    expect(signIn.statusCode).toBe(200);
    const sessions = await t.app.db.selectFrom('sessions').select('token_hash').execute();
    expect(sessions).toEqual([{ token_hash: hashSessionToken(sessionCookieFrom(signIn.headers['set-cookie']).split('=')[1]!) }]);
    expect(sessions[0]!.token_hash).not.toBe(hashSessionToken(cookie.split('=')[1]!));
  });

  it('marks the cookie Secure when the public URL is https', async () => {
    const secure = await createTestApp({ CORDON_PUBLIC_URL: 'https://cordon.example.com' });
    try {
      const response = await secure.app.inject({ method: 'POST', url: apiRoutes.signUp, payload: { email: 'a@example.com', password: 'long enough pw', name: 'A' } });
      expect(String(response.headers['set-cookie'])).toContain('Secure');
    } finally {
      await secure.close();
    }
  });

  it('refuses an expired session and slides the expiry of a used one', async () => {
    const { cookie } = await signUpUser(t.app);
    const twoMinutesAgo = new Date(Date.now() - 2 * 60_000).toISOString();
    // A session slides by its own duration (expiry minus last use): here the default 30 days.
    await t.app.db.updateTable('sessions').set({ last_used_at: twoMinutesAgo, expires_at: new Date(Date.parse(twoMinutesAgo) + 30 * 24 * 60 * 60 * 1000).toISOString() }).execute();
    const used = await t.app.inject({ method: 'GET', url: apiRoutes.me, headers: headersFor(cookie) });
    expect(used.statusCode).toBe(200);
    expect(String(used.headers['set-cookie'])).toContain('cordon_session=');
    const slid = await t.app.db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
    expect(Date.parse(slid.expires_at)).toBeGreaterThan(Date.parse(twoMinutesAgo) + 30 * 24 * 60 * 60 * 1000);

    await t.app.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
    expect((await t.app.inject({ method: 'GET', url: apiRoutes.me, headers: headersFor(cookie) })).statusCode).toBe(401);
    expect(await t.app.db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
  });
});
