import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateSecuritySettings } from '../security/securitySettings';
import { createTestApp, type TestApp } from '../testing/testApp';
import { signUpUser } from '../testing/sessions';
import { createSession, findSession, hashSessionToken, settleSession, shortenSessions } from './sessionStore';

const hourMs = 60 * 60 * 1000;
const origin = { userAgent: 'test-agent/1.0', ip: '203.0.113.7', provider: 'password' } as const;

describe('session store', () => {
  let t: TestApp;
  let userId: string;
  beforeEach(async () => {
    t = await createTestApp();
    userId = (await signUpUser(t.app)).user.id;
  });
  afterEach(async () => { await t.close(); });

  const sessionIds = async () => (await t.app.db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).map((row) => row.id).sort();

  it('keeps device, address and provider, the User-Agent cut to 512 characters', async () => {
    const { sessionId } = await createSession(t.app.db, userId, { ...origin, userAgent: 'x'.repeat(600) });
    const row = await t.app.db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(row.user_agent).toBe('x'.repeat(512));
    expect(row.ip).toBe('203.0.113.7');
    expect(row.provider).toBe('password');
  });

  it('beyond the limit deletes the oldest sessions by creation time, never the new one', async () => {
    await updateSecuritySettings(t.app.db, { sessionLimit: 3 });
    const start = Date.parse('2030-01-01T00:00:00Z');
    const made = [];
    for (let i = 0; i < 5; i += 1) made.push((await createSession(t.app.db, userId, origin, new Date(start + i * 1000))).sessionId);
    // The sign-up session (real time, years earlier) went first, then the two oldest of these.
    expect(await sessionIds()).toEqual(made.slice(2).sort());
  });

  it('limit 1 leaves only the newest session, even when all were created in the same millisecond', async () => {
    await updateSecuritySettings(t.app.db, { sessionLimit: 1 });
    const now = new Date();
    let last = '';
    for (let i = 0; i < 4; i += 1) last = (await createSession(t.app.db, userId, origin, now)).sessionId;
    expect(await sessionIds()).toEqual([last]);
  });

  it('parallel creations of one user never leave more than the limit', async () => {
    await updateSecuritySettings(t.app.db, { sessionLimit: 2 });
    const made = await Promise.all(Array.from({ length: 12 }, () => createSession(t.app.db, userId, origin)));
    const left = await sessionIds();
    expect(left).toHaveLength(2);
    for (const id of left) expect(made.map((session) => session.sessionId)).toContain(id);
  });

  it('lasts sessionDurationHours after its last use, sliding by its own duration', async () => {
    await updateSecuritySettings(t.app.db, { sessionDurationHours: 2 });
    const start = new Date();
    const { token, expiresAt } = await createSession(t.app.db, userId, origin, start);
    expect(expiresAt.getTime()).toBe(start.getTime() + 2 * hourMs);

    // The settings change later; this session keeps sliding by its own two hours.
    await updateSecuritySettings(t.app.db, { sessionDurationHours: 48 });
    const later = new Date(start.getTime() + 1.5 * hourMs);
    const slid = await findSession(t.app.db, token, later);
    expect(slid).toMatchObject({ extended: true });
    expect(slid?.expiresAt.getTime()).toBe(later.getTime() + 2 * hourMs);

    // Unused for more than two hours after that: gone, and its row deleted.
    expect(await findSession(t.app.db, token, new Date(later.getTime() + 2 * hourMs + 1))).toBeNull();
    expect(await t.app.db.selectFrom('sessions').select('id').where('token_hash', '=', hashSessionToken(token)).execute()).toEqual([]);
    expect(await findSession(t.app.db, token, later)).toBeNull();
  });

  it('settleSession (the execute route) slides a row by the row\'s own duration, with no settings read', async () => {
    const { sessionId } = await createSession(t.app.db, userId, origin);
    const lastUsed = Date.parse('2030-01-01T00:00:00Z');
    const row = { id: sessionId, user_id: userId, last_used_at: new Date(lastUsed).toISOString(), expires_at: new Date(lastUsed + 3 * hourMs).toISOString() };
    const now = new Date(lastUsed + hourMs);
    const settled = await settleSession(t.app.db, row, now);
    expect(settled?.expiresAt.getTime()).toBe(now.getTime() + 3 * hourMs);
    expect(await settleSession(t.app.db, row, new Date(lastUsed + 3 * hourMs))).toBeNull();
  });

  it('shortenSessions ends existing sessions within a shorter duration and leaves shorter ones alone', async () => {
    const start = new Date();
    const long = await createSession(t.app.db, userId, origin, start);
    await updateSecuritySettings(t.app.db, { sessionDurationHours: 1 });
    const short = await createSession(t.app.db, userId, origin, start);
    expect(await shortenSessions(t.app.db, 5)).toBe(2); // the 30-day one and the sign-up session
    const after = Object.fromEntries((await t.app.db.selectFrom('sessions').select(['id', 'expires_at']).execute()).map((row) => [row.id, row.expires_at]));
    expect(after[long.sessionId]).toBe(new Date(start.getTime() + 5 * hourMs).toISOString());
    expect(after[short.sessionId]).toBe(short.expiresAt.toISOString());
  });
});
