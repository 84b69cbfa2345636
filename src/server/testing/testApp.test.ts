import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from './testApp';

describe('createTestApp', () => {
  const saved = process.env.DATABASE_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  });

  it('gives a migrated store in a fresh DATA_DIR and cleans everything up on close', async () => {
    const t = await createTestApp();
    expect(await t.app.db.selectFrom('users').selectAll().execute()).toEqual([]);
    expect(t.app.storeDialect).toBe(saved ? 'postgres' : 'sqlite');
    if (!saved) expect(existsSync(path.join(t.dataDir, 'cordon.db'))).toBe(true);
    const databaseName = saved ? new URL(t.app.config.databaseUrl!).pathname.slice(1) : undefined;
    if (databaseName) expect(databaseName).toMatch(/^cordon_test_[0-9a-f]+$/);
    await t.close();
    expect(existsSync(t.dataDir)).toBe(false);
    if (databaseName) {
      const client = new pg.Client({ connectionString: saved });
      await client.connect();
      try {
        const found = await client.query('select 1 from pg_database where datname = $1', [databaseName]);
        expect(found.rowCount).toBe(0);
      } finally {
        await client.end();
      }
    }
  });

  it('names the URL when PostgreSQL is unreachable', async () => {
    process.env.DATABASE_URL = 'postgres://postgres:pw@127.0.0.1:1/test';
    await expect(createTestApp()).rejects.toThrow(/PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test is unreachable/);
  });
});
