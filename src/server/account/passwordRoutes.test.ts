import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import type { SecuritySettings } from '../../shared/api/security';
import { verifyPassword } from '../auth/passwords';
import { createSession } from '../auth/sessionStore';
import { createTestApp, type TestApp } from '../testing/testApp';
import { headersFor, sessionCookieFrom, signUpUser, type SignedUpUser } from '../testing/sessions';

describe('PATCH account password', () => {
  let t: TestApp;
  let admin: SignedUpUser;
  let user: SignedUpUser;
  beforeEach(async () => {
    t = await createTestApp();
    admin = await signUpUser(t.app);
    user = await signUpUser(t.app, { email: 'ada.lovelace@example.com', name: 'Ada Lovelace', password: 'first password 0' });
  });
  afterEach(() => t.close());

  async function setPolicies(change: Partial<SecuritySettings>): Promise<void> {
    const response = await t.app.inject({ method: 'PATCH', url: apiRoutes.securitySettings, payload: change, headers: headersFor(admin.cookie) });
    expect(response.statusCode).toBe(200);
  }

  function change(cookie: string, currentPassword: string, newPassword: string) {
    return t.app.inject({ method: 'PATCH', url: apiRoutes.accountPassword, payload: { currentPassword, newPassword }, headers: headersFor(cookie) });
  }

  function signIn(password: string) {
    return t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: user.email, password } });
  }

  async function storedUser() {
    return t.app.db.selectFrom('users').select(['password_hash', 'password_history']).where('id', '=', user.user.id).executeTakeFirstOrThrow();
  }

  /** Changes the password and expects it to work; returns the new password. */
  async function changeOk(from: string, to: string): Promise<string> {
    const response = await change(user.cookie, from, to);
    expect(response.statusCode, `${from} → ${to}: ${response.body}`).toBe(200);
    return to;
  }

  async function expectRefused(from: string, to: string, code: string): Promise<void> {
    const before = await storedUser();
    const response = await change(user.cookie, from, to);
    expect(response.statusCode, to).toBe(400);
    expect(response.json()).toEqual({ code, message: expect.any(String) });
    expect(response.body).not.toContain(to);
    expect(await storedUser()).toEqual(before);
  }

  it('changes the password, re-hashed with Argon2id; the old one stops working, the new one signs in', async () => {
    const response = await change(user.cookie, 'first password 0', 'second password 1');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ user: user.user, otherSessionsRevoked: 0 });
    expect(response.body).not.toMatch(/argon2|second password/);
    const row = await storedUser();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(row.password_hash, 'second password 1')).toBe(true);
    expect(row.password_history).toBe('[]'); // the history policy is off: nothing kept
    expect((await signIn('first password 0')).statusCode).toBe(401);
    expect((await signIn('second password 1')).statusCode).toBe(200);
  });

  it("signs out the user's other sessions and keeps the current one (and other users' sessions)", async () => {
    const other = sessionCookieFrom((await signIn('first password 0')).headers['set-cookie']);
    const third = sessionCookieFrom((await signIn('first password 0')).headers['set-cookie']);
    const response = await change(user.cookie, 'first password 0', 'second password 1');
    expect(response.json()).toMatchObject({ otherSessionsRevoked: 2 });
    expect((await t.app.inject({ method: 'GET', url: apiRoutes.me, headers: headersFor(user.cookie) })).statusCode).toBe(200);
    for (const cookie of [other, third]) {
      expect((await t.app.inject({ method: 'GET', url: apiRoutes.me, headers: headersFor(cookie) })).statusCode).toBe(401);
    }
    expect((await t.app.inject({ method: 'GET', url: apiRoutes.me, headers: headersFor(admin.cookie) })).statusCode).toBe(200);
  });

  it('a wrong current password is 401 invalid_credentials and changes nothing', async () => {
    const other = sessionCookieFrom((await signIn('first password 0')).headers['set-cookie']);
    const before = await storedUser();
    const response = await change(user.cookie, 'not my password', 'second password 1');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ code: 'invalid_credentials', message: expect.any(String) });
    expect(await storedUser()).toEqual(before);
    expect((await t.app.inject({ method: 'GET', url: apiRoutes.me, headers: headersFor(other) })).statusCode).toBe(200);
    expect((await signIn('first password 0')).statusCode).toBe(200);
  });

  it('wrong current passwords count as failed sign-ins of the email: after ten, even the right one gets 429', async () => {
    for (let i = 0; i < 10; i += 1) {
      const response = await change(user.cookie, `wrong guess ${i}`, 'second password 1');
      expect(response.statusCode).toBe(401);
    }
    const limited = await change(user.cookie, 'first password 0', 'second password 1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ code: 'rate_limited', message: expect.any(String) });
    expect(limited.headers['retry-after']).toBeDefined();
    // The same counter as sign-in: the email is locked there too, and the password did not change.
    expect((await signIn('first password 0')).statusCode).toBe(429);
    expect(await verifyPassword((await storedUser()).password_hash, 'first password 0')).toBe(true);
  });

  it('a right current password gives its attempt back', async () => {
    let current = 'first password 0';
    for (let i = 0; i < 12; i += 1) current = await changeOk(current, `password number ${i}`);
  });

  it('needs a session (401) and a valid body (400)', async () => {
    const anonymous = await t.app.inject({ method: 'PATCH', url: apiRoutes.accountPassword, payload: { currentPassword: 'first password 0', newPassword: 'second password 1' } });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'unauthenticated' });
    for (const payload of [{ currentPassword: 'first password 0', newPassword: 'short' }, { currentPassword: '', newPassword: 'long enough pw' }, { newPassword: 'long enough pw' }, { currentPassword: 'first password 0', newPassword: 'long enough pw', extra: 1 }]) {
      const response = await t.app.inject({ method: 'PATCH', url: apiRoutes.accountPassword, payload, headers: headersFor(user.cookie) });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json()).toMatchObject({ code: 'bad_request' });
    }
  });

  it('dictionary: football accepted while off, refused while on', async () => {
    await setPolicies({ passwordDictionary: true });
    await expectRefused('first password 0', 'football', 'password_in_dictionary');
    await expectRefused('first password 0', 'FOOTBALL', 'password_in_dictionary');
    await setPolicies({ passwordDictionary: false });
    await changeOk('first password 0', 'football');
  });

  it("personal data: Appwrite's cases refused while on, accepted while off", async () => {
    await t.app.db.updateTable('users').set({ phone: '+14155550123' }).where('id', '=', user.user.id).execute();
    const refused = [`${user.user.id}extra`, 'prefix_ada.lovelace_suffix', 'prefixAda Lovelacexyz', 'prefix14155550123xyz', 'prefix+14155550123xyz', 'ADA.LOVELACE@EXAMPLE.COM1'];
    await setPolicies({ passwordPersonalData: true });
    for (const password of refused) await expectRefused('first password 0', password, 'password_personal_data');
    await changeOk('first password 0', 'nothing personal here');
    await setPolicies({ passwordPersonalData: false });
    let current = 'nothing personal here';
    for (const password of refused) current = await changeOk(current, password);
  });

  it('history 3: any of the last 3 refused, the 4th-oldest accepted; off again → reuse accepted', async () => {
    await setPolicies({ passwordHistory: 3 });
    let current = 'first password 0';
    for (const next of ['password one 1', 'password two 2', 'password three 3']) current = await changeOk(current, next);
    // The last three, the current one included.
    for (const reused of ['password one 1', 'password two 2', 'password three 3']) await expectRefused(current, reused, 'password_recently_used');
    const history: string[] = JSON.parse((await storedUser()).password_history);
    expect(history).toHaveLength(3);
    expect(history.every((hash) => hash.startsWith('$argon2id$'))).toBe(true);
    expect(JSON.stringify(history)).not.toContain('password');
    current = await changeOk(current, 'first password 0');
    // Now 'password one 1' is the 4th-oldest.
    current = await changeOk(current, 'password one 1');
    await expectRefused(current, 'first password 0', 'password_recently_used');

    await setPolicies({ passwordHistory: 0 });
    current = await changeOk(current, 'first password 0');
    current = await changeOk(current, 'first password 0'); // even the current one
    expect((await storedUser()).password_history).toBe('[]');
  });

  it('history switched on after earlier changes still counts the current password', async () => {
    await changeOk('first password 0', 'password one 1');
    await setPolicies({ passwordHistory: 2 });
    await expectRefused('password one 1', 'password one 1', 'password_recently_used');
    await changeOk('password one 1', 'password two 2');
    await expectRefused('password two 2', 'password one 1', 'password_recently_used');
    expect(JSON.parse((await storedUser()).password_history)).toHaveLength(2);
  });

  it('of two concurrent changes exactly one wins; the other is refused and changes nothing', async () => {
    const results = await Promise.all([
      change(user.cookie, 'first password 0', 'racer password A'),
      change(user.cookie, 'first password 0', 'racer password B'),
    ]);
    const statuses = results.map((r) => r.statusCode).sort((a, b) => a - b);
    expect(statuses[0]).toBe(200);
    // 409 when both verified the old password first; 401 when one finished before the other read it.
    expect([401, 409]).toContain(statuses[1]);
    const winner = results[0]!.statusCode === 200 ? 'racer password A' : 'racer password B';
    expect(await verifyPassword((await storedUser()).password_hash, winner)).toBe(true);
  });
});

describe('PATCH account password, imported users and open challenges', () => {
  let t: TestApp;
  let admin: SignedUpUser;
  beforeEach(async () => {
    t = await createTestApp();
    admin = await signUpUser(t.app);
  });
  afterEach(() => t.close());

  it('an imported user signed in without a password (e.g. by an email code) confirms with the imported password; the import is dropped', async () => {
    const imported = 'imported passphrase 7';
    const email = 'imported-change@example.test';
    const result = await t.app.inject({
      method: 'POST', url: apiRoutes.importUsers, headers: headersFor(admin.cookie),
      payload: { users: [{ email, name: 'Imported', hash: { algorithm: 'md5', hash: createHash('md5').update(imported).digest('hex') } }] },
    });
    expect(result.statusCode, result.body).toBe(200);
    const { id } = await t.app.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    // A session that no password sign-in made, as email and SMS codes make them.
    const session = await createSession(t.app.db, id, { userAgent: 'test', ip: '10.0.0.1', provider: 'email_otp' });
    const cookie = `cordon_session=${session.token}`;

    const wrong = await t.app.inject({ method: 'PATCH', url: apiRoutes.accountPassword, payload: { currentPassword: 'not it at all', newPassword: 'brand new passphrase 1' }, headers: headersFor(cookie) });
    expect(wrong.json()).toMatchObject({ code: 'invalid_credentials' });
    const changed = await t.app.inject({ method: 'PATCH', url: apiRoutes.accountPassword, payload: { currentPassword: imported, newPassword: 'brand new passphrase 1' }, headers: headersFor(cookie) });
    expect(changed.statusCode, changed.body).toBe(200);
    const row = await t.app.db.selectFrom('users').select(['password_hash', 'password_import']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.password_import).toBeNull();
    expect(await verifyPassword(row.password_hash, 'brand new passphrase 1')).toBe(true);
  });

  it('ends the two-factor challenges opened with the old password', async () => {
    const user = await signUpUser(t.app);
    await t.app.db.updateTable('users').set({ totp_enabled_at: new Date().toISOString() }).where('id', '=', user.user.id).execute();
    const first = (await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: user.email, password: user.password } })).json<{ twoFactor?: { challenge: string } }>();
    expect(first.twoFactor).toBeDefined();
    const changed = await t.app.inject({ method: 'PATCH', url: apiRoutes.accountPassword, payload: { currentPassword: user.password, newPassword: 'another long passphrase 2' }, headers: headersFor(user.cookie) });
    expect(changed.statusCode, changed.body).toBe(200);
    const open = await t.app.db.selectFrom('one_time_secrets').select('id')
      .where('purpose', '=', 'two_factor_challenge').where('user_id', '=', user.user.id).where('consumed_at', 'is', null)
      .execute();
    expect(open).toEqual([]);
  });
});
