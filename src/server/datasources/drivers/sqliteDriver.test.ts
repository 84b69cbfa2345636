import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppViewDto } from '../../../shared/api/apps';
import type { DatasourceDto } from '../../../shared/api/datasources';
import type { ExecuteResponse } from '../../../shared/api/execute';
import { apiRoutes } from '../../../shared/api/routes';
import {
  type WorkspaceWithPeople, createAppWithQueries, createWorkspaceWithPeople, expectStatus, publish, queryDef,
} from '../../testing/dataTestKit';
import { headersFor } from '../../testing/sessions';
import { type TestApp, createTestApp } from '../../testing/testApp';
import { openStoredDatasource } from '../storedDatasource';

let t: TestApp;
let ws: WorkspaceWithPeople;
let databases: string;
let shop: DatasourceDto;

/** A long statement that SQLite runs in one step (no row comes back before its end). */
const longCount = 'with recursive c(x) as (select 1 union all select x + 1 from c where x < 2000000000) select count(*) as n from c';

function makeDatabase(file: string, sql: string): void {
  const db = new Database(path.join(databases, file));
  db.exec(sql);
  db.close();
}

beforeAll(async () => {
  t = await createTestApp();
  ws = await createWorkspaceWithPeople(t.app);
  databases = path.join(t.dataDir, 'databases');
  makeDatabase('shop.db', "create table users (id integer primary key, name text not null, note text); insert into users values (1, 'Ada', 'first'), (2, 'Grace', 'O''Brien''s'), (3, 'Linus', null);");
  mkdirSync(path.join(databases, 'nested'), { recursive: true });
  makeDatabase('nested/other.sqlite3', 'create table t (x int)');
  shop = await createSqlite('Shop', 'shop.db');
});
afterAll(async () => {
  await t?.close();
});

function createSqlite(name: string, file: string, readOnly = false) {
  return t.app.inject({
    method: 'POST', url: apiRoutes.datasources(ws.workspaceId), headers: headersFor(ws.builder.cookie),
    payload: { name, kind: 'sqlite', config: { file, readOnly } },
  }).then((response) => expectStatus(response, 201).json<DatasourceDto>());
}

function execute(actionId: string, params: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: apiRoutes.executeAction(actionId), headers: headersFor(ws.viewer.cookie), payload: { params } });
}

async function published(datasourceId: string, queries: Parameters<typeof queryDef>[0][]): Promise<{ appId: string; action: (name: string) => string }> {
  const app = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, queries.map((q) => queryDef({ datasourceId, ...q })));
  await publish(t.app, ws.builder.cookie, app.id);
  const dto = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.viewApp(app.id), headers: headersFor(ws.viewer.cookie) }), 200).json<AppViewDto>();
  return { appId: app.id, action: (name) => dto.queries.find((q) => q.name === name)!.id };
}

/** SQLite child processes of this test process. */
function sqliteChildren(): number {
  const out = execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes('CORDON_SQLITE_MODULE')).length;
}

async function waitForNoChildren(): Promise<number> {
  for (let i = 0; i < 100 && sqliteChildren() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return sqliteChildren();
}

describe('SQLite paths', () => {
  it('refuses files outside DATA_DIR/databases, URIs, odd names and non-databases (400 path_refused)', async () => {
    writeFileSync(path.join(databases, 'notes.db'), 'this is not a database, just text that is long enough');
    writeFileSync(path.join(t.dataDir, 'outside.db'), '');
    symlinkSync('/etc/passwd', path.join(databases, 'passwd.db'));
    symlinkSync(path.join(t.dataDir, 'outside.db'), path.join(databases, 'outside-link.db'));
    symlinkSync(path.join(databases, 'shop.db'), path.join(databases, 'inside-link.db'));
    symlinkSync(t.dataDir, path.join(databases, 'up'));
    mkdirSync(path.join(databases, 'folder.db'));
    const refused = [
      '../x.db', '/etc/passwd', 'a/../../x', '../outside.db', 'nested/../../outside.db', 'passwd.db', 'outside-link.db', 'inside-link.db',
      'up/outside.db', 'file:x.db?mode=rwc', 'file:shop.db', ':memory:', 'shop.db\0.txt', 'notes.db', 'folder.db', 'missing.db', './shop.db',
      'nested//other.sqlite3', 'C:\\x.db', '..\\shop.db', '..', `${t.dataDir}/databases/shop.db`,
    ];
    for (const file of refused) {
      const response = await t.app.inject({
        method: 'POST', url: apiRoutes.datasources(ws.workspaceId), headers: headersFor(ws.builder.cookie),
        payload: { name: `Refused ${file.length}`, kind: 'sqlite', config: { file } },
      });
      expect([file, response.statusCode, response.json<{ code: string }>().code]).toEqual([file, 400, 'path_refused']);
      expect(response.body).not.toContain('root:');
      const draft = await t.app.inject({
        method: 'POST', url: apiRoutes.testDatasourceDraft(ws.workspaceId), headers: headersFor(ws.builder.cookie),
        payload: { name: 'Draft', kind: 'sqlite', config: { file } },
      });
      expect([file, draft.statusCode]).toEqual([file, 400]);
    }
    // A change to a refused path is refused too.
    const patched = await t.app.inject({ method: 'PATCH', url: apiRoutes.datasource(shop.id), headers: headersFor(ws.builder.cookie), payload: { config: { file: '../x.db' } } });
    expect(patched.json()).toMatchObject({ code: 'path_refused' });
  });

  it('lists the database files for Developers only', async () => {
    const response = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.sqliteFiles(ws.workspaceId), headers: headersFor(ws.builder.cookie) }), 200);
    expect(response.json<{ files: string[] }>().files).toEqual(expect.arrayContaining(['nested/other.sqlite3', 'shop.db']));
    expect(response.json<{ files: string[] }>().files.some((f) => f.includes('..'))).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: apiRoutes.sqliteFiles(ws.workspaceId), headers: headersFor(ws.viewer.cookie) })).statusCode).toBe(403);
  });
});

describe('SQLite driver', () => {
  it('tests the connection and runs a published query with typed parameters', async () => {
    expect(expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.testDatasource(shop.id), headers: headersFor(ws.builder.cookie) }), 200).json()).toMatchObject({ ok: true });
    const { action } = await published(shop.id, [
      { id: 'q1', name: 'ByMin', body: 'select id, name from users where id >= {{ min }} order by id' },
      { id: 'q2', name: 'Like', body: "select id from users where note like '%{{ q }}%' order by id" },
      { id: 'q3', name: 'Values', body: 'select {{ a }} + {{ a }} as s, {{ b }} as b, {{ j }} as j, {{ arr }} as arr, {{ n }} as n, typeof({{ a }}) as ta, typeof({{ f }}) as tf' },
      { id: 'q4', name: 'InList', body: 'select name from users where id in (select value from json_each({{ ids }})) order by id' },
    ]);
    expect(expectStatus(await execute(action('ByMin'), { ' min ': 2 }), 200).json<ExecuteResponse>()).toMatchObject({
      rows: [{ id: 2, name: 'Grace' }, { id: 3, name: 'Linus' }], fields: [{ name: 'id' }, { name: 'name' }], rowCount: 2, truncated: false,
    });
    expect(expectStatus(await execute(action('Like'), { ' q ': "'Brien" }), 200).json<ExecuteResponse>().rows).toEqual([{ id: 2 }]);
    expect(expectStatus(await execute(action('Values'), { ' a ': 2, ' b ': true, ' j ': { k: 1 }, ' arr ': [1, 'x'], ' n ': null, ' f ': 1.5 }), 200).json<ExecuteResponse>().rows)
      .toEqual([{ s: 4, b: 1, j: '{"k":1}', arr: '[1,"x"]', n: null, ta: 'integer', tf: 'real' }]);
    expect(expectStatus(await execute(action('InList'), { ' ids ': [1, 3] }), 200).json<ExecuteResponse>().rows).toEqual([{ name: 'Ada' }, { name: 'Linus' }]);
  });

  it('maps SQLite values to JSON-safe values', async () => {
    const { action } = await published(shop.id, [{ id: 'q1', name: 'Types', body: "select 9007199254740993 as big, 42 as small, 1.25 as r, x'00ff' as blob, 'ünï ✓' as s, null as n, 1e999 as inf" }]);
    expect(expectStatus(await execute(action('Types'), {}), 200).json<ExecuteResponse>().rows).toEqual([
      { big: '9007199254740993', small: 42, r: 1.25, blob: '\\x00ff', s: 'ünï ✓', n: null, inf: 'Infinity' },
    ]);
  });

  it('shows SQLite’s message in a draft run and only the code in view mode', async () => {
    const { appId, action } = await published(shop.id, [{ id: 'q1', name: 'Broken', body: 'select * from missing_MARKER_51' }]);
    expect((await execute(action('Broken'), {})).json()).toEqual({ code: 'query_failed', message: 'The query failed (SQLITE_ERROR).' });
    const drafted = await t.app.inject({ method: 'POST', url: apiRoutes.runDraftQuery(appId, 'q1'), headers: headersFor(ws.builder.cookie), payload: { params: {} } });
    expect(drafted.json<{ message: string }>().message).toBe('no such table: missing_MARKER_51 (SQLITE_ERROR)');
  });

  it('keeps at most 5,000 rows and says the result was truncated', async () => {
    const { action } = await published(shop.id, [{ id: 'q1', name: 'Many', body: 'with recursive n(i) as (select 1 union all select i + 1 from n where i < {{ count }}) select i from n' }]);
    const many = expectStatus(await execute(action('Many'), { ' count ': 6_000 }), 200).json<ExecuteResponse>();
    expect(many.rows).toHaveLength(5_000);
    expect(many).toMatchObject({ rowCount: 6_000, truncated: true });
    expect(many.rows[4_999]).toEqual({ i: 5_000 });
    expect(expectStatus(await execute(action('Many'), { ' count ': 5_000 }), 200).json<ExecuteResponse>()).toMatchObject({ rowCount: 5_000, truncated: false });
  });

  it('stops a long statement at its time limit by killing its process, while other queries still run', async () => {
    const other = await createSqlite('Other', 'nested/other.sqlite3');
    const { action } = await published(shop.id, [{ id: 'q1', name: 'Slow', body: longCount, timeoutMs: 2_000 }]);
    const { action: quick } = await published(other.id, [{ id: 'q1', name: 'Quick', body: 'select 1 as one' }]);
    let slowDone = false;
    const slow = execute(action('Slow'), {}).then((response) => {
      slowDone = true;
      return response;
    });
    // The server's event loop is free: another datasource answers while the long statement runs.
    expect(expectStatus(await execute(quick('Quick'), {}), 200).json<ExecuteResponse>().rows).toEqual([{ one: 1 }]);
    expect(slowDone).toBe(false);
    const response = await slow;
    expect(response.json()).toEqual({ code: 'query_failed', message: 'The query was cancelled: it ran longer than its time limit of 2000 ms.' });
    // Nothing keeps computing: only the quick datasource's idle process may remain, and closing it leaves none.
    await t.app.drivers.sqlite!.evict(other.id);
    expect(await waitForNoChildren()).toBe(0);
    // The datasource works again (a fresh process).
    const { action: again } = await published(shop.id, [{ id: 'q1', name: 'Again', body: 'select count(*) as n from users' }]);
    expect(expectStatus(await execute(again('Again'), {}), 200).json<ExecuteResponse>().rows).toEqual([{ n: 3 }]);
  });

  it('stops a long statement when its signal aborts', async () => {
    const row = await t.app.db.selectFrom('datasources').selectAll().where('id', '=', shop.id).executeTakeFirstOrThrow();
    // No idle process left from earlier tests: the one that appears next runs the long statement.
    await t.app.drivers.sqlite!.evict(shop.id);
    expect(await waitForNoChildren()).toBe(0);
    const controller = new AbortController();
    const running = t.app.drivers.sqlite!.run(openStoredDatasource(t.app, row), { body: longCount, rest: undefined, preparedStatements: true, timeoutMs: 60_000 }, {}, {
      mode: 'view', signal: controller.signal, log: t.app.log,
    });
    while (sqliteChildren() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    await expect(running).rejects.toMatchObject({ status: 400, code: 'query_cancelled' });
    expect(await waitForNoChildren()).toBe(0);
  });

  it('opens a read-only datasource read-only, and refuses ATTACH and VACUUM INTO', async () => {
    const readOnly = await createSqlite('Read only', 'shop.db', true);
    const { appId, action } = await published(readOnly.id, [
      { id: 'q1', name: 'Write', body: "insert into users (id, name) values (9, 'Eve')" },
      { id: 'q2', name: 'Read', body: 'select count(*) as n from users' },
      { id: 'q3', name: 'Attach', body: `attach database '${t.dataDir}/cordon.sqlite' as store` },
      { id: 'q4', name: 'Vacuum', body: "vacuum /* x */ into '/tmp/copy.db'" },
    ]);
    expect((await execute(action('Write'), {})).json()).toEqual({ code: 'query_failed', message: 'The query failed (SQLITE_READONLY).' });
    expect(expectStatus(await execute(action('Read'), {}), 200).json<ExecuteResponse>().rows).toEqual([{ n: 3 }]);
    for (const name of ['Attach', 'Vacuum']) {
      expect((await execute(action(name), {})).json()).toMatchObject({ code: 'query_failed', message: expect.stringMatching(/ATTACH and VACUUM INTO are not allowed/) });
    }
    const drafted = await t.app.inject({ method: 'POST', url: apiRoutes.runDraftQuery(appId, 'q1'), headers: headersFor(ws.builder.cookie), payload: { params: {} } });
    expect(drafted.json<{ message: string }>().message).toMatch(/readonly database \(SQLITE_READONLY\)/);
  });
});

describe('sample database', () => {
  it('is created with one click, again returns the same, and a published app can query it', async () => {
    const other = await createWorkspaceWithPeople(t.app);
    const created = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.sampleDatasource(other.workspaceId), headers: headersFor(other.builder.cookie), payload: {} }), 201).json<DatasourceDto>();
    expect(created).toMatchObject({ name: 'Sample database', kind: 'sqlite', workspaceId: other.workspaceId, config: { file: expect.stringMatching(new RegExp(`^sample-${other.workspaceId}-[0-9a-f]{16}\\.sqlite$`)), readOnly: false }, secrets: {} });
    const again = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.sampleDatasource(other.workspaceId), headers: headersFor(other.builder.cookie), payload: {} }), 200).json<DatasourceDto>();
    expect(again.id).toBe(created.id);
    expect((await t.app.inject({ method: 'POST', url: apiRoutes.sampleDatasource(other.workspaceId), headers: headersFor(other.viewer.cookie), payload: {} })).statusCode).toBe(403);
    // Its file is listed in its own workspace only.
    const listed = (cookie: string, workspaceId: string) => t.app.inject({ method: 'GET', url: apiRoutes.sqliteFiles(workspaceId), headers: headersFor(cookie) })
      .then((response) => expectStatus(response, 200).json<{ files: string[] }>().files);
    expect(await listed(other.builder.cookie, other.workspaceId)).toContain((created.config as { file: string }).file);
    expect(await listed(ws.builder.cookie, ws.workspaceId)).not.toContain((created.config as { file: string }).file);

    const app = await createAppWithQueries(t.app, other.builder.cookie, other.workspaceId, [
      queryDef({ id: 'q1', name: 'Counts', datasourceId: created.id, body: 'select (select count(*) from customers) as customers, (select count(*) from products) as products, (select count(*) from orders) as orders, (select count(*) from order_items) as items' }),
      queryDef({ id: 'q2', name: 'OrdersOf', datasourceId: created.id, body: 'select o.id, o.status, sum(i.quantity * i.unit_price) as total from orders o join order_items i on i.order_id = o.id join customers c on c.id = o.customer_id where c.email = {{ email }} group by o.id order by o.id' }),
    ]);
    await publish(t.app, other.builder.cookie, app.id);
    const dto = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.viewApp(app.id), headers: headersFor(other.viewer.cookie) }), 200).json<AppViewDto>();
    const run = (name: string, params: Record<string, unknown>) => t.app.inject({
      method: 'POST', url: apiRoutes.executeAction(dto.queries.find((q) => q.name === name)!.id), headers: headersFor(other.viewer.cookie), payload: { params },
    });
    expect(expectStatus(await run('Counts', {}), 200).json<ExecuteResponse>().rows).toEqual([{ customers: 30, products: 20, orders: 80, items: 160 }]);
    const orders = expectStatus(await run('OrdersOf', { ' email ': 'grace@example.com' }), 200).json<ExecuteResponse>();
    expect(orders.rows.length).toBeGreaterThan(0);
    expect(orders.rows.every((r) => typeof r.total === 'number' && ['pending', 'shipped', 'delivered', 'cancelled'].includes(String(r.status)))).toBe(true);

    // Another datasource already called "Sample database": 409.
    const third = await createWorkspaceWithPeople(t.app);
    expectStatus(await t.app.inject({
      method: 'POST', url: apiRoutes.datasources(third.workspaceId), headers: headersFor(third.builder.cookie),
      payload: { name: 'Sample database', kind: 'sqlite', config: { file: 'shop.db' } },
    }), 201);
    expect((await t.app.inject({ method: 'POST', url: apiRoutes.sampleDatasource(third.workspaceId), headers: headersFor(third.builder.cookie), payload: {} })).statusCode).toBe(409);
  });

  it('is the same database every time', () => {
    const dump = (file: string) => {
      const db = new Database(path.join(databases, file), { readonly: true });
      try {
        return JSON.stringify(['customers', 'products', 'orders', 'order_items'].map((table) => db.prepare(`select * from ${table} order by id`).all()));
      } finally {
        db.close();
      }
    };
    const files = execFileSync('ls', [databases], { encoding: 'utf8' }).split('\n').filter((f) => f.startsWith('sample-'));
    expect(files.length).toBeGreaterThanOrEqual(1);
    expect(new Set(files.map(dump)).size).toBe(1);
  });
});
