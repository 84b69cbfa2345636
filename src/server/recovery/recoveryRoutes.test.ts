import { afterEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import type { SecuritySettings } from '../../shared/api/security';
import { verifyPassword } from '../auth/passwords';
import { startTestMailServer, type TestMailServer } from '../mail/testMailServer';
import { headersFor, sessionCookieFrom, signUpUser, type SignedUpUser } from '../testing/sessions';
import { createTestApp, type TestApp } from '../testing/testApp';

const publicUrl = 'https://cordon.example.com';

describe('password recovery', () => {
  let t: TestApp;
  let mail: TestMailServer | undefined;
  let admin: SignedUpUser;
  let user: SignedUpUser;
  let clock: Date;
  afterEach(async () => {
    await t.close();
    await mail?.close();
    mail = undefined;
  });

  async function setUp(env: Record<string, string> = {}): Promise<void> {
    clock = new Date('2026-03-01T10:00:00Z');
    t = await createTestApp({ CORDON_PUBLIC_URL: publicUrl, ...env }, { now: () => clock });
    admin = await signUpUser(t.app);
    user = await signUpUser(t.app, { email: 'ada.lovelace@example.com', name: 'Ada Lovelace', password: 'first password 0' });
  }

  function ask(email: string, headers: Record<string, string> = {}, remoteAddress = '10.1.1.1') {
    return t.app.inject({ method: 'POST', url: apiRoutes.passwordRecovery, payload: { email }, headers, remoteAddress });
  }

  function confirm(token: string, password: string, remoteAddress = '10.2.2.2') {
    return t.app.inject({ method: 'POST', url: apiRoutes.passwordRecoveryConfirm, payload: { token, password }, remoteAddress });
  }

  function signIn(password: string) {
    return t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: user.email, password }, remoteAddress: '10.3.3.3' });
  }

  async function setPolicies(change: Partial<SecuritySettings>): Promise<void> {
    const response = await t.app.inject({ method: 'PATCH', url: apiRoutes.securitySettings, payload: change, headers: headersFor(admin.cookie) });
    expect(response.statusCode).toBe(200);
  }

  /** The recovery emails of the outbox (no SMTP), oldest first. */
  async function outboxMails() {
    await t.app.mailer.settled();
    return t.app.db.selectFrom('messages').selectAll().where('kind', '=', 'password_recovery').orderBy('created_at').orderBy('id').execute();
  }

  function tokenIn(text: string): string {
    const match = /\/reset-password#token=([A-Za-z0-9_-]+)/.exec(text);
    if (!match) throw new Error(`no recovery link in: ${text}`);
    return match[1]!;
  }

  async function askForToken(): Promise<string> {
    clock = new Date(clock.getTime() + 1000); // messages of one test sort by time
    expect((await ask(user.email)).statusCode).toBe(202);
    const mails = await outboxMails();
    return tokenIn(mails.at(-1)!.body!);
  }

  it('emails a link through the real SMTP server; the token sets a new password once, signs every session out and is audited', async () => {
    mail = await startTestMailServer();
    await setUp({ CORDON_SMTP_URL: mail.url });
    const second = sessionCookieFrom((await signIn('first password 0')).headers['set-cookie']);

    const asked = await ask(user.email);
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toEqual({});
    await t.app.mailer.settled();
    expect(mail.messages).toHaveLength(1);
    const received = mail.messages[0]!;
    expect(received.to).toEqual([user.email]);
    expect(received.subject).toBe('Reset your Cordon password');
    const token = tokenIn(received.text);
    expect(received.text).toContain(`${publicUrl}/reset-password#token=${token}`);
    // Sent: only the record stays.
    const [record] = await t.app.db.selectFrom('messages').selectAll().where('kind', '=', 'password_recovery').execute();
    expect(record).toMatchObject({ status: 'sent', body: null, user_id: user.user.id });

    clock = new Date(clock.getTime() + 1000); // so that the audit events sort by time
    const done = await confirm(token, 'brand new password 2');
    expect(done.statusCode, done.body).toBe(204);
    const row = await t.app.db.selectFrom('users').select(['password_hash', 'password_import']).where('id', '=', user.user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(row.password_hash, 'brand new password 2')).toBe(true);
    // Every session of the user ended: the sign-up one and the later sign-in.
    for (const cookie of [user.cookie, second]) {
      expect((await t.app.inject({ method: 'GET', url: apiRoutes.me, headers: headersFor(cookie) })).statusCode).toBe(401);
    }
    expect((await signIn('first password 0')).statusCode).toBe(401);
    expect((await signIn('brand new password 2')).statusCode).toBe(200);

    // Single use.
    const again = await confirm(token, 'another password 3');
    expect(again.statusCode).toBe(400);
    expect(again.json()).toEqual({ code: 'recovery_token_invalid', message: expect.any(String) });

    const audit = await t.app.db.selectFrom('audit_events').select(['type', 'actor_user_id', 'target_user_id', 'details']).where('type', 'in', ['password_recovery_requested', 'password_reset']).orderBy('created_at').execute();
    expect(audit).toEqual([
      { type: 'password_recovery_requested', actor_user_id: null, target_user_id: user.user.id, details: '{}' },
      { type: 'password_reset', actor_user_id: user.user.id, target_user_id: user.user.id, details: '{"revoked":2}' },
    ]);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('builds the link from CORDON_PUBLIC_URL, never from a hostile Host or X-Forwarded-Host', async () => {
    await setUp({ CORDON_TRUST_PROXY: '10.1.1.1' });
    const response = await ask(user.email, {
      host: 'evil.example.net', 'x-forwarded-host': 'evil.example.net', 'x-forwarded-proto': 'http',
    });
    expect(response.statusCode).toBe(202);
    const [message] = await outboxMails();
    expect(message!.body).toContain(`${publicUrl}/reset-password#token=`);
    expect(message!.body).not.toContain('evil');
  });

  it('without CORDON_PUBLIC_URL links point at http://localhost:PORT', async () => {
    clock = new Date('2026-03-01T10:00:00Z');
    t = await createTestApp({ PORT: '4999' }, { now: () => clock });
    user = await signUpUser(t.app);
    expect((await ask(user.email, { host: 'evil.example.net' })).statusCode).toBe(202);
    const [message] = await outboxMails();
    expect(message!.body).toContain('http://localhost:4999/reset-password#token=');
  });

  it('answers an unknown email exactly like a known one and sends nothing', async () => {
    await setUp();
    const known = await ask(user.email);
    const unknown = await ask('nobody@example.com', {}, '10.1.1.2');
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(unknown.body).toBe(known.body);
    expect(Object.keys(unknown.headers).sort()).toEqual(Object.keys(known.headers).sort());
    const mails = await outboxMails();
    expect(mails.map((m) => m.recipient)).toEqual([user.email]);
    const audit = await t.app.db.selectFrom('audit_events').select('type').where('type', '=', 'password_recovery_requested').execute();
    expect(audit).toHaveLength(1);
  });

  it('a link expires after one hour', async () => {
    await setUp();
    const token = await askForToken();
    clock = new Date(clock.getTime() + 60 * 60 * 1000 + 1000);
    const response = await confirm(token, 'brand new password 2');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ code: 'recovery_token_invalid', message: expect.stringContaining('expired') });
    expect((await signIn('first password 0')).statusCode).toBe(200);
  });

  it('a newer link replaces the older one; a reset kills every other live link of the user', async () => {
    await setUp();
    const first = await askForToken();
    const second = await askForToken();
    expect((await confirm(first, 'brand new password 2')).json()).toMatchObject({ code: 'recovery_token_invalid' });
    expect((await confirm(second, 'brand new password 2')).statusCode).toBe(204);
    expect((await confirm('made-up-token', 'brand new password 3')).json()).toMatchObject({ code: 'recovery_token_invalid' });
  });

  it('applies the password policies with their codes; a refused password leaves the link usable', async () => {
    await setUp();
    await setPolicies({ passwordDictionary: true, passwordPersonalData: true, passwordHistory: 3 });
    const token = await askForToken();
    const cases: [string, string][] = [
      ['football', 'password_in_dictionary'],
      ['ada.lovelace is me', 'password_personal_data'],
      ['first password 0', 'password_recently_used'],
    ];
    for (const [password, code] of cases) {
      const response = await confirm(token, password);
      expect(response.statusCode, password).toBe(400);
      expect(response.json()).toEqual({ code, message: expect.any(String) });
      expect(response.body).not.toContain(password);
    }
    expect((await confirm(token, 'short')).json()).toMatchObject({ code: 'bad_request' });
    expect((await confirm(token, 'a fine new password 9')).statusCode).toBe(204);
    const row = await t.app.db.selectFrom('users').select(['password_history']).where('id', '=', user.user.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.password_history)).toHaveLength(2);
  });

  it('a reset clears an imported password hash', async () => {
    await setUp();
    await t.app.db.updateTable('users').set({ password_hash: '', password_import: '{"algorithm":"md5"}' }).where('id', '=', user.user.id).execute();
    const token = await askForToken();
    expect((await confirm(token, 'brand new password 2')).statusCode).toBe(204);
    const row = await t.app.db.selectFrom('users').select(['password_import']).where('id', '=', user.user.id).executeTakeFirstOrThrow();
    expect(row.password_import).toBeNull();
    expect((await signIn('brand new password 2')).statusCode).toBe(200);
  });

  it('rate limits asking per email and per address, and confirming per address (429 rate_limited)', async () => {
    await setUp();
    for (let i = 0; i < 10; i += 1) expect((await ask(user.email, {}, `10.9.0.${i}`)).statusCode).toBe(202);
    const perEmail = await ask(user.email, {}, '10.9.1.1');
    expect(perEmail.statusCode).toBe(429);
    expect(perEmail.json()).toMatchObject({ code: 'rate_limited' });
    for (let i = 0; i < 10; i += 1) expect((await ask(`someone${i}@example.com`, {}, '10.9.2.2')).statusCode).toBe(202);
    expect((await ask('someone-else@example.com', {}, '10.9.2.2')).statusCode).toBe(429);

    for (let i = 0; i < 10; i += 1) expect((await confirm(`wrong-${i}`, 'brand new password 2', '10.9.3.3')).statusCode).toBe(400);
    expect((await confirm('wrong-x', 'brand new password 2', '10.9.3.3')).json()).toMatchObject({ code: 'rate_limited' });
    // An hour later the window has passed.
    clock = new Date(clock.getTime() + 60 * 60 * 1000 + 1000);
    expect((await ask(user.email, {}, '10.9.1.1')).statusCode).toBe(202);
  });
});
