import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppViewDto } from '../../shared/api/apps';
import { apiRoutes } from '../../shared/api/routes';
import {
  type TargetDatabase, type WorkspaceWithPeople, createAppWithQueries, createDatasource, createTargetDatabase, createWorkspaceWithPeople,
  expectStatus, publish, queryDef,
} from '../testing/dataTestKit';
import { headersFor } from '../testing/sessions';
import { type TestApp, createPostgresDatabase, createTestApp } from '../testing/testApp';
import { feedApplicationName } from '../store/postgresChangeFeed';

// Two Cordon instances on one PostgreSQL store, each caching access checks for up to a minute
// (CORDON_ACCESS_CACHE_MS=60000): a change made through one instance must still count on the other
// at once, because every instance announces its writes (NOTIFY) and every instance listens.
const serverUrl = process.env.DATABASE_URL ?? process.env.CORDON_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let store: { url: string; drop(): Promise<void> };
let first: TestApp;
let second: TestApp;
let target: TargetDatabase;
let ws: WorkspaceWithPeople;
let actionId: string;

beforeAll(async () => {
  store = await createPostgresDatabase(serverUrl);
  const env = { DATABASE_URL: store.url, CORDON_ACCESS_CACHE_MS: '60000' };
  [first, second, target] = await Promise.all([createTestApp(env), createTestApp(env), createTargetDatabase()]);
  ws = await createWorkspaceWithPeople(first.app);
  const datasourceId = (await createDatasource(first.app, ws.builder.cookie, ws.workspaceId, target)).id;
  const app = await createAppWithQueries(first.app, ws.builder.cookie, ws.workspaceId, [queryDef({ id: 'q1', name: 'Query1', datasourceId, body: 'select 1 as n' })]);
  await publish(first.app, ws.builder.cookie, app.id);
  actionId = expectStatus(await first.app.inject({ method: 'GET', url: apiRoutes.viewApp(app.id), headers: headersFor(ws.builder.cookie) }), 200).json<AppViewDto>().queries[0]!.id;
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  await store?.drop();
  await target?.drop();
});

const execute = (t: TestApp) => t.app.inject({ method: 'POST', url: apiRoutes.executeAction(actionId), headers: headersFor(ws.viewer.cookie), payload: { params: {} } });

/** Polls `check` every 20 ms until it holds; fails after `ms` (a deadline, not a timing claim). */
async function eventually(check: () => Promise<boolean> | boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not true after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('access checks cached on several instances', () => {
  it('a member removed through one instance is refused by the other long before its cache would expire', async () => {
    expectStatus(await execute(second), 200);
    expectStatus(await execute(second), 200); // now answered from the second instance's cache
    expectStatus(await first.app.inject({ method: 'DELETE', url: apiRoutes.member(ws.workspaceId, ws.viewer.userId), headers: headersFor(ws.builder.cookie) }), 204);
    await eventually(async () => (await execute(second)).statusCode === 404);
    expect((await execute(first)).statusCode).toBe(404);
  });

  it('stops trusting its cache while the LISTEN connection is down, and trusts it again once back', async () => {
    const changes = second.app.storeChanges;
    expect(changes.trusted).toBe(true);
    const admin = new pg.Client({ connectionString: store.url });
    await admin.connect();
    try {
      // Ends both instances' listeners, as a PostgreSQL restart or a network cut would.
      const ended = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = $1', [feedApplicationName]);
      expect(ended.rowCount).toBe(2);
    } finally {
      await admin.end();
    }
    await eventually(() => !changes.trusted);
    await eventually(() => changes.trusted);
    // And it hears the other instance again.
    const before = changes.version;
    await first.app.db.insertInto('security_settings').values({ id: 'feed-check', settings: '{}', updated_at: new Date().toISOString() }).execute();
    await eventually(() => changes.version > before);
  });
});
