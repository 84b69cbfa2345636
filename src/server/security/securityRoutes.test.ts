import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import { createTestApp, type TestApp } from '../testing/testApp';
import { headersFor, signUpUser, type SignedUpUser } from '../testing/sessions';

let t: TestApp;
let admin: SignedUpUser;
let member: SignedUpUser;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signUpUser(t.app); // the first account administers the instance
  member = await signUpUser(t.app);
});
afterAll(() => t.close());

const url = apiRoutes.securitySettings;

describe('security settings API', () => {
  it('answers anonymous 401, a non-administrator 403, an instance administrator 200', async () => {
    expect(admin.user.isInstanceAdmin).toBe(true);
    expect(member.user.isInstanceAdmin).toBe(false);
    for (const method of ['GET', 'PATCH'] as const) {
      const payload = method === 'PATCH' ? { sessionAlerts: true } : undefined;
      const anonymous = await t.app.inject({ method, url, payload });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json()).toEqual({ code: 'unauthenticated', message: expect.any(String) });
      const forbidden = await t.app.inject({ method, url, payload, headers: headersFor(member.cookie) });
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json()).toEqual({ code: 'forbidden', message: expect.any(String) });
    }
    // Refused before the body is even looked at: an invalid body from a non-administrator is still 403.
    const invalid = await t.app.inject({ method: 'PATCH', url, payload: { sessionLimit: 0 }, headers: headersFor(member.cookie) });
    expect(invalid.statusCode).toBe(403);
    // Nothing the refused requests sent was stored.
    const read = await t.app.inject({ method: 'GET', url, headers: headersFor(admin.cookie) });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({
      passwordHistory: 0, passwordDictionary: false, passwordPersonalData: false, sessionLimit: 10, sessionDurationHours: 720,
      sessionAlerts: false, membershipPrivacy: false, requireTwoFactor: false, mockPhoneNumbers: [],
    });
  });

  it('PATCH changes only the keys it sends and returns every setting', async () => {
    const first = await t.app.inject({ method: 'PATCH', url, payload: { passwordHistory: 3, passwordDictionary: true }, headers: headersFor(admin.cookie) });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ passwordHistory: 3, passwordDictionary: true, sessionLimit: 10 });
    const second = await t.app.inject({ method: 'PATCH', url, payload: { sessionLimit: 2 }, headers: headersFor(admin.cookie) });
    expect(second.statusCode).toBe(200);
    // The earlier change survives (a partial body must not reset absent keys to their defaults).
    expect(second.json()).toMatchObject({ passwordHistory: 3, passwordDictionary: true, sessionLimit: 2, passwordPersonalData: false });
    const read = await t.app.inject({ method: 'GET', url, headers: headersFor(admin.cookie) });
    expect(read.json()).toEqual(second.json());
    const empty = await t.app.inject({ method: 'PATCH', url, payload: {}, headers: headersFor(admin.cookie) });
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual(second.json());
  });

  it('validates the body: out of range, wrong type or unknown key → 400 bad_request, nothing stored', async () => {
    const before = (await t.app.inject({ method: 'GET', url, headers: headersFor(admin.cookie) })).json();
    for (const payload of [
      { sessionLimit: 0 }, { sessionLimit: 101 }, { passwordHistory: 21 }, { passwordHistory: -1 }, { passwordHistory: 1.5 },
      { passwordDictionary: 'yes' }, { sessionLimit: null }, { bogus: true }, { mockPhoneNumbers: [{ phone: '555', code: '123456' }] },
    ]) {
      const response = await t.app.inject({ method: 'PATCH', url, payload, headers: headersFor(admin.cookie) });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json()).toEqual({ code: 'bad_request', message: expect.any(String) });
    }
    expect((await t.app.inject({ method: 'GET', url, headers: headersFor(admin.cookie) })).json()).toEqual(before);
  });

  it('the bounds themselves are accepted', async () => {
    const response = await t.app.inject({ method: 'PATCH', url, payload: { sessionLimit: 100, passwordHistory: 20 }, headers: headersFor(admin.cookie) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ sessionLimit: 100, passwordHistory: 20 });
    const low = await t.app.inject({ method: 'PATCH', url, payload: { sessionLimit: 1, passwordHistory: 0 }, headers: headersFor(admin.cookie) });
    expect(low.json()).toMatchObject({ sessionLimit: 1, passwordHistory: 0 });
  });

  it('a shorter session duration applies to the sessions that exist now, a longer one only to new ones', async () => {
    const sessionsOf = (userId: string) => t.app.db.selectFrom('sessions').select(['last_used_at', 'expires_at']).where('user_id', '=', userId).execute();
    const spanHours = (row: { last_used_at: string; expires_at: string }) => (Date.parse(row.expires_at) - Date.parse(row.last_used_at)) / 3_600_000;
    expect((await sessionsOf(member.user.id)).map(spanHours)).toEqual([24 * 30]);
    const shorter = await t.app.inject({ method: 'PATCH', url, payload: { sessionDurationHours: 2 }, headers: headersFor(admin.cookie) });
    expect(shorter.statusCode).toBe(200);
    expect((await sessionsOf(member.user.id)).map(spanHours)).toEqual([2]);
    const longer = await t.app.inject({ method: 'PATCH', url, payload: { sessionDurationHours: 48 }, headers: headersFor(admin.cookie) });
    expect(longer.statusCode).toBe(200);
    expect((await sessionsOf(member.user.id)).map(spanHours)).toEqual([2]);
  });
});
