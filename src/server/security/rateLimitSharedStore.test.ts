import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import { signUpUser } from '../testing/sessions';
import { createPostgresDatabase, createTestApp, type TestApp } from '../testing/testApp';
import { hit, rateLimitKey } from './rateLimitCounter';

// Always on PostgreSQL, also in the SQLite run: the point is several server instances on one
// store, which SQLite (one file, one process) does not have.
const serverUrl = process.env.DATABASE_URL ?? process.env.CORDON_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const hourMs = 60 * 60 * 1000;

describe('rate limits across two server instances on one PostgreSQL store', () => {
  let database: { url: string; drop(): Promise<void> };
  let first: TestApp;
  let second: TestApp;
  let nowMs = Date.parse('2026-03-01T10:00:00.000Z');
  const now = () => new Date(nowMs);

  beforeAll(async () => {
    try {
      database = await createPostgresDatabase(serverUrl);
    } catch (error) {
      throw new Error(`This test needs PostgreSQL (two Cordon instances sharing one store), set by DATABASE_URL or CORDON_TEST_PG_URL: ${(error as Error).message}`, { cause: error });
    }
    // One after the other: the second instance finds the store migrated by the first.
    first = await createTestApp({ DATABASE_URL: database.url }, { now });
    second = await createTestApp({ DATABASE_URL: database.url }, { now });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  const signIn = (app: FastifyInstance, email: string, password: string, remoteAddress: string) =>
    app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email, password }, remoteAddress });

  it('the instances are two apps with their own connections on one database', async () => {
    expect(first.app).not.toBe(second.app);
    expect(first.app.db).not.toBe(second.app.db);
    expect(first.app.storeDialect).toBe('postgres');
    const { email } = await signUpUser(first.app);
    expect(await second.app.db.selectFrom('users').select('email').where('email', '=', email).executeTakeFirst()).toEqual({ email });
  });

  it('failures on either instance add up: five on each, then the right password gets 429 on both', async () => {
    const { email, password } = await signUpUser(first.app);
    for (let i = 0; i < 5; i += 1) {
      expect((await signIn(first.app, email, 'wrong password', '192.0.2.1')).statusCode).toBe(401);
      const onSecond = await signIn(second.app, email, 'wrong password', '192.0.2.1');
      expect(onSecond.statusCode).toBe(401);
      expect(onSecond.headers['ratelimit-remaining']).toBe(String(8 - 2 * i));
    }
    expect((await signIn(first.app, email, password, '192.0.2.1')).statusCode).toBe(429);
    // The email's count is shared too, not only the address's.
    expect((await signIn(second.app, email, password, '198.51.100.1')).statusCode).toBe(429);
    nowMs += hourMs;
    expect((await signIn(second.app, email, password, '192.0.2.1')).statusCode).toBe(200);
  });

  it('20 concurrent hits through both instances count 20', async () => {
    const key = rateLimitKey('test', 'ip', '192.0.2.99');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (
      hit((i % 2 === 0 ? first : second).app.db, key, { limit: 10, windowMs: hourMs, now: now() })
    )));
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    const row = await second.app.db.selectFrom('rate_limits').select('count').where('key', '=', key).executeTakeFirstOrThrow();
    expect(Number(row.count)).toBe(20);
  });

  it('20 concurrent wrong sign-ins for one email through both instances: ten 401, ten 429', async () => {
    const { email } = await signUpUser(second.app);
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => (
      signIn(i % 2 === 0 ? first.app : second.app, email, 'wrong password', `203.0.113.${i + 1}`)
    )));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([...Array(10).fill(401), ...Array(10).fill(429)]);
  });
});
