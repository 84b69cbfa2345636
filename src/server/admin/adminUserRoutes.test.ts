import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdminUserDto, AdminUserListResponse } from '../../shared/api/adminUsers';
import type { AuditLogResponse } from '../../shared/api/audit';
import { apiRoutes } from '../../shared/api/routes';
import type { UpdateSecuritySettingsRequest } from '../../shared/api/security';
import { expectStatus } from '../testing/dataTestKit';
import { createTestApp, type TestApp } from '../testing/testApp';
import { headersFor, sessionCookieFrom, signUpUser, type SignedUpUser } from '../testing/sessions';

describe('admin: users', () => {
  let t: TestApp;
  let admin: SignedUpUser;
  let bob: SignedUpUser;
  beforeEach(async () => {
    t = await createTestApp();
    admin = await signUpUser(t.app, { email: 'admin@example.test', name: 'Ada Admin' }); // the first account administers the instance
    bob = await signUpUser(t.app, { email: 'bob@example.test', name: 'Bob Builder' });
  });
  afterEach(async () => { await t.close(); });

  const settings = async (change: UpdateSecuritySettingsRequest) => {
    expectStatus(await t.app.inject({ method: 'PATCH', url: apiRoutes.securitySettings, headers: headersFor(admin.cookie), payload: change }), 200);
  };
  const list = async (query: Record<string, string | number> = {}, cookie = admin.cookie) => {
    const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)])).toString();
    return t.app.inject({ method: 'GET', url: `${apiRoutes.adminUsers}${search ? `?${search}` : ''}`, headers: headersFor(cookie) });
  };
  const create = (payload: object, cookie = admin.cookie) => t.app.inject({ method: 'POST', url: apiRoutes.adminUsers, headers: headersFor(cookie), payload });
  const setPassword = (userId: string, password: string, cookie = admin.cookie) =>
    t.app.inject({ method: 'PATCH', url: apiRoutes.adminUserPassword(userId), headers: headersFor(cookie), payload: { password } });
  const signIn = (email: string, password: string) =>
    t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email, password }, remoteAddress: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });
  const me = async (cookie: string) => (await t.app.inject({ method: 'GET', url: apiRoutes.me, headers: headersFor(cookie) })).statusCode;
  const auditOf = async (type: string) => expectStatus(await t.app.inject({ method: 'GET', url: `${apiRoutes.auditLog}?type=${type}`, headers: headersFor(admin.cookie) }), 200).json<AuditLogResponse>().events;

  it('lists users by email with their badges and live session counts, never a hash', async () => {
    expectStatus(await signIn(bob.email, bob.password), 200); // a second session
    await t.app.db.updateTable('users').set({ totp_enabled_at: new Date().toISOString(), phone: '+14155550100' }).where('id', '=', bob.user.id).execute();
    const imported = expectStatus(await t.app.inject({
      method: 'POST', url: apiRoutes.importUsers, headers: headersFor(admin.cookie),
      payload: { users: [{ email: 'carol@example.test', name: 'Carol', hash: { algorithm: 'md5', hash: '5f4dcc3b5aa765d61d8327deb882cf99' } }] },
    }), 200);
    expect(imported.json()).toMatchObject({ created: 1 });

    const response = expectStatus(await list(), 200);
    const { users, nextCursor } = response.json<AdminUserListResponse>();
    expect(nextCursor).toBeNull();
    expect(users.map((user) => user.email)).toEqual(['admin@example.test', 'bob@example.test', 'carol@example.test']);
    const [a, b, c] = users as [AdminUserDto, AdminUserDto, AdminUserDto];
    expect(a).toMatchObject({ id: admin.user.id, name: 'Ada Admin', isInstanceAdmin: true, twoFactorEnabled: false, imported: false, sessions: 1, phone: null });
    expect(b).toMatchObject({ id: bob.user.id, isInstanceAdmin: false, twoFactorEnabled: true, imported: false, sessions: 2, phone: '+14155550100' });
    expect(c).toMatchObject({ isInstanceAdmin: false, twoFactorEnabled: false, imported: true, sessions: 0 });
    expect(Object.keys(a).sort()).toEqual(['createdAt', 'email', 'id', 'imported', 'isInstanceAdmin', 'name', 'phone', 'sessions', 'twoFactorEnabled']);
    expect(response.body).not.toContain('$argon2');
    expect(response.body).not.toContain('5f4dcc3b');

    // An expired session does not count.
    await t.app.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('user_id', '=', bob.user.id).execute();
    expect((await list({ search: 'bob' })).json<AdminUserListResponse>().users[0]?.sessions).toBe(0);
  });

  it('searches email and name case-insensitively (wildcards are literal) and pages by cursor', async () => {
    for (const n of [1, 2, 3, 4, 5]) await signUpUser(t.app, { email: `team${n}@corp.test`, name: `Teammate ${n}` });
    const names = async (query: Record<string, string | number>) => (await list(query)).json<AdminUserListResponse>().users.map((user) => user.email);
    expect(await names({ search: 'BUILDER' })).toEqual(['bob@example.test']);
    expect(await names({ search: 'CORP.TEST' })).toHaveLength(5);
    expect(await names({ search: 'teammate 3' })).toEqual(['team3@corp.test']);
    expect(await names({ search: '%' })).toEqual([]);
    expect(await names({ search: '_' })).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: AdminUserListResponse = expectStatus(await list({ limit: 2, ...(cursor ? { cursor } : {}) }), 200).json<AdminUserListResponse>();
      expect(page.users.length).toBeLessThanOrEqual(2);
      seen.push(...page.users.map((user) => user.email));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(7);

    const searched = (await list({ search: 'corp', limit: 3 })).json<AdminUserListResponse>();
    expect(searched.users.map((user) => user.email)).toEqual(['team1@corp.test', 'team2@corp.test', 'team3@corp.test']);
    expect((await list({ search: 'corp', limit: 3, cursor: searched.nextCursor ?? '' })).json<AdminUserListResponse>().users.map((user) => user.email))
      .toEqual(['team4@corp.test', 'team5@corp.test']);

    expect((await list({ cursor: 'not-a-cursor' })).json()).toEqual({ code: 'bad_request', message: expect.any(String) });
    expect((await list({ limit: 0 })).statusCode).toBe(400);
    expect((await list({ nope: 1 })).statusCode).toBe(400);
  });

  it('creates a user (201, audited) who can sign in; a taken email is 409 email_taken', async () => {
    const response = expectStatus(await create({ email: ' New.User@Example.test ', name: 'New User', password: 'a fine long passphrase' }), 201);
    const user = response.json<AdminUserDto>();
    expect(user).toMatchObject({ email: 'new.user@example.test', name: 'New User', isInstanceAdmin: false, twoFactorEnabled: false, imported: false, sessions: 0 });
    expect(response.body).not.toContain('passphrase');
    expectStatus(await signIn('new.user@example.test', 'a fine long passphrase'), 200);

    const [event] = await auditOf('user_created');
    expect(event).toMatchObject({ actorUserId: admin.user.id, targetUserId: user.id, details: {} });

    const again = await create({ email: 'new.user@example.test', name: 'Other', password: 'another long passphrase' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({ code: 'email_taken', message: expect.any(String) });
    expect(await auditOf('user_created')).toHaveLength(1);

    for (const payload of [{ email: 'x@example.test', name: 'X', password: 'short' }, { email: 'nope', name: 'X', password: 'long enough pass' }, { email: 'x@example.test', name: '', password: 'long enough pass' }, { email: 'x@example.test', name: 'X', password: 'long enough pass', isInstanceAdmin: true }]) {
      const bad = await create(payload);
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toEqual({ code: 'bad_request', message: expect.any(String) });
    }
  });

  it('create applies the dictionary and personal-data policies only when they are on', async () => {
    const common = { email: 'dict@example.test', name: 'Dict', password: 'football' };
    const personal = { email: 'jsmith@example.test', name: 'Jane Smith', password: 'my-JSMITH-password' };
    const named = { email: 'k@example.test', name: 'Kowalczyk', password: 'xxkowalczykxx' };

    await settings({ passwordDictionary: true, passwordPersonalData: true });
    for (const [payload, code] of [[common, 'password_in_dictionary'], [personal, 'password_personal_data'], [named, 'password_personal_data']] as const) {
      const refused = await create(payload);
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toEqual({ code, message: expect.any(String) });
      expect(refused.body).not.toContain(payload.password);
    }
    expect((await list({ search: 'dict' })).json<AdminUserListResponse>().users).toEqual([]);

    await settings({ passwordDictionary: false, passwordPersonalData: false });
    for (const payload of [common, personal, named]) expectStatus(await create(payload), 201);
  });

  it("sets a user's password: every policy incl. history, the history moves on, all the user's sessions end, audited as the admin", async () => {
    await settings({ passwordHistory: 3 });
    const bobAgain = sessionCookieFrom((await signIn(bob.email, bob.password)).headers['set-cookie']);

    const reused = await setPassword(bob.user.id, bob.password);
    expect(reused.statusCode).toBe(400);
    expect(reused.json()).toEqual({ code: 'password_recently_used', message: expect.any(String) });
    expect(await me(bob.cookie)).toBe(200); // a refusal changes nothing

    const set = await setPassword(bob.user.id, 'the second passphrase');
    expect(set.statusCode).toBe(204);
    expect(set.body).toBe('');
    expect(await me(bob.cookie)).toBe(401);
    expect(await me(bobAgain)).toBe(401);
    expect(await me(admin.cookie)).toBe(200);
    expect((await signIn(bob.email, bob.password)).statusCode).toBe(401);
    expectStatus(await signIn(bob.email, 'the second passphrase'), 200);

    // Both the first and the second password are now in the history.
    for (const old of [bob.password, 'the second passphrase']) expect((await setPassword(bob.user.id, old)).json()).toMatchObject({ code: 'password_recently_used' });
    expectStatus(await setPassword(bob.user.id, 'the third passphrase'), 204);
    const row = await t.app.db.selectFrom('users').select('password_history').where('id', '=', bob.user.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.password_history)).toHaveLength(3);

    const events = await auditOf('password_changed');
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ actorUserId: admin.user.id, targetUserId: bob.user.id, details: { revoked: 2 } });
    expect(events[0]).toMatchObject({ actorUserId: admin.user.id, targetUserId: bob.user.id, details: { revoked: 1 } });

    await settings({ passwordDictionary: true, passwordPersonalData: true });
    expect((await setPassword(bob.user.id, 'football')).json()).toMatchObject({ code: 'password_in_dictionary' });
    expect((await setPassword(bob.user.id, 'bob-example-2026')).json()).toMatchObject({ code: 'password_personal_data' });
  });

  it('with history off, the old password may be set again and no history is kept', async () => {
    expectStatus(await setPassword(bob.user.id, bob.password), 204);
    const row = await t.app.db.selectFrom('users').select('password_history').where('id', '=', bob.user.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.password_history)).toEqual([]);
  });

  it("replaces an imported user's hash (no longer imported) and keeps the admin's own current session when they set their own", async () => {
    expectStatus(await t.app.inject({
      method: 'POST', url: apiRoutes.importUsers, headers: headersFor(admin.cookie),
      payload: { users: [{ email: 'carol@example.test', name: 'Carol', hash: { algorithm: 'md5', hash: '5f4dcc3b5aa765d61d8327deb882cf99' } }] },
    }), 200);
    const carol = (await list({ search: 'carol' })).json<AdminUserListResponse>().users[0];
    if (!carol) throw new Error('carol missing');
    // With history on, the imported password (MD5 of "password") counts as the current one; the marker is never kept.
    await settings({ passwordHistory: 2 });
    expect((await setPassword(carol.id, 'password')).json()).toMatchObject({ code: 'password_recently_used' });
    expectStatus(await setPassword(carol.id, 'carols new passphrase'), 204);
    const stored = await t.app.db.selectFrom('users').select(['password_history', 'password_import']).where('id', '=', carol.id).executeTakeFirstOrThrow();
    expect(stored.password_import).toBeNull();
    expect(JSON.parse(stored.password_history)).toHaveLength(1);
    expect(stored.password_history).not.toContain('!imported');
    expect((await list({ search: 'carol' })).json<AdminUserListResponse>().users[0]).toMatchObject({ imported: false });
    expect((await signIn('carol@example.test', 'password')).statusCode).toBe(401);
    expectStatus(await signIn('carol@example.test', 'carols new passphrase'), 200);

    const adminAgain = sessionCookieFrom((await signIn(admin.email, admin.password)).headers['set-cookie']);
    expectStatus(await setPassword(admin.user.id, 'admins new passphrase'), 204);
    expect(await me(admin.cookie)).toBe(200);
    expect(await me(adminAgain)).toBe(401);
  });

  it('unknown user 404; non-administrators 403 and anonymous 401 on every route, before the body is looked at', async () => {
    expect((await setPassword('usr_nobody', 'a long passphrase')).json()).toEqual({ code: 'not_found', message: 'No such user.' });
    const calls = (cookie?: string) => {
      const headers = cookie ? headersFor(cookie) : {};
      return [
        t.app.inject({ method: 'GET', url: `${apiRoutes.adminUsers}?limit=0`, headers }),
        t.app.inject({ method: 'GET', url: apiRoutes.adminUsers, headers }),
        t.app.inject({ method: 'POST', url: apiRoutes.adminUsers, headers, payload: { email: 'z@example.test', name: 'Z', password: 'a long passphrase' } }),
        t.app.inject({ method: 'POST', url: apiRoutes.adminUsers, headers, payload: { bad: true } }),
        t.app.inject({ method: 'PATCH', url: apiRoutes.adminUserPassword(bob.user.id), headers, payload: { password: 'a long passphrase' } }),
        t.app.inject({ method: 'PATCH', url: apiRoutes.adminUserPassword(admin.user.id), headers, payload: {} }),
      ];
    };
    for (const response of await Promise.all(calls(bob.cookie))) {
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({ code: 'forbidden', message: expect.any(String) });
    }
    for (const response of await Promise.all(calls())) expect(response.statusCode).toBe(401);
    expect(await me(bob.cookie)).toBe(200);
    expectStatus(await signIn(admin.email, admin.password), 200);
    expect((await list({ search: 'z@' })).json<AdminUserListResponse>().users).toEqual([]);
  });
});
