import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import type { SecuritySettings } from '../../shared/api/security';
import { createAccount } from '../auth/createAccount';
import { hashPassword } from '../auth/passwords';
import { createTestApp, type TestApp } from '../testing/testApp';
import { headersFor, signUpUser, type SignedUpUser } from '../testing/sessions';
import { commonPasswordCount, isCommonPassword } from './passwordPolicyDictionary';
import { isRecentPassword, nextPasswordHistory, passwordHashesOf } from './passwordPolicyHistory';
import { containsPersonalData } from './passwordPolicyPersonalData';

describe('the dictionary', () => {
  it('holds the 10,000 passwords of the shipped list, 2,086 of them 8 characters or longer', () => {
    const lines = readFileSync(new URL('./commonPasswords.txt', import.meta.url), 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(10_000);
    expect(commonPasswordCount()).toBe(10_000);
    expect(lines.slice(0, 7)).toEqual(['password', '123456', '12345678', '1234', 'qwerty', '12345', 'dragon']);
    expect(lines.every((line) => line === line.toLowerCase() && !line.includes('\r'))).toBe(true);
    expect(lines.filter((line) => line.length >= 8)).toHaveLength(2086);
  });

  it('matches whole passwords, case-insensitively', () => {
    expect(isCommonPassword('football')).toBe(true);
    expect(isCommonPassword('Football')).toBe(true);
    expect(isCommonPassword('PASSWORD')).toBe(true);
    expect(isCommonPassword('football!')).toBe(false);
    expect(isCommonPassword('my football team')).toBe(false);
    expect(isCommonPassword('')).toBe(false);
  });
});

describe('the personal-data check', () => {
  const owner = { id: 'usr_AbCdEfGhIjKlMnOpQrSt', email: 'ada.lovelace@example.com', name: 'Ada Lovelace', phone: '+14155550123' };

  it("refuses a password containing the id, email, email local part, name or phone, in any case (Appwrite's cases)", () => {
    for (const password of [
      `${owner.id}extra`, owner.id.toLowerCase(), `x${owner.email.toUpperCase()}`, `prefix_ada.lovelace_suffix`,
      `prefix${owner.name}xyz`, 'prefixADA LOVELACExyz', 'prefix14155550123xyz', 'prefix+14155550123xyz',
    ]) {
      expect(containsPersonalData(password, owner), password).toBe(true);
    }
  });

  it('accepts passwords without them; skips empty and very short fields', () => {
    expect(containsPersonalData('correct horse battery staple', owner)).toBe(false);
    expect(containsPersonalData('ada lovelac3 is great', owner)).toBe(false); // the name is compared whole
    expect(containsPersonalData('always a million', { id: 'usr_x1y2z3', email: 'al@example.com', name: 'Al', phone: null })).toBe(false);
    expect(containsPersonalData('anything at all', { id: 'usr_x1y2z3', email: 'al@example.com', name: '', phone: '' })).toBe(false);
  });
});

describe('the history helpers', () => {
  it('list the stored hashes with the current one last, once', () => {
    expect(passwordHashesOf({ password_hash: 'h2', password_history: '["h0","h1"]' })).toEqual(['h0', 'h1', 'h2']);
    expect(passwordHashesOf({ password_hash: 'h1', password_history: '["h0","h1"]' })).toEqual(['h0', 'h1']);
    expect(passwordHashesOf({ password_hash: 'h0', password_history: 'not json' })).toEqual(['h0']);
  });

  it('keep the last N with the new hash, and nothing while the policy is off', () => {
    expect(JSON.parse(nextPasswordHistory(['h0', 'h1', 'h2'], 'h3', 3))).toEqual(['h1', 'h2', 'h3']);
    expect(JSON.parse(nextPasswordHistory(['h0'], 'h1', 3))).toEqual(['h0', 'h1']);
    expect(JSON.parse(nextPasswordHistory(['h0', 'h1'], 'h2', 0))).toEqual([]);
  });

  it('verify with Argon2 against only the last N hashes', async () => {
    const hashes = await Promise.all(['old one 0', 'old one 1', 'old one 2'].map((password) => hashPassword(password)));
    expect(await isRecentPassword('old one 0', hashes, 3)).toBe(true);
    expect(await isRecentPassword('old one 0', hashes, 2)).toBe(false);
    expect(await isRecentPassword('old one 2', hashes, 1)).toBe(true);
    expect(await isRecentPassword('old one 2', hashes, 0)).toBe(false);
    expect(await isRecentPassword('never used', hashes, 3)).toBe(false);
  });
});

describe('password policies on sign-up', () => {
  let t: TestApp;
  let admin: SignedUpUser;
  beforeEach(async () => {
    t = await createTestApp();
    admin = await signUpUser(t.app);
  });
  afterEach(() => t.close());

  async function setPolicies(change: Partial<SecuritySettings>): Promise<void> {
    const response = await t.app.inject({ method: 'PATCH', url: apiRoutes.securitySettings, payload: change, headers: headersFor(admin.cookie) });
    expect(response.statusCode).toBe(200);
  }

  function signUp(payload: { email: string; password: string; name: string }) {
    return t.app.inject({ method: 'POST', url: apiRoutes.signUp, payload });
  }

  async function expectRefused(payload: { email: string; password: string; name: string }, code: string): Promise<void> {
    const response = await signUp(payload);
    expect(response.statusCode, payload.password).toBe(400);
    expect(response.json()).toEqual({ code, message: expect.any(String) });
    expect(response.body).not.toContain(payload.password);
    expect(response.headers['set-cookie']).toBeUndefined();
    const stored = await t.app.db.selectFrom('users').select('id').where('email', '=', payload.email).executeTakeFirst();
    expect(stored).toBeUndefined();
  }

  it('dictionary: football is accepted while off, refused (any case) while on', async () => {
    expect((await signUp({ email: 'off@example.com', password: 'football', name: 'Off' })).statusCode).toBe(201);
    await setPolicies({ passwordDictionary: true });
    await expectRefused({ email: 'on@example.com', password: 'football', name: 'On' }, 'password_in_dictionary');
    await expectRefused({ email: 'on@example.com', password: 'Football', name: 'On' }, 'password_in_dictionary');
    await expectRefused({ email: 'on@example.com', password: 'baseball', name: 'On' }, 'password_in_dictionary');
    expect((await signUp({ email: 'on@example.com', password: 'football pitch at dawn', name: 'On' })).statusCode).toBe(201);
    await setPolicies({ passwordDictionary: false });
    expect((await signUp({ email: 'again@example.com', password: 'football', name: 'Again' })).statusCode).toBe(201);
  });

  it('personal data: the email, its local part or the name is accepted while off, refused while on', async () => {
    const person = { email: 'grace.hopper@example.com', name: 'Grace Hopper' };
    expect((await signUp({ ...person, password: 'prefix_grace.hopper_suffix' })).statusCode).toBe(201);
    await setPolicies({ passwordPersonalData: true });
    const next = { email: 'katherine.j@example.com', name: 'Katherine Johnson' };
    await expectRefused({ ...next, password: 'prefix_katherine.j_suffix' }, 'password_personal_data');
    await expectRefused({ ...next, password: 'prefixKatherine Johnsonxyz' }, 'password_personal_data');
    await expectRefused({ ...next, password: 'me: KATHERINE.J@EXAMPLE.COM' }, 'password_personal_data');
    expect((await signUp({ ...next, password: 'orbital mechanics 1962' })).statusCode).toBe(201);
  });

  it('personal data: the id the account is about to get counts too', async () => {
    await setPolicies({ passwordPersonalData: true });
    const account = { id: 'usr_ChosenIdForTheTest0', email: 'zed.q@example.com', name: 'Zed Quill' };
    await expect(createAccount(t.app.db, { ...account, password: 'usr_ChosenIdForTheTest0extra' })).rejects.toMatchObject({ status: 400, code: 'password_personal_data' });
    await expect(createAccount(t.app.db, { ...account, password: 'prefix usr_chosenidforthetest0' })).rejects.toMatchObject({ status: 400, code: 'password_personal_data' });
    expect(await t.app.db.selectFrom('users').select('id').where('id', '=', account.id).executeTakeFirst()).toBeUndefined();
    const created = await createAccount(t.app.db, { ...account, password: 'nothing of mine in here' });
    expect(created.id).toBe(account.id);
  });

  it('all on: each refuses with its own code; sign-up stores no history', async () => {
    await setPolicies({ passwordDictionary: true, passwordPersonalData: true, passwordHistory: 5 });
    await expectRefused({ email: 'both@example.com', password: 'iloveyou', name: 'Both' }, 'password_in_dictionary');
    await expectRefused({ email: 'both@example.com', password: 'both@example.com!', name: 'Both' }, 'password_personal_data');
    const created = await signUp({ email: 'both@example.com', password: 'quiet river stones', name: 'Both' });
    expect(created.statusCode).toBe(201);
    // History collects nothing at sign-up: the current hash is always compared anyway.
    const row = await t.app.db.selectFrom('users').select('password_history').where('email', '=', 'both@example.com').executeTakeFirstOrThrow();
    expect(row.password_history).toBe('[]');
  });
});
