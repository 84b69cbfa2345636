import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/testApp';
import { readSecuritySettings, updateSecuritySettings } from './securitySettings';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('security settings', () => {
  it('start at safe defaults and keep what was changed across reads', async () => {
    expect(await readSecuritySettings(t.app.db)).toMatchObject({
      passwordHistory: 0, passwordDictionary: false, passwordPersonalData: false, sessionLimit: 10, sessionAlerts: false, mockPhoneNumbers: [],
    });
    await updateSecuritySettings(t.app.db, { sessionLimit: 2, passwordDictionary: true });
    const next = await updateSecuritySettings(t.app.db, { passwordHistory: 5 });
    expect(next).toMatchObject({ sessionLimit: 2, passwordDictionary: true, passwordHistory: 5 });
    expect(await readSecuritySettings(t.app.db)).toEqual(next);
  });

  it('refuse values out of range', async () => {
    await expect(updateSecuritySettings(t.app.db, { sessionLimit: 0 })).rejects.toThrow();
    await expect(updateSecuritySettings(t.app.db, { passwordHistory: 21 })).rejects.toThrow();
    expect((await readSecuritySettings(t.app.db)).sessionLimit).toBe(2);
  });
});
