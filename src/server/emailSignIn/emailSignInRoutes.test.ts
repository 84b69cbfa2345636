import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SignInResponse } from '../../shared/api/auth';
import { apiRoutes } from '../../shared/api/routes';
import type { SessionListResponse } from '../../shared/api/sessions';
import { maxSecretAttempts } from '../auth/oneTimeSecrets';
import { startTestMailServer } from '../mail/testMailServer';
import { createTestApp, type TestApp } from '../testing/testApp';
import { headersFor, sessionCookieFrom, signUpUser, type SignedUpUser } from '../testing/sessions';

const publicUrl = 'https://cordon.example.com';
let address = 0;
/** A fresh client address per call, so that tests do not spend each other's per-address limits. */
const freshAddress = () => `10.77.${Math.floor(++address / 250)}.${(address % 250) + 1}`;

interface SignInEmail { code: string; token: string; link: string; body: string }

describe('email code and magic link sign-in', () => {
  let t: TestApp;
  let nowMs = Date.parse('2026-11-24T10:00:00Z');
  const logLines: string[] = [];

  beforeAll(async () => {
    const stream = new Writable({ write(chunk, _encoding, done) { logLines.push(String(chunk)); done(); } });
    t = await createTestApp({ CORDON_PUBLIC_URL: publicUrl, LOG_LEVEL: 'debug' }, { now: () => new Date(nowMs), logger: { stream } });
  });
  afterAll(async () => { await t?.close(); });

  /** Asks for an email; the route answers before the email is written, so this waits for the background work. */
  async function ask(email: string, options: { remoteAddress?: string; headers?: Record<string, string>; next?: string } = {}) {
    const response = await t.app.inject({
      method: 'POST', url: apiRoutes.emailSignIn, payload: { email, ...(options.next ? { next: options.next } : {}) },
      remoteAddress: options.remoteAddress ?? freshAddress(), headers: options.headers ?? {},
    });
    await t.app.mailer.settled();
    return response;
  }

  async function messagesTo(email: string) {
    return t.app.db.selectFrom('messages').selectAll().where('recipient', '=', email).where('kind', '=', 'email_sign_in').execute();
  }

  /** Asks for an email and reads it from the outbox (no SMTP in these tests). */
  async function requestEmail(email: string, options: Parameters<typeof ask>[1] = {}): Promise<SignInEmail> {
    // The clock stands still in these tests, so the new message is found by id, not by time.
    const before = new Set((await messagesTo(email)).map((m) => m.id));
    const response = await ask(email, options);
    expect(response.statusCode, response.body).toBe(202);
    const added = (await messagesTo(email)).filter((m) => !before.has(m.id));
    expect(added).toHaveLength(1);
    const body = added[0]!.body!;
    const code = /^ {4}(\d{6})$/m.exec(body)?.[1];
    const link = /^(https?:\/\/\S+\/sign-in\/link#\S+)$/m.exec(body)?.[1];
    expect(code, body).toBeDefined();
    expect(link, body).toBeDefined();
    const token = new URLSearchParams(new URL(link!).hash.slice(1)).get('token')!;
    issued.push({ code: code!, token });
    return { code: code!, token, link: link!, body };
  }
  /** Every code and token the tests of this block read (outbox bodies are dropped once they expire). */
  const issued: Array<{ code: string; token: string }> = [];

  const withCode = (email: string, code: string, remoteAddress = freshAddress()) =>
    t.app.inject({ method: 'POST', url: apiRoutes.emailSignInCode, payload: { email, code }, remoteAddress });
  const withLink = (token: string, remoteAddress = freshAddress()) =>
    t.app.inject({ method: 'POST', url: apiRoutes.emailSignInLink, payload: { token }, remoteAddress });

  async function sessionsOf(cookie: string) {
    const response = await t.app.inject({ method: 'GET', url: apiRoutes.accountSessions, headers: headersFor(cookie) });
    expect(response.statusCode).toBe(200);
    return response.json<SessionListResponse>().sessions;
  }

  /** A wrong code other than `code`. */
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  function expectInvalidCode(response: Awaited<ReturnType<typeof withCode>>) {
    expect(response.statusCode, response.body).toBe(401);
    expect(response.json()).toEqual({ code: 'invalid_code', message: expect.any(String) });
    expect(response.headers['set-cookie']).toBeUndefined();
  }

  // A fresh account per test: every test asks for emails, and the per-email limit is 10 per hour.
  let user: SignedUpUser;
  beforeEach(async () => { user = await signUpUser(t.app); });

  it('signs in with the emailed code; the session shows email_otp and the audit log the method', async () => {
    const mail = await requestEmail(user.email);
    expect(mail.body).not.toContain(user.password);
    const response = await withCode(user.email, mail.code);
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json<SignInResponse>();
    expect(result).toEqual({ user: expect.objectContaining({ id: user.user.id, email: user.email }) });
    const cookie = sessionCookieFrom(response.headers['set-cookie']);
    const sessions = await sessionsOf(cookie);
    expect(sessions.find((s) => s.current)?.provider).toBe('email_otp');
    const audit = await t.app.db.selectFrom('audit_events').select(['type', 'details', 'target_user_id']).where('target_user_id', '=', user.user.id).where('type', '=', 'sign_in').execute();
    expect(audit.map((e) => JSON.parse(e.details) as { method?: string }).some((d) => d.method === 'email_otp')).toBe(true);
  });

  it('signs in with the magic link; the session shows magic_url', async () => {
    const mail = await requestEmail(user.email);
    const response = await withLink(mail.token);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<SignInResponse>()).toEqual({ user: expect.objectContaining({ id: user.user.id }) });
    const sessions = await sessionsOf(sessionCookieFrom(response.headers['set-cookie']));
    expect(sessions.find((s) => s.current)?.provider).toBe('magic_url');
  });

  it('builds the link from CORDON_PUBLIC_URL, never from a hostile Host or X-Forwarded-Host, with the token in the fragment', async () => {
    const mail = await requestEmail(user.email, { headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' } });
    expect(mail.body).not.toContain('evil.example');
    const link = new URL(mail.link);
    expect(link.origin).toBe(publicUrl);
    expect(link.pathname).toBe('/sign-in/link');
    expect(link.search).toBe('');
    expect(link.hash).toMatch(/^#token=[A-Za-z0-9_-]{43}$/);
  });

  it('carries ?next= in the fragment and refuses a next that leaves the site', async () => {
    const mail = await requestEmail(user.email, { next: '/apps/app_1?tab=2' });
    expect(new URLSearchParams(new URL(mail.link).hash.slice(1)).get('next')).toBe('/apps/app_1?tab=2');
    for (const next of ['//evil.example', 'https://evil.example', '/\\evil.example']) {
      const response = await ask(user.email, { next });
      expect(response.statusCode, next).toBe(400);
      expect(response.json()).toEqual({ code: 'bad_request', message: expect.any(String) });
    }
  });

  it('a code works once, and using it kills the link of the same email', async () => {
    const mail = await requestEmail(user.email);
    expect((await withCode(user.email, mail.code)).statusCode).toBe(200);
    expectInvalidCode(await withCode(user.email, mail.code));
    expectInvalidCode(await withLink(mail.token));
  });

  it('a link works once, and using it kills the code of the same email', async () => {
    const mail = await requestEmail(user.email);
    expect((await withLink(mail.token)).statusCode).toBe(200);
    expectInvalidCode(await withLink(mail.token));
    expectInvalidCode(await withCode(user.email, mail.code));
  });

  it('only the latest email works: a new request kills the earlier code and link', async () => {
    const first = await requestEmail(user.email);
    const second = await requestEmail(user.email);
    if (first.code !== second.code) expectInvalidCode(await withCode(user.email, first.code));
    expectInvalidCode(await withLink(first.token));
    expect((await withCode(user.email, second.code)).statusCode).toBe(200);
  });

  it('code and link expire after 15 minutes (audit reason expired)', async () => {
    const mail = await requestEmail(user.email);
    const other = await signUpUser(t.app);
    const otherMail = await requestEmail(other.email);
    nowMs += 15 * 60 * 1000 + 1000;
    try {
      expectInvalidCode(await withCode(user.email, mail.code));
      expectInvalidCode(await withLink(otherMail.token));
    } finally {
      nowMs += 1000;
    }
    const reasons = await t.app.db.selectFrom('audit_events').select('details').where('type', '=', 'sign_in_failed').execute();
    const details = reasons.map((r) => JSON.parse(r.details) as { reason?: string; method?: string });
    expect(details).toContainEqual({ reason: 'expired', method: 'email_otp' });
    expect(details).toContainEqual({ reason: 'expired', method: 'magic_url' });
  });

  it('just before expiry the code still works', async () => {
    const mail = await requestEmail(user.email);
    nowMs += 15 * 60 * 1000 - 1000;
    expect((await withCode(user.email, mail.code)).statusCode).toBe(200);
  });

  it(`${maxSecretAttempts} wrong codes kill the code (audit reason wrong_code); the link of that email still works`, async () => {
    const victim = await signUpUser(t.app);
    const mail = await requestEmail(victim.email);
    for (let i = 0; i < maxSecretAttempts; i++) expectInvalidCode(await withCode(victim.email, wrong(mail.code)));
    expectInvalidCode(await withCode(victim.email, mail.code));
    const failed = await t.app.db.selectFrom('audit_events').select('details').where('type', '=', 'sign_in_failed').where('target_user_id', '=', victim.user.id).execute();
    expect(failed.length).toBe(maxSecretAttempts + 1);
    expect(failed.map((f) => JSON.parse(f.details))).toContainEqual({ reason: 'wrong_code', method: 'email_otp' });
    expect((await withLink(mail.token)).statusCode).toBe(200);
  });

  it('a code sent to user A does not sign in user B', async () => {
    const a = await signUpUser(t.app);
    const b = await signUpUser(t.app);
    let mailA = await requestEmail(a.email);
    let mailB = await requestEmail(b.email);
    while (mailA.code === mailB.code) { // one chance in a million
      mailA = await requestEmail(a.email);
      mailB = await requestEmail(b.email);
    }
    expectInvalidCode(await withCode(b.email, mailA.code));
    expectInvalidCode(await withCode(a.email, mailB.code));
    const response = await withCode(b.email, mailB.code);
    expect(response.json<{ user: { id: string } }>().user.id).toBe(b.user.id);
  });

  it('an unknown email gets the same 202 and no message is written or secret issued', async () => {
    const email = `nobody-${Date.now()}@example.test`;
    const response = await ask(email);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({});
    const known = await ask(user.email);
    expect(known.body).toBe(response.body);
    expect(await messagesTo(email)).toHaveLength(0);
    const secrets = await t.app.db.selectFrom('one_time_secrets').select('id').where('target', '=', email).execute();
    expect(secrets).toHaveLength(0);
    expect(await t.app.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
    expectInvalidCode(await withCode(email, '123456'));
  });

  it('refuses malformed input with 400 bad_request', async () => {
    for (const payload of [{ email: user.email, code: '12ab56' }, { email: user.email, code: '1234567' }, { email: 'not-an-email', code: '123456' }, { email: user.email }]) {
      const response = await t.app.inject({ method: 'POST', url: apiRoutes.emailSignInCode, payload, remoteAddress: freshAddress() });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ code: 'bad_request', message: expect.any(String) });
    }
    for (const payload of [{}, { token: '' }, { token: 'x'.repeat(201) }]) {
      const response = await t.app.inject({ method: 'POST', url: apiRoutes.emailSignInLink, payload, remoteAddress: freshAddress() });
      expect(response.statusCode).toBe(400);
    }
    expectInvalidCode(await withLink('not-a-real-token'));
  });

  it('a user with TOTP gets a two-factor challenge and no session, by code and by link', async () => {
    const totpUser = await signUpUser(t.app);
    await t.app.db.updateTable('users').set({ totp_enabled_at: new Date(nowMs).toISOString() }).where('id', '=', totpUser.user.id).execute();
    const mail = await requestEmail(totpUser.email);
    const byCode = await withCode(totpUser.email, mail.code);
    expect(byCode.statusCode).toBe(200);
    expect(byCode.json()).toEqual({ twoFactor: { challenge: expect.any(String), expiresAt: expect.any(String) } });
    expect(byCode.headers['set-cookie']).toBeUndefined();
    const again = await requestEmail(totpUser.email);
    const byLink = await withLink(again.token);
    expect(byLink.json()).toEqual({ twoFactor: { challenge: expect.any(String), expiresAt: expect.any(String) } });
    expect(byLink.headers['set-cookie']).toBeUndefined();
  });

  it('an email changed after sending makes the old code worthless', async () => {
    const mover = await signUpUser(t.app);
    const mail = await requestEmail(mover.email);
    await t.app.db.updateTable('users').set({ email: `moved-${mover.email}` }).where('id', '=', mover.user.id).execute();
    expectInvalidCode(await withCode(mover.email, mail.code));
  });

  describe('rate limits', () => {
    it('emails asked for: 10 per hour per email (429 rate_limited with Retry-After), from any address', async () => {
      const target = user;
      for (let i = 0; i < 10; i++) expect((await ask(target.email)).statusCode).toBe(202);
      const refused = await ask(target.email);
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toEqual({ code: 'rate_limited', message: expect.any(String) });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(await messagesTo(target.email)).toHaveLength(10);
    });

    it('emails asked for: 10 per hour per address, across emails', async () => {
      const from = freshAddress();
      for (let i = 0; i < 10; i++) expect((await ask(`probe-${i}-${Date.now()}@example.test`, { remoteAddress: from })).statusCode).toBe(202);
      expect((await ask(user.email, { remoteAddress: from })).statusCode).toBe(429);
    });

    it('wrong codes: after 10 per email even the right code gets 429, until the window passes; right codes give their attempt back', async () => {
      const target = user;
      // Right codes do not count: five sign-ins, then ten wrong codes still get 401 (not 429).
      for (let i = 0; i < 5; i++) {
        const mail = await requestEmail(target.email);
        expect((await withCode(target.email, mail.code)).statusCode).toBe(200);
      }
      // Ten wrong codes over two emails (five kill a code), each from its own address.
      for (let round = 0; round < 2; round++) {
        const mail = await requestEmail(target.email);
        for (let i = 0; i < 5; i++) expectInvalidCode(await withCode(target.email, wrong(mail.code)));
      }
      const mail = await requestEmail(target.email);
      const refused = await withCode(target.email, mail.code);
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toEqual({ code: 'rate_limited', message: expect.any(String) });
      // An hour later (the code of then has expired too): a new email's code signs in.
      nowMs += 60 * 60 * 1000 + 1000;
      const later = await requestEmail(target.email);
      expect((await withCode(target.email, later.code)).statusCode).toBe(200);
    });

    it('link attempts: 10 wrong tokens per address, then 429', async () => {
      const from = freshAddress();
      for (let i = 0; i < 10; i++) expectInvalidCode(await withLink(`wrong-token-${i}`, from));
      const mail = await requestEmail(user.email);
      expect((await withLink(mail.token, from)).statusCode).toBe(429);
      expect((await withLink(mail.token)).statusCode).toBe(200);
    });
  });

  it('the server log never holds a code, a token or a link (debug level)', () => {
    const log = logLines.join('');
    expect(log).toContain('request completed');
    expect(log).not.toContain('sign-in/link#');
    expect(log).not.toMatch(/token=/);
    // Every code and token the tests above read from the outbox: none of them appears in the log.
    expect(issued.length).toBeGreaterThan(20);
    for (const { code, token } of issued) {
      expect(log).not.toContain(token);
      expect(log).not.toMatch(new RegExp(`(?<![\\d.])${code}(?![\\d.])`));
    }
  });
});

describe('email sign-in through a real SMTP server', () => {
  it('the email arrives at the mail server with a code and a link that sign in; the stored record keeps no body; without CORDON_PUBLIC_URL the link points at localhost:PORT', async () => {
    const mail = await startTestMailServer();
    const t = await createTestApp({ CORDON_SMTP_URL: mail.url, PORT: '4999' });
    try {
      const user = await signUpUser(t.app);
      const response = await t.app.inject({ method: 'POST', url: apiRoutes.emailSignIn, payload: { email: user.email }, remoteAddress: '10.88.0.1', headers: { host: 'evil.example' } });
      expect(response.statusCode).toBe(202);
      await t.app.mailer.settled();
      const received = mail.messages.filter((m) => m.to.includes(user.email));
      expect(received).toHaveLength(1);
      const text = received[0]!.text;
      const code = /^ {4}(\d{6})$/m.exec(text)?.[1];
      const link = /^(https?:\/\/\S+\/sign-in\/link#\S+)$/m.exec(text)?.[1];
      expect(code, text).toBeDefined();
      expect(new URL(link!).origin).toBe('http://localhost:4999');
      const stored = await t.app.db.selectFrom('messages').select(['status', 'body']).where('recipient', '=', user.email).where('kind', '=', 'email_sign_in').execute();
      expect(stored).toEqual([{ status: 'sent', body: null }]);
      const signIn = await t.app.inject({ method: 'POST', url: apiRoutes.emailSignInCode, payload: { email: user.email, code }, remoteAddress: '10.88.0.1' });
      expect(signIn.statusCode, signIn.body).toBe(200);
      const token = new URLSearchParams(new URL(link!).hash.slice(1)).get('token');
      expect((await t.app.inject({ method: 'POST', url: apiRoutes.emailSignInLink, payload: { token }, remoteAddress: '10.88.0.1' })).statusCode).toBe(401);
    } finally {
      await t.close();
      await mail.close();
    }
  });
});

describe('email sign-in and session alerts', () => {
  it('with session alerts on, a password sign-in sends an alert but a code or link sign-in does not (it already proved the mailbox)', async () => {
    const t = await createTestApp();
    try {
      const admin = await signUpUser(t.app); // the first account administers the instance
      const on = await t.app.inject({ method: 'PATCH', url: apiRoutes.securitySettings, headers: headersFor(admin.cookie), payload: { sessionAlerts: true } });
      expect(on.statusCode, on.body).toBe(200);
      const user = await signUpUser(t.app);
      const alerts = async () => (await t.app.db.selectFrom('messages').select('id').where('recipient', '=', user.email).where('kind', '=', 'session_alert').execute()).length;
      const codeMail = async () => {
        expect((await t.app.inject({ method: 'POST', url: apiRoutes.emailSignIn, payload: { email: user.email }, remoteAddress: '10.89.0.1' })).statusCode).toBe(202);
        await t.app.mailer.settled();
        const rows = await t.app.db.selectFrom('messages').select(['id', 'body']).where('recipient', '=', user.email).where('kind', '=', 'email_sign_in').execute();
        const body = rows.at(-1)!.body!;
        return { code: /^ {4}(\d{6})$/m.exec(body)![1]!, token: new URLSearchParams(new URL(/^(https?:\/\/\S+)$/m.exec(body)![1]!).hash.slice(1)).get('token')! };
      };

      const byCode = await codeMail();
      expect((await t.app.inject({ method: 'POST', url: apiRoutes.emailSignInCode, payload: { email: user.email, code: byCode.code }, remoteAddress: '10.89.0.1' })).statusCode).toBe(200);
      await t.app.db.deleteFrom('messages').where('kind', '=', 'email_sign_in').execute();
      const byLink = await codeMail();
      expect((await t.app.inject({ method: 'POST', url: apiRoutes.emailSignInLink, payload: { token: byLink.token }, remoteAddress: '10.89.0.1' })).statusCode).toBe(200);
      await t.app.mailer.settled();
      expect(await alerts()).toBe(0);

      // The control: the same user's password sign-in does get one, so the zero above means something.
      expect((await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: user.email, password: user.password }, remoteAddress: '10.89.0.1' })).statusCode).toBe(200);
      await t.app.mailer.settled();
      expect(await alerts()).toBe(1);
    } finally {
      await t.close();
    }
  });
});
