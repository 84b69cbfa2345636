import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import type { SessionDto } from '../../shared/api/sessions';
import { createTestApp, type TestApp } from '../testing/testApp';
import { headersFor, sessionCookieFrom, signUpUser, type SignedUpUser } from '../testing/sessions';

describe('admin: a user\'s sessions', () => {
  let t: TestApp;
  let admin: SignedUpUser;
  let bob: SignedUpUser;
  beforeEach(async () => {
    t = await createTestApp();
    admin = await signUpUser(t.app); // the first account administers the instance
    bob = await signUpUser(t.app);
  });
  afterEach(async () => { await t.close(); });

  const me = (cookie: string) => t.app.inject({ method: 'GET', url: apiRoutes.me, headers: headersFor(cookie) }).then((response) => response.statusCode);
  async function signIn(user: SignedUpUser): Promise<string> {
    const response = await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: user.email, password: user.password } });
    return sessionCookieFrom(response.headers['set-cookie']);
  }

  it('an administrator lists a user\'s sessions (no token hash) and revokes them all: every cookie gets 401', async () => {
    const bobAgain = await signIn(bob);
    const listed = await t.app.inject({ method: 'GET', url: apiRoutes.userSessions(bob.user.id), headers: headersFor(admin.cookie) });
    expect(listed.statusCode).toBe(200);
    const sessions = listed.json<{ sessions: SessionDto[] }>().sessions;
    expect(sessions).toHaveLength(2);
    expect(sessions.every((session) => !session.current)).toBe(true);
    for (const { token_hash } of await t.app.db.selectFrom('sessions').select('token_hash').execute()) expect(listed.body).not.toContain(token_hash);

    const revoked = await t.app.inject({ method: 'DELETE', url: apiRoutes.userSessions(bob.user.id), headers: headersFor(admin.cookie) });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toEqual({ revoked: 2 });
    expect(await me(bob.cookie)).toBe(401);
    expect(await me(bobAgain)).toBe(401);
    expect(await me(admin.cookie)).toBe(200);
  });

  it('a user who does not administer the instance gets 403, even for their own sessions; signed out gets 401', async () => {
    for (const userId of [admin.user.id, bob.user.id]) {
      for (const method of ['GET', 'DELETE'] as const) {
        const response = await t.app.inject({ method, url: apiRoutes.userSessions(userId), headers: headersFor(bob.cookie) });
        expect(response.statusCode).toBe(403);
        expect(response.json()).toEqual({ code: 'forbidden', message: expect.any(String) });
        expect((await t.app.inject({ method, url: apiRoutes.userSessions(userId) })).statusCode).toBe(401);
      }
    }
    expect(await me(admin.cookie)).toBe(200);
    expect(await me(bob.cookie)).toBe(200);
  });

  it('an unknown user is 404', async () => {
    for (const method of ['GET', 'DELETE'] as const) {
      const response = await t.app.inject({ method, url: apiRoutes.userSessions('usr_nobody'), headers: headersFor(admin.cookie) });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ code: 'not_found', message: 'No such user.' });
    }
  });

  it('an administrator who revokes their own sessions is signed out', async () => {
    const response = await t.app.inject({ method: 'DELETE', url: apiRoutes.userSessions(admin.user.id), headers: headersFor(admin.cookie) });
    expect(response.json()).toEqual({ revoked: 1 });
    expect(String(response.headers['set-cookie'])).toMatch(/^cordon_session=;/);
    expect(await me(admin.cookie)).toBe(401);
    expect(await me(bob.cookie)).toBe(200);
  });

  it('revoking also ends the sign-ins under way: an open two-factor challenge and an emailed code', async () => {
    await t.app.db.updateTable('users').set({ totp_enabled_at: new Date().toISOString() }).where('id', '=', bob.user.id).execute();
    const first = (await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: bob.email, password: bob.password } })).json<{ twoFactor?: { challenge: string } }>();
    expect(first.twoFactor).toBeDefined();
    expect((await t.app.inject({ method: 'POST', url: apiRoutes.emailSignIn, payload: { email: bob.email } })).statusCode).toBe(202);
    await t.app.mailer.settled(); // the code is issued after the 202
    const live = () => t.app.db.selectFrom('one_time_secrets').select('purpose')
      .where((eb) => eb.or([eb('target', '=', bob.user.id), eb('target', '=', bob.email)])).where('consumed_at', 'is', null).orderBy('purpose').execute();
    expect((await live()).map((row) => row.purpose)).toEqual(['email_code', 'magic_url', 'two_factor_challenge']);

    expect((await t.app.inject({ method: 'DELETE', url: apiRoutes.userSessions(bob.user.id), headers: headersFor(admin.cookie) })).statusCode).toBe(200);
    expect(await live()).toEqual([]);
  });
});
