import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../testing/testApp';
import { createDatabase } from './createDatabase';
import { migrations } from './migrations/index';

describe('createDatabase', () => {
  let dataDir: string;
  beforeEach(async () => { dataDir = await mkdtemp(path.join(tmpdir(), 'cordon-db-')); });
  afterEach(async () => { await rm(dataDir, { recursive: true, force: true }); });

  it('opens DATA_DIR/cordon.db in WAL mode with foreign keys on, and migrates it', async () => {
    const { db, dialect } = await createDatabase({ dataDir, databaseUrl: undefined });
    try {
      expect(dialect).toBe('sqlite');
      const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
      expect(journal.rows[0]?.journal_mode).toBe('wal');
      const foreignKeys = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
      expect(foreignKeys.rows[0]?.foreign_keys).toBe(1);
      // A membership of a missing user is refused: the foreign keys are enforced.
      await expect(db.insertInto('memberships').values({ workspace_id: 'nope', user_id: 'nope', role: 'developer', created_at: 'x' }).execute()).rejects.toThrow(/FOREIGN KEY/);
    } finally {
      await db.destroy();
    }
  });

  it('runs the migrations once: a second start on the same file changes nothing', async () => {
    const first = await createDatabase({ dataDir, databaseUrl: undefined });
    await first.db.insertInto('workspaces').values({ id: 'wsp_1', name: 'Kept', created_at: new Date().toISOString() }).execute();
    await first.db.destroy();
    const second = await createDatabase({ dataDir, databaseUrl: undefined });
    try {
      expect(await second.db.selectFrom('workspaces').select('name').execute()).toEqual([{ name: 'Kept' }]);
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(second.db);
      expect(applied.rows.map((row) => row.name)).toEqual(Object.keys(migrations));
    } finally {
      await second.db.destroy();
    }
  });

  it('the test store (SQLite or DATABASE_URL) allows at most one instance administrator', async () => {
    const t = await createTestApp();
    try {
      const row = (id: string, email: string) => ({ id, email, name: id, password_hash: 'x', is_instance_admin: 1, created_at: new Date().toISOString() });
      await t.app.db.insertInto('users').values(row('usr_a', 'a@example.com')).execute();
      await expect(t.app.db.insertInto('users').values(row('usr_b', 'b@example.com')).execute()).rejects.toThrow();
      await t.app.db.insertInto('users').values({ ...row('usr_c', 'c@example.com'), is_instance_admin: 0 }).execute();
      await t.app.db.insertInto('users').values({ ...row('usr_d', 'd@example.com'), is_instance_admin: 0 }).execute();
      expect(await t.app.db.selectFrom('users').select('id').execute()).toHaveLength(3);
    } finally {
      await t.close();
    }
  });
});
