import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/testApp';

// On the store of the run (SQLite, or PostgreSQL under `npm run test:pg`): the change counter that
// store caches trust moves after every committed write and never for a read.
describe('store change tracking', () => {
  let t: TestApp;
  // Only this process's own writes: on PostgreSQL the store also hears its own NOTIFYs back ('remote').
  let localChanges = 0;
  beforeAll(async () => {
    t = await createTestApp();
    t.app.storeChanges.subscribe((origin) => { if (origin === 'local') localChanges += 1; });
  });
  afterAll(async () => { await t?.close(); });

  const version = () => localChanges;
  const row = (id: string) => ({ id, settings: '{}', updated_at: new Date().toISOString() });

  it('moves after an insert, an update, a delete and raw SQL, not after a select', async () => {
    const { db } = t.app;
    let before = version();
    await db.selectFrom('users').selectAll().execute();
    expect(version()).toBe(before);

    await db.insertInto('security_settings').values(row('tracking-1')).execute();
    expect(version()).toBeGreaterThan(before);
    before = version();
    await db.updateTable('security_settings').set({ settings: '{"a":1}' }).where('id', '=', 'tracking-1').execute();
    expect(version()).toBeGreaterThan(before);
    before = version();
    await db.deleteFrom('security_settings').where('id', '=', 'tracking-1').execute();
    expect(version()).toBeGreaterThan(before);
    before = version();
    await sql`delete from security_settings where id = ${'nothing'}`.execute(db);
    expect(version()).toBeGreaterThan(before); // raw SQL counts as a write, whatever it says
  });

  it('counts a transaction at its COMMIT (its writes are invisible before), and not a rolled-back one', async () => {
    const { db } = t.app;
    const before = version();
    let insideAfterWrite = -1;
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('security_settings').values(row('tracking-2')).execute();
      insideAfterWrite = version();
    });
    expect(insideAfterWrite).toBe(before);
    expect(version()).toBeGreaterThan(before);

    const beforeRollback = version();
    await expect(db.transaction().execute(async (trx) => {
      await trx.insertInto('security_settings').values(row('tracking-3')).execute();
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    expect(version()).toBe(beforeRollback);
    expect(await db.selectFrom('security_settings').select('id').where('id', '=', 'tracking-3').executeTakeFirst()).toBeUndefined();
  });

  it('counts a failed write too (a statement may fail after changing something)', async () => {
    const before = version();
    await expect(t.app.db.insertInto('security_settings').values({ ...row('tracking-4'), settings: null as unknown as string }).execute()).rejects.toThrow();
    expect(version()).toBeGreaterThan(before);
  });
});
