import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import { settleSmsDeliveries } from '../sms/sendSms';
import type { TestApp } from '../testing/testApp';
import { headersFor, signUpUser, type SignedUpUser } from '../testing/sessions';
import { codeIn, patchSettings, setPhone, smsTo, startPhoneTestApp, stopPhoneTestApp, testNumber, type TestClock } from './phoneTestKit';

describe("the account's phone number", () => {
  let t: TestApp;
  let clock: TestClock;
  let admin: SignedUpUser;
  let user: SignedUpUser;

  beforeEach(async () => {
    ({ t, clock, admin, user } = await startPhoneTestApp());
  });
  afterEach(() => stopPhoneTestApp(t));

  const getPhone = (cookie = user.cookie) => t.app.inject({ method: 'GET', url: apiRoutes.accountPhone, headers: headersFor(cookie) });
  const start = (phone: string, currentPassword = user.password, cookie = user.cookie) => t.app.inject({
    method: 'POST', url: apiRoutes.accountPhone, payload: { phone, currentPassword }, headers: headersFor(cookie),
  });
  const verify = (phone: string, code: string, cookie = user.cookie) => t.app.inject({
    method: 'POST', url: apiRoutes.accountPhoneVerify, payload: { phone, code }, headers: headersFor(cookie),
  });
  const storedPhone = async (userId = user.user.id) => (await t.app.db.selectFrom('users').select('phone').where('id', '=', userId).executeTakeFirstOrThrow()).phone;
  const auditOf = (type: string) => t.app.db.selectFrom('audit_events').selectAll().where('type', '=', type).orderBy('created_at').execute();

  async function askSignInCode(phone: string): Promise<void> {
    await t.app.inject({ method: 'POST', url: apiRoutes.phoneSignIn, payload: { phone } });
    await settleSmsDeliveries(t.app);
  }

  /** Adds `phone` through the routes with the code from the outbox. */
  async function addPhone(phone: string, who = user): Promise<void> {
    expect((await start(phone, who.password, who.cookie)).statusCode).toBe(202);
    const code = codeIn((await smsTo(t.app, phone)).at(-1)?.body);
    expect((await verify(phone, code, who.cookie)).statusCode).toBe(200);
  }

  it('starts without a number; the password and the code sent to the new number save it; audited', async () => {
    expect((await getPhone()).json()).toEqual({ phone: null });
    const phone = testNumber();
    const started = await start(phone);
    expect(started.statusCode, started.body).toBe(202);
    expect(await storedPhone()).toBeNull(); // not before it is verified
    const [message] = await smsTo(t.app, phone);
    expect(message).toMatchObject({ kind: 'phone_verification', user_id: user.user.id, status: 'outbox' });
    const code = codeIn(message!.body);

    const verified = await verify(phone, code);
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toEqual({ phone });
    expect((await getPhone()).json()).toEqual({ phone });
    const [audit] = await auditOf('phone_changed');
    expect(audit).toMatchObject({ actor_user_id: user.user.id, target_user_id: user.user.id, details: JSON.stringify({ changed: ['phone.added'] }) });
    expect(JSON.stringify(await auditOf('phone_changed'))).not.toContain(phone.slice(1));

    // The number now signs in.
    await askSignInCode(phone);
    const signInCode = codeIn((await smsTo(t.app, phone)).at(-1)?.body);
    expect((await t.app.inject({ method: 'POST', url: apiRoutes.phoneSignInCode, payload: { phone, code: signInCode } })).statusCode).toBe(200);
  });

  it('a wrong current password: 401 invalid_credentials, nothing sent', async () => {
    const phone = testNumber();
    const response = await start(phone, 'not my password');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ code: 'invalid_credentials', message: expect.any(String) });
    expect(await smsTo(t.app, phone)).toEqual([]);
  });

  it('an imported user (no Argon2id hash yet) proves the password against the imported hash', async () => {
    const md5 = createHash('md5').update('imported password 1').digest('hex');
    await t.app.db.updateTable('users').set({ password_hash: '!imported', password_import: JSON.stringify({ algorithm: 'md5', hash: md5 }) }).where('id', '=', user.user.id).execute();
    const phone = testNumber();
    expect((await start(phone, user.password)).statusCode).toBe(401);
    expect((await start(phone, 'imported password 1')).statusCode).toBe(202);
    const row = await t.app.db.selectFrom('users').select(['password_hash', 'password_import']).where('id', '=', user.user.id).executeTakeFirstOrThrow();
    expect(row.password_import).toBeNull(); // re-hashed like at a sign-in
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it("a wrong code: 400 invalid_code; a code for another number or another user's code does not save", async () => {
    const phone = testNumber();
    await start(phone);
    const code = codeIn((await smsTo(t.app, phone)).at(-1)?.body);
    const wrong = await verify(phone, code === '000000' ? '000001' : '000000');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toEqual({ code: 'invalid_code', message: expect.any(String) });
    expect((await verify(testNumber(), code)).statusCode).toBe(400);
    const other = await signUpUser(t.app);
    expect((await verify(phone, code, other.cookie)).statusCode).toBe(400);
    expect(await storedPhone(other.user.id)).toBeNull();
    expect((await verify(phone, code)).statusCode).toBe(200);
    expect((await verify(phone, code)).statusCode).toBe(400); // single use
  });

  it('a verification code expires after 10 minutes', async () => {
    const phone = testNumber();
    await start(phone);
    const code = codeIn((await smsTo(t.app, phone)).at(-1)?.body);
    clock.advance(10 * 60 * 1000 + 1000);
    const response = await verify(phone, code);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ code: 'invalid_code', message: expect.stringMatching(/expired/) });
  });

  it("a number of another account: 409 phone_taken, without saying whose", async () => {
    const other = await signUpUser(t.app, { email: 'grace.hopper@example.com', name: 'Grace Hopper' });
    const phone = testNumber();
    await addPhone(phone, other);
    const response = await start(phone);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({ code: 'phone_taken', message: expect.any(String) });
    expect(response.body).not.toMatch(/grace|hopper|usr_/i);
    expect(await smsTo(t.app, phone)).toHaveLength(1); // only the other account's own verification
  });

  it('a number taken meanwhile (between the code and its verification): 409 phone_taken', async () => {
    const phone = testNumber();
    await start(phone);
    const code = codeIn((await smsTo(t.app, phone)).at(-1)?.body);
    const other = await signUpUser(t.app);
    await addPhone(phone, other);
    const response = await verify(phone, code);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'phone_taken' });
    expect(await storedPhone()).toBeNull();
  });

  it('changing the number: the old one stops signing in; removing it: 204, audited, it no longer signs in', async () => {
    const first = testNumber();
    await addPhone(first);
    await askSignInCode(first);
    const pendingCode = codeIn((await smsTo(t.app, first)).at(-1)?.body);
    const second = testNumber();
    await addPhone(second);
    expect((await getPhone()).json()).toEqual({ phone: second });
    expect((await t.app.inject({ method: 'POST', url: apiRoutes.phoneSignInCode, payload: { phone: first, code: pendingCode } })).statusCode).toBe(401);

    await askSignInCode(second);
    const code = codeIn((await smsTo(t.app, second)).at(-1)?.body);
    const removed = await t.app.inject({ method: 'DELETE', url: apiRoutes.accountPhone, headers: headersFor(user.cookie) });
    expect(removed.statusCode).toBe(204);
    expect((await getPhone()).json()).toEqual({ phone: null });
    expect((await t.app.inject({ method: 'POST', url: apiRoutes.phoneSignInCode, payload: { phone: second, code } })).statusCode).toBe(401);
    expect((await auditOf('phone_changed')).map((event) => JSON.parse(event.details) as unknown)).toEqual([
      { changed: ['phone.added'] }, { changed: ['phone.replaced'] }, { changed: ['phone.removed'] },
    ]);
  });

  it('the number already on the account: 400, nothing sent', async () => {
    const phone = testNumber();
    await addPhone(phone);
    const response = await start(phone);
    expect(response.statusCode).toBe(400);
    expect(await smsTo(t.app, phone)).toHaveLength(1);
  });

  it('a mock number: nothing sent, its fixed code verifies it, no other code does', async () => {
    const phone = testNumber();
    await patchSettings(t.app, admin.cookie, { mockPhoneNumbers: [{ phone, code: '135790' }] });
    expect((await start(phone)).statusCode).toBe(202);
    expect(await smsTo(t.app, phone)).toEqual([]);
    expect((await verify(phone, '000000')).statusCode).toBe(400);
    expect((await verify(phone, '135791')).statusCode).toBe(400);
    expect(await storedPhone()).toBeNull();
    const response = await verify(phone, '135790');
    expect(response.statusCode, response.body).toBe(200);
    expect(await storedPhone()).toBe(phone);
  });

  it('a mock number still needs the password first', async () => {
    const phone = testNumber();
    await patchSettings(t.app, admin.cookie, { mockPhoneNumbers: [{ phone, code: '135790' }] });
    expect((await verify(phone, '135790')).statusCode).toBe(400);
    expect((await start(phone, 'wrong password')).statusCode).toBe(401);
    expect((await verify(phone, '135790')).statusCode).toBe(400);
    expect(await storedPhone()).toBeNull();
  });

  it('signed out: 401 on every route', async () => {
    const requests = [
      { method: 'GET' as const, url: apiRoutes.accountPhone },
      { method: 'POST' as const, url: apiRoutes.accountPhone, payload: { phone: testNumber(), currentPassword: user.password } },
      { method: 'POST' as const, url: apiRoutes.accountPhoneVerify, payload: { phone: testNumber(), code: '123456' } },
      { method: 'DELETE' as const, url: apiRoutes.accountPhone },
    ];
    for (const request of requests) {
      const response = await t.app.inject(request);
      expect(response.statusCode, `${request.method} ${request.url}`).toBe(401);
      expect(response.json()).toMatchObject({ code: 'unauthenticated' });
    }
  });

  it('wrong passwords count as failed sign-ins of the email: after ten, 429', async () => {
    const phone = testNumber();
    for (let i = 0; i < 10; i += 1) expect((await start(phone, `wrong ${i}`)).statusCode).toBe(401);
    expect((await start(phone)).statusCode).toBe(429);
  });

  it('SMS requests count per number: after ten verification codes, 429', async () => {
    const phone = testNumber();
    for (let i = 0; i < 10; i += 1) expect((await start(phone)).statusCode).toBe(202);
    const limited = await start(phone);
    expect(limited.statusCode).toBe(429);
    expect(await smsTo(t.app, phone)).toHaveLength(10);
  });

  it('two accounts never share a number, whatever writes it (the unique index)', async () => {
    const phone = testNumber();
    await setPhone(t.app, admin.user.id, phone);
    await expect(setPhone(t.app, user.user.id, phone)).rejects.toThrow();
  });
});
