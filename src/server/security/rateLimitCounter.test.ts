import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/testApp';
import { addressSubject } from './rateLimitAttempt';
import { hit, rateLimitKey, refund, sweepRateLimits } from './rateLimitCounter';

const hourMs = 60 * 60 * 1000;
const rule = { limit: 3, windowMs: hourMs };
const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('rate limit counter (on the real store)', () => {
  let t: TestApp;
  beforeEach(async () => { t = await createTestApp(); });
  afterEach(async () => { await t.close(); });

  it('counts hits in a window that starts at the first one and refuses the one over the limit', async () => {
    const key = rateLimitKey('test', 'ip', '192.0.2.1');
    const results = [];
    for (let i = 0; i < 4; i += 1) results.push(await hit(t.app.db, key, { ...rule, now: at(i * 60_000) }));
    expect(results.map((r) => [r.allowed, r.remaining, r.count])).toEqual([[true, 2, 1], [true, 1, 2], [true, 0, 3], [false, 0, 4]]);
    // Every hit reports the same window end: one hour after the first hit, not after the latest.
    expect(new Set(results.map((r) => r.resetAt.toISOString()))).toEqual(new Set([at(hourMs).toISOString()]));
    // A refused hit does not extend the window: the first hit after its end starts a new one.
    expect((await hit(t.app.db, key, { ...rule, now: at(hourMs - 1) })).allowed).toBe(false);
    const fresh = await hit(t.app.db, key, { ...rule, now: at(hourMs) });
    expect(fresh).toMatchObject({ allowed: true, remaining: 2, count: 1, windowStart: at(hourMs).toISOString() });
    expect(fresh.resetAt.toISOString()).toBe(at(2 * hourMs).toISOString());
  });

  it('keeps keys apart', async () => {
    const a = rateLimitKey('test', 'email', 'a@example.com');
    const b = rateLimitKey('test', 'email', 'b@example.com');
    for (let i = 0; i < 3; i += 1) await hit(t.app.db, a, { ...rule, now: t0 });
    expect((await hit(t.app.db, a, { ...rule, now: t0 })).allowed).toBe(false);
    expect((await hit(t.app.db, b, { ...rule, now: t0 })).count).toBe(1);
  });

  it('counts 20 concurrent hits as 20, each seeing its own count', async () => {
    const key = rateLimitKey('test', 'ip', '192.0.2.2');
    const results = await Promise.all(Array.from({ length: 20 }, () => hit(t.app.db, key, { limit: 10, windowMs: hourMs, now: t0 })));
    expect(results.map((r) => r.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    const row = await t.app.db.selectFrom('rate_limits').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
    expect(Number(row.count)).toBe(20);
  });

  it('refund gives one attempt back, only in the window it was counted in, never below zero', async () => {
    const key = rateLimitKey('test', 'ip', '192.0.2.3');
    const first = await hit(t.app.db, key, { ...rule, now: t0 });
    await hit(t.app.db, key, { ...rule, now: t0 });
    await refund(t.app.db, key, first.windowStart);
    expect((await hit(t.app.db, key, { ...rule, now: t0 })).count).toBe(2);
    // A refund of an old window does not touch the new one.
    const renewed = await hit(t.app.db, key, { ...rule, now: at(hourMs) });
    await refund(t.app.db, key, first.windowStart);
    expect((await hit(t.app.db, key, { ...rule, now: at(hourMs) })).count).toBe(2);
    await refund(t.app.db, key, renewed.windowStart);
    await refund(t.app.db, key, renewed.windowStart);
    await refund(t.app.db, key, renewed.windowStart);
    const row = await t.app.db.selectFrom('rate_limits').select('count').where('key', '=', key).executeTakeFirstOrThrow();
    expect(Number(row.count)).toBe(0);
  });

  it('sweeps counters whose window started at or before the cutoff, and only those', async () => {
    const old = rateLimitKey('test', 'ip', '192.0.2.4');
    const live = rateLimitKey('test', 'ip', '192.0.2.5');
    await hit(t.app.db, old, { ...rule, now: t0 });
    await hit(t.app.db, live, { ...rule, now: at(1) });
    expect(await sweepRateLimits(t.app.db, t0)).toBe(1);
    const keys = (await t.app.db.selectFrom('rate_limits').select('key').execute()).map((row) => row.key);
    expect(keys).toEqual([live]);
  });

  it('keys hold a sha256 of the subject, never the subject', () => {
    const key = rateLimitKey('sign-in', 'email', 'ada@example.com');
    expect(key).toMatch(/^sign-in:email:[0-9a-f]{64}$/);
    expect(key).not.toContain('ada');
    expect(rateLimitKey('sign-in', 'email', 'ada@example.com')).toBe(key);
    expect(rateLimitKey('sign-in', 'ip', 'ada@example.com')).not.toBe(key);
  });

  it('an address subject is the IPv4 address (also IPv4-mapped) or the IPv6 /64', () => {
    expect(addressSubject('192.0.2.7')).toBe('192.0.2.7');
    expect(addressSubject('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressSubject('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressSubject('2001:0db8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(addressSubject('2001:db8:1:3::1')).not.toBe(addressSubject('2001:db8:1:2::1'));
  });
});
