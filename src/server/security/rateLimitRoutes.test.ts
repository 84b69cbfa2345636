import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import { ConfigError, loadConfig } from '../config/loadConfig';
import { sessionCookieFrom, signUpUser } from '../testing/sessions';
import { createTestApp, type TestApp } from '../testing/testApp';

const hourMs = 60 * 60 * 1000;

function signIn(app: FastifyInstance, email: string, password: string, remoteAddress = '192.0.2.10'): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email, password }, remoteAddress });
}

function signUp(app: FastifyInstance, email: string, remoteAddress: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: apiRoutes.signUp, payload: { email, password: 'long enough pw', name: 'Someone' }, remoteAddress });
}

function limitHeaders(response: LightMyRequestResponse): Record<string, unknown> {
  const { headers } = response;
  return { limit: headers['ratelimit-limit'], remaining: headers['ratelimit-remaining'], reset: headers['ratelimit-reset'], retryAfter: headers['retry-after'] };
}

describe('rate limits on sign-in and sign-up (real routes, real store)', () => {
  let t: TestApp;
  let nowMs: number;
  beforeEach(async () => {
    nowMs = Date.parse('2026-03-01T10:00:00.000Z');
    t = await createTestApp({}, { now: () => new Date(nowMs) });
  });
  afterEach(async () => { await t.close(); });

  it('ten failures, then even the right password gets 429 with RateLimit headers until the window passes', async () => {
    const { email, password } = await signUpUser(t.app);
    for (let i = 0; i < 10; i += 1) {
      nowMs += 60_000; // the window started at the first failure
      const wrong = await signIn(t.app, email, `wrong password ${i}`);
      expect(wrong.statusCode).toBe(401);
      expect(limitHeaders(wrong)).toEqual({ limit: '10', remaining: String(9 - i), reset: String(3600 - 60 * i), retryAfter: undefined });
    }
    const refused = await signIn(t.app, email, password);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({ code: 'rate_limited', message: 'Too many attempts. Try again in 51 minutes.' });
    expect(limitHeaders(refused)).toEqual({ limit: '10', remaining: '0', reset: '3060', retryAfter: '3060' });
    expect(refused.headers['set-cookie']).toBeUndefined();
    // The email's limit holds from another address too.
    expect((await signIn(t.app, email, password, '198.51.100.20')).statusCode).toBe(429);

    nowMs += 3060_000 - 1;
    expect((await signIn(t.app, email, password)).statusCode).toBe(429);
    nowMs += 1;
    const ok = await signIn(t.app, email, password);
    expect(ok.statusCode).toBe(200);
    expect(sessionCookieFrom(ok.headers['set-cookie'])).toMatch(/^cordon_session=/);
    // A right password gives its attempt back: successes do not count.
    expect(limitHeaders(ok)).toEqual({ limit: '10', remaining: '10', reset: '3600', retryAfter: undefined });
  });

  it('successful sign-ins do not count: twenty in a row, then ten failures still allowed', async () => {
    const { email, password } = await signUpUser(t.app);
    for (let i = 0; i < 20; i += 1) {
      const ok = await signIn(t.app, email, password);
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['ratelimit-remaining']).toBe('10');
    }
    for (let i = 0; i < 10; i += 1) expect((await signIn(t.app, email, 'wrong password')).statusCode).toBe(401);
    expect((await signIn(t.app, email, password)).statusCode).toBe(429);
  });

  it('limits failures per address across different emails, known or not', async () => {
    const victim = await signUpUser(t.app);
    const attacker = '203.0.113.9';
    for (let i = 0; i < 10; i += 1) {
      const email = i % 2 === 0 ? `nobody${i}@example.com` : (await signUpUser(t.app)).email;
      expect((await signIn(t.app, email, 'wrong password', attacker)).statusCode).toBe(401);
    }
    const refused = await signIn(t.app, victim.email, victim.password, attacker);
    expect(refused.statusCode).toBe(429);
    expect(limitHeaders(refused)).toMatchObject({ limit: '10', remaining: '0', retryAfter: '3600' });
    // The address is refused before its attempt counts against the email: the victim is not locked out.
    const fromElsewhere = await signIn(t.app, victim.email, victim.password, '198.51.100.30');
    expect(fromElsewhere.statusCode).toBe(200);
    expect(fromElsewhere.headers['ratelimit-remaining']).toBe('10');
  });

  it('a client cannot pick its address with X-Forwarded-For (the TCP peer counts)', async () => {
    const { email, password } = await signUpUser(t.app);
    for (let i = 0; i < 10; i += 1) {
      const response = await t.app.inject({
        method: 'POST', url: apiRoutes.signIn, remoteAddress: '203.0.113.50',
        headers: { 'x-forwarded-for': `198.51.100.${i + 1}`, 'x-real-ip': `198.51.100.${i + 1}` },
        payload: { email: `nobody${i}@example.com`, password: 'wrong password' },
      });
      expect(response.statusCode).toBe(401);
    }
    const refused = await t.app.inject({
      method: 'POST', url: apiRoutes.signIn, remoteAddress: '203.0.113.50',
      headers: { 'x-forwarded-for': '198.51.100.200' }, payload: { email, password },
    });
    expect(refused.statusCode).toBe(429);
  });

  it('an IPv6 client is limited by its /64', async () => {
    const { email, password } = await signUpUser(t.app);
    for (let i = 0; i < 10; i += 1) {
      expect((await signIn(t.app, `nobody${i}@example.com`, 'wrong password', `2001:db8:5:6::${i + 1}`)).statusCode).toBe(401);
    }
    expect((await signIn(t.app, email, password, '2001:db8:5:6:ffff::1')).statusCode).toBe(429);
    expect((await signIn(t.app, email, password, '2001:db8:5:7::1')).statusCode).toBe(200);
  });

  it('twenty concurrent wrong sign-ins for one email: exactly ten are checked, ten get 429', async () => {
    const { email } = await signUpUser(t.app);
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(t.app, email, 'wrong password', `198.51.100.${i + 1}`)));
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(10).fill(429)]);
    const rows = await t.app.db.selectFrom('rate_limits').select(['key', 'count']).execute();
    const emailRow = rows.filter((row) => row.key.startsWith('sign-in:email:'));
    expect(emailRow.map((row) => Number(row.count))).toEqual([20]);
  });

  it('sign-up: 10 attempts per hour per address (a refused duplicate counts too), headers on success', async () => {
    const address = '192.0.2.50';
    await signUpUser(t.app, { email: 'taken@example.com' });
    for (let i = 0; i < 10; i += 1) {
      const response = i === 3 ? await signUp(t.app, 'taken@example.com', address) : await signUp(t.app, `new${i}@example.com`, address);
      expect(response.statusCode).toBe(i === 3 ? 409 : 201);
      expect(limitHeaders(response)).toEqual({ limit: '10', remaining: String(9 - i), reset: '3600', retryAfter: undefined });
    }
    const refused = await signUp(t.app, 'eleventh@example.com', address);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({ code: 'rate_limited', message: expect.stringMatching(/^Too many attempts\. Try again in /) });
    expect(limitHeaders(refused)).toEqual({ limit: '10', remaining: '0', reset: '3600', retryAfter: '3600' });
    expect(await t.app.db.selectFrom('users').select('id').where('email', '=', 'eleventh@example.com').executeTakeFirst()).toBeUndefined();
    expect((await signUp(t.app, 'eleventh@example.com', '192.0.2.51')).statusCode).toBe(201);
    nowMs += hourMs;
    expect((await signUp(t.app, 'twelfth@example.com', address)).statusCode).toBe(201);
  });

  it('the table holds neither emails nor addresses, and old counters are swept', async () => {
    await t.app.db.insertInto('rate_limits').values({ key: 'sign-in:ip:stale', window_start: new Date(nowMs - 2 * hourMs).toISOString(), count: 3 }).execute();
    const { email } = await signUpUser(t.app, { remoteAddress: '192.0.2.77' });
    expect((await signIn(t.app, email, 'wrong password', '192.0.2.78')).statusCode).toBe(401);
    const rows = await t.app.db.selectFrom('rate_limits').selectAll().execute();
    expect(rows.map((row) => row.key).sort()).toEqual([
      expect.stringMatching(/^sign-in:email:[0-9a-f]{64}$/),
      expect.stringMatching(/^sign-in:ip:[0-9a-f]{64}$/),
      expect.stringMatching(/^sign-up:ip:[0-9a-f]{64}$/),
    ]);
    const dump = JSON.stringify(rows);
    for (const secret of [email, email.split('@')[0]!, '192.0.2.77', '192.0.2.78', 'stale']) expect(dump).not.toContain(secret);
  });
});

describe('CORDON_RATE_LIMITS', () => {
  it('off: nothing is counted and no header is sent', async () => {
    const t = await createTestApp({ CORDON_RATE_LIMITS: 'off' });
    try {
      const { email, password } = await signUpUser(t.app);
      for (let i = 0; i < 12; i += 1) {
        const wrong = await signIn(t.app, email, 'wrong password');
        expect(wrong.statusCode).toBe(401);
        expect(wrong.headers['ratelimit-limit']).toBeUndefined();
      }
      expect((await signIn(t.app, email, password)).statusCode).toBe(200);
      expect(await t.app.db.selectFrom('rate_limits').selectAll().execute()).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('is on by default; a value other than on/off stops the start', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cordon-rate-limit-config-'));
    try {
      const env = { DATA_DIR: dataDir, CORDON_ENCRYPTION_PASSWORD: 'p', CORDON_ENCRYPTION_SALT: 's' };
      expect(loadConfig(env).rateLimits).toBe(true);
      expect(loadConfig({ ...env, CORDON_RATE_LIMITS: 'on' }).rateLimits).toBe(true);
      expect(loadConfig({ ...env, CORDON_RATE_LIMITS: 'off' }).rateLimits).toBe(false);
      expect(() => loadConfig({ ...env, CORDON_RATE_LIMITS: 'false' })).toThrow(new ConfigError('CORDON_RATE_LIMITS must be on or off, got "false"'));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
