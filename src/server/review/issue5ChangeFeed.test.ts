import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreChanges } from '../store/StoreChanges';
import { type PostgresChangeFeed, feedApplicationName, startPostgresChangeFeed } from '../store/postgresChangeFeed';
import { createPostgresDatabase } from '../testing/testApp';

// Review of issue 5 (the execute route's access cache): every instance on one PostgreSQL store
// must hear every write of every other instance. An instance whose LISTEN connection is down
// stops trusting its own cache, but its writes must still be announced: the other instances,
// which are listening, would otherwise keep serving a revoked grant until their TTL.
const serverUrl = process.env.DATABASE_URL ?? process.env.CORDON_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const quiet = { warn: () => {} };

let store: { url: string; drop(): Promise<void> };
const feeds: PostgresChangeFeed[] = [];

beforeAll(async () => {
  store = await createPostgresDatabase(serverUrl);
});
afterAll(async () => {
  for (const feed of feeds) await feed.close();
  await store?.drop();
});

async function listenerPids(admin: pg.Client): Promise<number[]> {
  const result = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and application_name = $1', [feedApplicationName]);
  return result.rows.map((row) => row.pid);
}

async function eventually(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`still not true after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('store change feed', () => {
  it('announces a write made while its own LISTEN connection is down', async () => {
    const admin = new pg.Client({ connectionString: store.url });
    await admin.connect();
    try {
      const listening = new StoreChanges();
      feeds.push(await startPostgresChangeFeed(store.url, listening, quiet));
      const before = await listenerPids(admin);
      const writer = new StoreChanges();
      feeds.push(await startPostgresChangeFeed(store.url, writer, quiet));
      const writersListener = (await listenerPids(admin)).filter((pid) => !before.includes(pid));
      expect(writersListener).toHaveLength(1);

      await admin.query('select pg_terminate_backend($1)', [writersListener[0]]);
      await eventually(() => !writer.trusted);
      // The writing instance commits a write (e.g. a removed member) before its listener is back.
      const heard = listening.version;
      writer.changed('local');
      await eventually(() => listening.version > heard);
      expect(listening.trusted).toBe(true);
    } finally {
      await admin.end();
    }
  });
});
