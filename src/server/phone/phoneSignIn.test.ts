import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import { settleSmsDeliveries } from '../sms/sendSms';
import type { TestApp } from '../testing/testApp';
import { headersFor, sessionCookieFrom, signUpUser, type SignedUpUser } from '../testing/sessions';
import { codeIn, patchSettings, setPhone, smsTo, startPhoneTestApp, stopPhoneTestApp, testNumber, type TestClock } from './phoneTestKit';

describe('phone sign-in with an SMS code', () => {
  let t: TestApp;
  let clock: TestClock;
  let admin: SignedUpUser;
  let user: SignedUpUser;
  let phone: string;

  beforeEach(async () => {
    ({ t, clock, admin, user } = await startPhoneTestApp());
    phone = testNumber();
    await setPhone(t.app, user.user.id, phone);
  });
  afterEach(() => stopPhoneTestApp(t));

  /** Asks for a sign-in code and waits for the work the server does after answering (issuing, sending). */
  async function ask(number: string, remoteAddress = '10.1.1.1') {
    const response = await t.app.inject({ method: 'POST', url: apiRoutes.phoneSignIn, payload: { phone: number }, remoteAddress });
    await settleSmsDeliveries(t.app);
    return response;
  }
  const signIn = (number: string, code: string, remoteAddress = '10.1.1.1') => t.app.inject({ method: 'POST', url: apiRoutes.phoneSignInCode, payload: { phone: number, code }, remoteAddress });

  /** Asks for a code and reads it from the outbox. */
  async function askCode(number = phone): Promise<string> {
    expect((await ask(number)).statusCode).toBe(202);
    const messages = await smsTo(t.app, number);
    return codeIn(messages.at(-1)?.body);
  }

  async function auditOf(type: string) {
    return t.app.db.selectFrom('audit_events').selectAll().where('type', '=', type).orderBy('created_at').execute();
  }

  function expectInvalidCode(response: Awaited<ReturnType<typeof signIn>>, message = /wrong or was already used/) {
    expect(response.statusCode, response.body).toBe(401);
    expect(response.json()).toEqual({ code: 'invalid_code', message: expect.stringMatching(message) });
    expect(response.headers['set-cookie']).toBeUndefined();
  }

  it('sends a 6-digit code to the number of an account; the code signs in with a phone session', async () => {
    const response = await ask(phone);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({});
    const [message] = await smsTo(t.app, phone);
    expect(message).toMatchObject({ channel: 'sms', kind: 'phone_code', user_id: user.user.id, status: 'outbox', subject: '' });
    const code = codeIn(message!.body);
    expect(message!.body).toContain('expires in 10 minutes');

    const signedIn = await signIn(phone, code);
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(signedIn.json()).toEqual({ user: user.user });
    const cookie = sessionCookieFrom(signedIn.headers['set-cookie']);
    const sessions = await t.app.inject({ method: 'GET', url: apiRoutes.accountSessions, headers: headersFor(cookie) });
    const current = sessions.json<{ sessions: Array<{ current: boolean; provider: string }> }>().sessions.find((s) => s.current);
    expect(current?.provider).toBe('phone');
    expect(await auditOf('sign_in')).toEqual(expect.arrayContaining([expect.objectContaining({ target_user_id: user.user.id, details: JSON.stringify({ method: 'phone' }) })]));
  });

  it('a number without an account: the same 202, nothing sent, nothing issued, and no code signs in', async () => {
    const unknown = testNumber();
    const response = await ask(unknown);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({});
    expect(await smsTo(t.app, unknown)).toEqual([]);
    expect(await t.app.db.selectFrom('one_time_secrets').select('id').where('target', '=', unknown).execute()).toEqual([]);
    expectInvalidCode(await signIn(unknown, '123456'));
  });

  it('a code works once', async () => {
    const code = await askCode();
    expect((await signIn(phone, code)).statusCode).toBe(200);
    expectInvalidCode(await signIn(phone, code));
  });

  it('a wrong code is refused and audited; the right one still works afterwards', async () => {
    const code = await askCode();
    const wrong = code === '000000' ? '000001' : '000000';
    expectInvalidCode(await signIn(phone, wrong));
    const failures = await auditOf('sign_in_failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ actor_user_id: null, target_user_id: user.user.id, details: JSON.stringify({ reason: 'wrong_code', method: 'phone' }) });
    expect((await signIn(phone, code)).statusCode).toBe(200);
  });

  it('a code expires after 10 minutes', async () => {
    const code = await askCode();
    clock.advance(10 * 60 * 1000 + 1000);
    expectInvalidCode(await signIn(phone, code), /expired/);
    expect((await auditOf('sign_in_failed'))[0]).toMatchObject({ details: JSON.stringify({ reason: 'expired', method: 'phone' }) });
  });

  it('only the latest code works', async () => {
    const first = await askCode();
    const second = await askCode();
    if (first !== second) expectInvalidCode(await signIn(phone, first));
    expect((await signIn(phone, second)).statusCode).toBe(200);
  });

  it('a code sent before the number left the account does not sign in', async () => {
    const code = await askCode();
    const other = await signUpUser(t.app);
    await setPhone(t.app, user.user.id, null);
    await setPhone(t.app, other.user.id, phone); // now someone else's number
    expectInvalidCode(await signIn(phone, code));
  });

  it('a bad number or a code that is not 6 digits: 400 bad_request', async () => {
    for (const number of ['4155550123', '+0123456789', '+1 415 555 0123', '']) {
      const response = await ask(number);
      expect(response.statusCode, number).toBe(400);
      expect(response.json()).toMatchObject({ code: 'bad_request' });
    }
    for (const code of ['12345', '1234567', 'abcdef']) {
      expect((await signIn(phone, code)).statusCode, code).toBe(400);
    }
  });

  it('a user with TOTP gets a two-factor challenge, not a session', async () => {
    await t.app.db.updateTable('users').set({ totp_enabled_at: clock.at.toISOString() }).where('id', '=', user.user.id).execute();
    const code = await askCode();
    const response = await signIn(phone, code);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ twoFactor: { challenge: expect.any(String), expiresAt: expect.any(String) } });
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  describe('mock numbers', () => {
    const fixed = '424242';
    beforeEach(async () => {
      await patchSettings(t.app, admin.cookie, { mockPhoneNumbers: [{ phone, code: fixed }] });
    });

    async function secretsOf(number: string) {
      return t.app.db.selectFrom('one_time_secrets').select(['data', 'consumed_at']).where('purpose', '=', 'phone_code').where('target', '=', number).execute();
    }

    it('sends nothing, issues no code, and signs in with the fixed code only', async () => {
      expect((await ask(phone)).statusCode).toBe(202);
      expect(await smsTo(t.app, phone)).toEqual([]);
      // Only the pending marker: no random code exists that could be guessed or sent.
      expect(await secretsOf(phone)).toEqual([{ data: JSON.stringify({ mock: true }), consumed_at: null }]);
      for (const other of ['000000', '424243', '242424', '999999']) expectInvalidCode(await signIn(phone, other));
      const response = await signIn(phone, fixed);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ user: user.user });
      // Single use, like an SMS code.
      expectInvalidCode(await signIn(phone, fixed));
    });

    it('the fixed code needs a request first and dies after five wrong guesses', async () => {
      expectInvalidCode(await signIn(phone, fixed));
      await ask(phone);
      for (let i = 0; i < 5; i += 1) expectInvalidCode(await signIn(phone, '000000'));
      expectInvalidCode(await signIn(phone, fixed));
      await ask(phone);
      expect((await signIn(phone, fixed)).statusCode).toBe(200);
    });

    it('a random code sent before the number became a mock one never signs in', async () => {
      await patchSettings(t.app, admin.cookie, { mockPhoneNumbers: [] });
      const random = await askCode();
      await patchSettings(t.app, admin.cookie, { mockPhoneNumbers: [{ phone, code: fixed }] });
      expectInvalidCode(await signIn(phone, random));
      await ask(phone);
      if (random !== fixed) expectInvalidCode(await signIn(phone, random));
      expect((await signIn(phone, fixed)).statusCode).toBe(200);
    });

    it('once the number is no longer a mock one, its fixed code is worth nothing', async () => {
      await ask(phone);
      await patchSettings(t.app, admin.cookie, { mockPhoneNumbers: [] });
      expectInvalidCode(await signIn(phone, fixed));
      expect(await smsTo(t.app, phone)).toEqual([]);
    });

    it('a mock number of no account signs nobody in', async () => {
      const orphan = testNumber();
      await patchSettings(t.app, admin.cookie, { mockPhoneNumbers: [{ phone: orphan, code: fixed }] });
      expect((await ask(orphan)).statusCode).toBe(202);
      expectInvalidCode(await signIn(orphan, fixed));
    });

    it('wrong codes count against the rate limit: after ten, even the fixed code gets 429', async () => {
      for (let i = 0; i < 10; i += 1) {
        if (i % 4 === 0) await ask(phone, `10.2.0.${i}`);
        expectInvalidCode(await signIn(phone, '000000', `10.2.0.${i}`));
      }
      await ask(phone, '10.2.1.1');
      const limited = await signIn(phone, fixed, '10.2.1.1');
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ code: 'rate_limited' });
    });
  });

  describe('rate limits', () => {
    it('ten code requests per number per hour, from any address; then 429 with RateLimit headers', async () => {
      for (let i = 0; i < 10; i += 1) expect((await ask(phone, `10.3.0.${i}`)).statusCode).toBe(202);
      const limited = await ask(phone, '10.3.1.1');
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ code: 'rate_limited' });
      expect(limited.headers['retry-after']).toBeDefined();
      expect(limited.headers['ratelimit-limit']).toBe('10');
      expect(await smsTo(t.app, phone)).toHaveLength(10);
      clock.advance(60 * 60 * 1000 + 1000);
      expect((await ask(phone, '10.3.1.1')).statusCode).toBe(202);
    });

    it('ten code requests per address per hour, whatever the numbers', async () => {
      for (let i = 0; i < 10; i += 1) expect((await ask(testNumber(), '10.4.0.1')).statusCode).toBe(202);
      expect((await ask(phone, '10.4.0.1')).statusCode).toBe(429);
      expect(await smsTo(t.app, phone)).toEqual([]);
    });

    it('ten wrong codes per number: then even the right code gets 429; right codes give their attempt back', async () => {
      for (let i = 0; i < 12; i += 1) {
        const code = await askCode();
        clock.advance(6 * 60 * 1000); // keeps within the SMS request limit
        expect((await signIn(phone, code, `10.5.0.${i}`)).statusCode).toBe(200);
      }
      const code = await askCode();
      for (let i = 0; i < 10; i += 1) {
        // Wrong codes from many addresses; the code dies after five, but the count goes on.
        expectInvalidCode(await signIn(phone, code === '000000' ? '000001' : '000000', `10.6.0.${i}`));
      }
      const fresh = await askCode();
      const limited = await signIn(phone, fresh, '10.6.1.1');
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ code: 'rate_limited' });
    });

    it('ten wrong codes per address, whatever the numbers', async () => {
      for (let i = 0; i < 10; i += 1) expectInvalidCode(await signIn(testNumber(), '000000', '10.7.0.1'));
      const code = await askCode();
      expect((await signIn(phone, code, '10.7.0.1')).statusCode).toBe(429);
      expect((await signIn(phone, code, '10.7.0.2')).statusCode).toBe(200);
    });
  });
});
