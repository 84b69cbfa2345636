import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import type { SessionDto } from '../../shared/api/sessions';
import { hashSessionToken } from '../auth/sessionStore';
import { updateSecuritySettings } from '../security/securitySettings';
import { createTestApp, type TestApp } from '../testing/testApp';
import { headersFor, sessionCookieFrom, signUpUser, type SignedUpUser } from '../testing/sessions';

const chrome = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

describe('account sessions', () => {
  let t: TestApp;
  let ada: SignedUpUser;
  beforeEach(async () => {
    t = await createTestApp();
    ada = await signUpUser(t.app);
  });
  afterEach(async () => { await t.close(); });

  async function signIn(user: SignedUpUser, options: { userAgent?: string; remoteAddress?: string; forwardedFor?: string } = {}): Promise<string> {
    const headers: Record<string, string> = {};
    if (options.userAgent) headers['user-agent'] = options.userAgent;
    if (options.forwardedFor) headers['x-forwarded-for'] = options.forwardedFor;
    const response = await t.app.inject({
      method: 'POST', url: apiRoutes.signIn, headers, payload: { email: user.email, password: user.password },
      ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
    });
    expect(response.statusCode).toBe(200);
    return sessionCookieFrom(response.headers['set-cookie']);
  }
  const me = (cookie: string) => t.app.inject({ method: 'GET', url: apiRoutes.me, headers: headersFor(cookie) }).then((response) => response.statusCode);
  const list = async (cookie: string): Promise<SessionDto[]> => {
    const response = await t.app.inject({ method: 'GET', url: apiRoutes.accountSessions, headers: headersFor(cookie) });
    expect(response.statusCode).toBe(200);
    return response.json<{ sessions: SessionDto[] }>().sessions;
  };

  it('session limit 2: a third sign-in ends the first session, whose cookie now gets 401', async () => {
    await updateSecuritySettings(t.app.db, { sessionLimit: 2 });
    const second = await signIn(ada);
    const third = await signIn(ada);
    expect(await me(ada.cookie)).toBe(401);
    expect(await me(second)).toBe(200);
    expect(await me(third)).toBe(200);
  });

  it('session limit 1: each sign-in ends the one before', async () => {
    await updateSecuritySettings(t.app.db, { sessionLimit: 1 });
    const second = await signIn(ada);
    expect(await me(ada.cookie)).toBe(401);
    const third = await signIn(ada);
    expect(await me(second)).toBe(401);
    expect(await me(third)).toBe(200);
    expect((await list(third)).map((session) => session.current)).toEqual([true]);
  });

  it('parallel sign-ins never leave more sessions than the limit, and the survivors work', async () => {
    await updateSecuritySettings(t.app.db, { sessionLimit: 2 });
    const cookies = await Promise.all(Array.from({ length: 8 }, () => signIn(ada)));
    expect(await t.app.db.selectFrom('sessions').select('id').where('user_id', '=', ada.user.id).execute()).toHaveLength(2);
    const statuses = await Promise.all([ada.cookie, ...cookies].map(me));
    expect(statuses.filter((status) => status === 200)).toHaveLength(2);
    expect(statuses.filter((status) => status === 401)).toHaveLength(7);
  });

  it("lists the user's sessions with device, address, provider and which one is current; never a token or its hash", async () => {
    const phone = await signIn(ada, { userAgent: iphone, remoteAddress: '198.51.100.4', forwardedFor: '6.6.6.6' });
    const desktop = await signIn(ada, { userAgent: chrome, remoteAddress: '203.0.113.9' });
    const other = await signUpUser(t.app);
    const response = await t.app.inject({ method: 'GET', url: apiRoutes.accountSessions, headers: headersFor(desktop) });
    const sessions = response.json<{ sessions: SessionDto[] }>().sessions;
    expect(sessions).toHaveLength(3);
    expect(sessions[0]).toEqual({
      id: expect.stringMatching(/^ses_/), device: 'Chrome 131 on Windows 10 (desktop)', userAgent: chrome, ip: '203.0.113.9', provider: 'password',
      createdAt: expect.any(String), lastUsedAt: expect.any(String), expiresAt: expect.any(String), current: true,
    });
    // X-Forwarded-For is not trusted (trustProxy is off): the TCP peer's address is kept.
    expect(sessions[1]).toMatchObject({ device: 'Safari 17 on iOS 17.5 (iPhone)', ip: '198.51.100.4', current: false });
    expect(sessions[2]).toMatchObject({ device: 'lightMyRequest', current: false }); // the sign-up, with inject's own User-Agent
    expect(sessions.map((session) => session.id)).not.toContain((await list(other.cookie))[0]!.id);
    const hashes = await t.app.db.selectFrom('sessions').select('token_hash').execute();
    for (const { token_hash } of hashes) expect(response.body).not.toContain(token_hash);
    for (const cookie of [phone, desktop]) expect(response.body).not.toContain(cookie.split('=')[1]!);
    expect(response.body).not.toContain(hashSessionToken(desktop.split('=')[1]!));
  });

  it('revoking one session makes its cookie 401 and leaves the others', async () => {
    const second = await signIn(ada);
    const target = (await list(second)).find((session) => !session.current)!;
    const response = await t.app.inject({ method: 'DELETE', url: apiRoutes.accountSession(target.id), headers: headersFor(second) });
    expect(response.statusCode).toBe(204);
    expect(await me(ada.cookie)).toBe(401);
    expect(await me(second)).toBe(200);
    const again = await t.app.inject({ method: 'DELETE', url: apiRoutes.accountSession(target.id), headers: headersFor(second) });
    expect(again.statusCode).toBe(404);
  });

  it('revoking the current session signs out and clears the cookie', async () => {
    const current = (await list(ada.cookie))[0]!;
    const response = await t.app.inject({ method: 'DELETE', url: apiRoutes.accountSession(current.id), headers: headersFor(ada.cookie) });
    expect(response.statusCode).toBe(204);
    expect(String(response.headers['set-cookie'])).toMatch(/^cordon_session=;/);
    expect(await me(ada.cookie)).toBe(401);
  });

  it("another user's session id is 404 alike and stays alive", async () => {
    const bob = await signUpUser(t.app);
    const bobSession = (await list(bob.cookie))[0]!;
    const response = await t.app.inject({ method: 'DELETE', url: apiRoutes.accountSession(bobSession.id), headers: headersFor(ada.cookie) });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ code: 'not_found', message: 'No such session.' });
    const unknown = await t.app.inject({ method: 'DELETE', url: apiRoutes.accountSession('ses_nope'), headers: headersFor(ada.cookie) });
    expect(unknown.json()).toEqual(response.json());
    expect(await me(bob.cookie)).toBe(200);
  });

  it('revoking all others keeps the current session and no other user', async () => {
    const bob = await signUpUser(t.app);
    const others = [await signIn(ada), await signIn(ada)];
    const keep = await signIn(ada);
    const response = await t.app.inject({ method: 'DELETE', url: apiRoutes.accountSessions, headers: headersFor(keep) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ revoked: 3 });
    for (const cookie of [ada.cookie, ...others]) expect(await me(cookie)).toBe(401);
    expect(await me(keep)).toBe(200);
    expect(await me(bob.cookie)).toBe(200);
    expect((await list(keep)).map((session) => session.current)).toEqual([true]);
  });

  it('every route needs a session', async () => {
    for (const [method, url] of [['GET', apiRoutes.accountSessions], ['DELETE', apiRoutes.accountSessions], ['DELETE', apiRoutes.accountSession('ses_x')]] as const) {
      const response = await t.app.inject({ method, url });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ code: 'unauthenticated', message: expect.any(String) });
    }
  });

  it('a session lasts sessionDurationHours after its last use: the cookie says so, and past it the cookie gets 401', async () => {
    await updateSecuritySettings(t.app.db, { sessionDurationHours: 1 });
    const before = Date.now();
    const response = await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: ada.email, password: ada.password } });
    const cookie = sessionCookieFrom(response.headers['set-cookie']);
    const [session] = (await list(cookie)).filter((s) => s.current);
    const lifetime = Date.parse(session!.expiresAt) - Date.parse(session!.lastUsedAt);
    expect(lifetime).toBe(60 * 60 * 1000);
    expect(Date.parse(session!.expiresAt)).toBeGreaterThanOrEqual(before + 60 * 60 * 1000);
    const cookieExpiry = /Expires=([^;]+)/.exec(String(response.headers['set-cookie']))![1]!;
    expect(Math.abs(Date.parse(cookieExpiry) - Date.parse(session!.expiresAt))).toBeLessThan(1000);
    // Move the session an hour and a second into the past instead of waiting.
    const past = (ms: number) => new Date(Date.parse(session!.lastUsedAt) - ms).toISOString();
    await t.app.db.updateTable('sessions').set({ last_used_at: past(60 * 60 * 1000 + 1000), expires_at: past(1000) }).where('id', '=', session!.id).execute();
    expect(await me(cookie)).toBe(401);
    expect(await t.app.db.selectFrom('sessions').select('id').where('id', '=', session!.id).execute()).toEqual([]);
  });
});
