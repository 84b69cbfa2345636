import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasourceDto } from '../../../shared/api/datasources';
import type { ExecuteResponse } from '../../../shared/api/execute';
import type { AppViewDto } from '../../../shared/api/apps';
import { apiRoutes } from '../../../shared/api/routes';
import { injectionPayloads } from '../../queries/injectionPayloads';
import {
  type WorkspaceWithPeople, createAppWithQueries, expectStatus, publish, queryDef, seededUsers,
} from '../../testing/dataTestKit';
import { headersFor } from '../../testing/sessions';
import type { TestApp } from '../../testing/testApp';
import { type MysqlTargetDatabase, createMysqlDatasource, createMysqlTarget, runningStatements, closeMysqlFixture, executeAsViewer, openMysqlFixture } from '../mysql/mysqlTestKit';
import { openStoredDatasource } from '../storedDatasource';

const secret = 'Pw-MARKER-m7q2x9';
let t: TestApp;
let ws: WorkspaceWithPeople;
let target: MysqlTargetDatabase;
let datasource: DatasourceDto;

beforeAll(async () => {
  ({ t, ws, target, datasource } = await openMysqlFixture());
});
afterAll(() => closeMysqlFixture({ t, target }));

const execute = (actionId: string, params: Record<string, unknown>) => executeAsViewer({ t, ws }, actionId, params);

async function published(queries: Parameters<typeof queryDef>[0][], datasourceId = datasource.id): Promise<{ appId: string; action: (name: string) => string }> {
  const app = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, queries.map((q) => queryDef({ datasourceId, ...q })));
  await publish(t.app, ws.builder.cookie, app.id);
  const dto = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.viewApp(app.id), headers: headersFor(ws.viewer.cookie) }), 200).json<AppViewDto>();
  return { appId: app.id, action: (name) => dto.queries.find((q) => q.name === name)!.id };
}

function draftRun(appId: string, queryId: string, params: Record<string, unknown> = {}) {
  return t.app.inject({ method: 'POST', url: apiRoutes.runDraftQuery(appId, queryId), headers: headersFor(ws.builder.cookie), payload: { params } });
}

describe('MySQL/MariaDB driver', () => {
  it('tests the connection, saved and as a draft', async () => {
    expect(expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.testDatasource(datasource.id), headers: headersFor(ws.builder.cookie) }), 200).json()).toMatchObject({ ok: true });
    const draft = await t.app.inject({
      method: 'POST', url: apiRoutes.testDatasourceDraft(ws.workspaceId), headers: headersFor(ws.builder.cookie),
      payload: { name: 'X', kind: 'mysql', config: { host: target.host, port: target.port, database: target.name, user: target.user }, secrets: {} },
    });
    expect(expectStatus(draft, 200).json()).toMatchObject({ ok: true });
  });

  it('runs a published query with typed prepared parameters', async () => {
    const { action } = await published([
      { id: 'q1', name: 'ByMin', body: 'select id, name from users where id >= {{ min }} order by id' },
      { id: 'q2', name: 'Quoted', body: "select id from users where name = '{{ n }}' or note like \"%{{ n }}%\" order by id" },
      { id: 'q3', name: 'Twice', body: 'select {{ a }} + {{ a }} as s, {{ b }} as b, {{ j }} as j, {{ arr }} as arr, {{ nothing }} as nothing' },
      { id: 'q4', name: 'Hash', body: 'select `id` from users # {{ ignored }}\nwhere id = {{ id }} -- {{ ignored2 }}' },
    ]);
    expect(expectStatus(await execute(action('ByMin'), { ' min ': 2 }), 200).json<ExecuteResponse>()).toMatchObject({
      rows: [{ id: 2, name: 'Grace' }, { id: 3, name: 'Linus' }], fields: [{ name: 'id' }, { name: 'name' }], rowCount: 2, truncated: false,
    });
    expect(expectStatus(await execute(action('Quoted'), { ' n ': 'Brien' }), 200).json<ExecuteResponse>().rows).toEqual([{ id: 2 }]);
    // A number sent for a quoted binding stays text: MySQL's `name = 0` would match every name.
    expect(expectStatus(await execute(action('Quoted'), { ' n ': 0 }), 200).json<ExecuteResponse>().rows).toEqual([]);
    const twice = expectStatus(await execute(action('Twice'), { ' a ': 2, ' b ': true, ' j ': { k: [1, 'x'] }, ' arr ': [1, 2], ' nothing ': null }), 200).json<ExecuteResponse>();
    expect(twice.rows).toEqual([{ s: 4, b: 1, j: '{"k":[1,"x"]}', arr: '[1,2]', nothing: null }]);
    expect(expectStatus(await execute(action('Hash'), { ' id ': 3 }), 200).json<ExecuteResponse>().rows).toEqual([{ id: 3 }]);
  });

  it('maps MySQL types to JSON-safe values', async () => {
    const { action } = await published([{
      id: 'q1', name: 'Types',
      body: "select cast(9007199254740993 as signed) as big, cast('12345678901234567890.125' as decimal(30,3)) as dec_, cast('2024-02-29 13:14:15' as datetime) as dt, "
        + "cast('2024-02-29' as date) as d, cast('10:11:12' as time) as tm, x'00ff10' as bin, 1.5e0 as dbl, true as t, null as n, 'ünïcødé ✓' as s",
    }]);
    const row = expectStatus(await execute(action('Types'), {}), 200).json<ExecuteResponse>().rows[0];
    expect(row).toEqual({
      big: '9007199254740993', dec_: '12345678901234567890.125', dt: '2024-02-29T13:14:15', d: '2024-02-29', tm: '10:11:12',
      bin: '\\x00ff10', dbl: 1.5, t: 1, n: null, s: 'ünïcødé ✓',
    });
  });

  it('shows MySQL’s message in a draft run and only the code in view mode', async () => {
    const marker = 'BODY_MARKER_77aa';
    const { appId, action } = await published([{ id: 'q1', name: 'Broken', body: `select * from missing_${marker}` }, { id: 'q2', name: 'Syntax', body: `selec ${marker}` }]);
    expect((await execute(action('Broken'), {})).json()).toEqual({ code: 'query_failed', message: 'The query failed (ER_NO_SUCH_TABLE).' });
    expect((await execute(action('Syntax'), {})).json()).toEqual({ code: 'query_failed', message: 'The query failed (ER_PARSE_ERROR).' });
    const drafted = await draftRun(appId, 'q1');
    expect(drafted.statusCode).toBe(400);
    expect(drafted.json<{ message: string }>().message).toMatch(/missing_BODY_MARKER_77aa.*doesn't exist \(ER_NO_SUCH_TABLE\)/);
  });

  it('masks the password in a draft run’s message, and logs in with it', async () => {
    const user = `cordon_${Date.now().toString(36)}`;
    await target.query(`create user '${user}'@'%' identified by '${secret}'`);
    let dsId = '';
    try {
      await target.query(`grant select on ${target.name}.* to '${user}'@'%'`);
      const ds = await createMysqlDatasource(t.app, ws.builder.cookie, ws.workspaceId, { ...target, user }, { name: 'With password', password: secret });
      dsId = ds.id;
      const app = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [
        queryDef({ id: 'q1', name: 'Echoing', datasourceId: ds.id, body: `selec '${secret}'` }),
        queryDef({ id: 'q2', name: 'Fine', datasourceId: ds.id, body: 'select current_user() like {{ u }} as me' }),
      ]);
      const drafted = await draftRun(app.id, 'q1');
      expect(drafted.statusCode).toBe(400);
      expect(drafted.body).not.toContain(secret);
      expect(drafted.json<{ message: string }>().message).toMatch(/\[secret\].*\(ER_PARSE_ERROR\)$/);
      expect(expectStatus(await draftRun(app.id, 'q2', { ' u ': `${user}@%` }), 200).json<ExecuteResponse>().rows).toEqual([{ me: 1 }]);
    } finally {
      if (dsId) await t.app.drivers.mysql!.evict(dsId);
      await target.query(`drop user '${user}'@'%'`);
    }
  });

  it('answers 502 with a fixed reason for an unreachable server or a refused login, without the password or user@host', async () => {
    const closed = await createMysqlDatasource(t.app, ws.builder.cookie, ws.workspaceId, { ...target, port: 1 }, { name: 'Closed', password: secret });
    const wrong = await createMysqlDatasource(t.app, ws.builder.cookie, ws.workspaceId, target, { name: 'Wrong', password: secret });
    for (const [ds, reason] of [[closed, 'the connection was refused'], [wrong, 'the user name or password was not accepted']] as const) {
      const tested = await t.app.inject({ method: 'POST', url: apiRoutes.testDatasource(ds.id), headers: headersFor(ws.builder.cookie) });
      expect(tested.statusCode).toBe(502);
      expect(tested.json()).toEqual({ code: 'datasource_unreachable', message: `Could not connect to the datasource: ${reason}.` });
      const { action } = await published([{ id: 'q1', name: 'Q', body: 'select 1' }], ds.id);
      const response = await execute(action('Q'), {});
      expect(response.statusCode).toBe(502);
      expect(response.body).not.toContain(secret);
      expect(response.body).not.toContain('@');
    }
  });

  it('asks for TLS when the datasource says so (a test server without TLS: 502 with a fixed reason)', async () => {
    const [row] = await target.query<{ tls: string }>('select @@have_ssl as tls');
    // This test is about a server without TLS, as the machine's MariaDB is by default.
    expect(row?.tls).toBe('DISABLED');
    for (const ssl of ['require', 'verify-full']) {
      const draft = await t.app.inject({
        method: 'POST', url: apiRoutes.testDatasourceDraft(ws.workspaceId), headers: headersFor(ws.builder.cookie),
        payload: { name: 'TLS', kind: 'mysql', config: { host: target.host, port: target.port, database: target.name, user: target.user, ssl }, secrets: { password: secret } },
      });
      expect([ssl, draft.statusCode, draft.json()]).toEqual([ssl, 502, { code: 'datasource_unreachable', message: 'Could not connect to the datasource: the server does not support TLS.' }]);
    }
  });

  it('stops a query at its time limit: KILL QUERY, and the statement is gone from the process list', async () => {
    const { action } = await published([{ id: 'q1', name: 'Slow', body: 'select sleep(5) as slept_cordon_t1', timeoutMs: 300 }]);
    const response = await execute(action('Slow'), {});
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ code: 'query_failed', message: 'The query was cancelled: it ran longer than its time limit of 300 ms.' });
    expect(await runningStatements('select sleep(5) as slept_cordon_t1')).toBe(0);
    // The pool still works afterwards.
    const { action: fast } = await published([{ id: 'q1', name: 'Fast', body: 'select 1 as one' }]);
    expect(expectStatus(await execute(fast('Fast'), {}), 200).json<ExecuteResponse>().rows).toEqual([{ one: 1 }]);
  });

  it('counts the wait for a free connection against the time limit', async () => {
    const busy = await createMysqlDatasource(t.app, ws.builder.cookie, ws.workspaceId, target, { name: 'Busy' });
    const { action } = await published([
      { id: 'q1', name: 'Hold', body: 'select sleep(2) as slept_cordon_t3' },
      { id: 'q2', name: 'Quick', body: 'select 1 as one', timeoutMs: 300 },
    ], busy.id);
    // The pool has 5 connections: 5 long statements take them all.
    const holding = Array.from({ length: 5 }, () => execute(action('Hold'), {}));
    while ((await runningStatements('select sleep(2) as slept_cordon_t3')) < 5) await new Promise((resolve) => setTimeout(resolve, 20));
    const waited = await execute(action('Quick'), {});
    expect(waited.json()).toEqual({ code: 'query_failed', message: 'The query was cancelled: it ran longer than its time limit of 300 ms.' });
    for (const response of await Promise.all(holding)) expect(response.statusCode).toBe(200);
    // The connection that came free after the limit went back to the pool.
    expect(expectStatus(await execute(action('Quick'), {}), 200).json<ExecuteResponse>().rows).toEqual([{ one: 1 }]);
  });

  it('stops a query when its signal aborts (Cancel, client gone)', async () => {
    const row = await t.app.db.selectFrom('datasources').selectAll().where('id', '=', datasource.id).executeTakeFirstOrThrow();
    const controller = new AbortController();
    const log = t.app.log;
    const running = t.app.drivers.mysql!.run(openStoredDatasource(t.app, row), {
      body: 'select sleep(5) as slept_cordon_t2', rest: undefined, preparedStatements: true, timeoutMs: 10_000,
    }, {}, { mode: 'view', signal: controller.signal, log });
    // Abort once MySQL is running it.
    while ((await runningStatements('select sleep(5) as slept_cordon_t2')) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'query_cancelled', status: 400 });
    expect(await runningStatements('select sleep(5) as slept_cordon_t2')).toBe(0);
  });

  it('keeps at most 5,000 rows and says the result was truncated', async () => {
    // MariaDB stops recursive CTEs at max_recursive_iterations (1,000 by default): a table of numbers instead.
    await target.query('create table numbers (i int primary key)');
    await target.query('insert into numbers (i) select seq from seq_1_to_6000');
    const { action } = await published([{ id: 'q1', name: 'Many', body: 'select i from numbers where i <= {{ count }} order by i' }]);
    const many = expectStatus(await execute(action('Many'), { ' count ': 6_000 }), 200).json<ExecuteResponse>();
    expect(many.rows).toHaveLength(5_000);
    expect(many).toMatchObject({ rowCount: 6_000, truncated: true });
    expect(many.rows[4_999]).toEqual({ i: 5_000 });
    const few = expectStatus(await execute(action('Many'), { ' count ': 5_000 }), 200).json<ExecuteResponse>();
    expect(few).toMatchObject({ rowCount: 5_000, truncated: false });
  });

  it('reports affected rows of a write', async () => {
    await target.query('create table if not exists notes (id int auto_increment primary key, body text)');
    const { action } = await published([{ id: 'q1', name: 'Insert', body: 'insert into notes (body) values ({{ a }}), ({{ b }})' }]);
    expect(expectStatus(await execute(action('Insert'), { ' a ': 'x', ' b ': 'y' }), 200).json<ExecuteResponse>()).toMatchObject({ rows: [], rowCount: 2 });
    expect(await target.query('select body from notes order by id')).toEqual([{ body: 'x' }, { body: 'y' }]);
  });

  it('rebuilds the pool when the datasource changes', async () => {
    const other = await createMysqlTarget();
    try {
      const ds = await createMysqlDatasource(t.app, ws.builder.cookie, ws.workspaceId, target, { name: 'Moving' });
      const { action } = await published([{ id: 'q1', name: 'Db', body: 'select database() as db' }], ds.id);
      expect(expectStatus(await execute(action('Db'), {}), 200).json<ExecuteResponse>().rows).toEqual([{ db: target.name }]);
      expectStatus(await t.app.inject({
        method: 'PATCH', url: apiRoutes.datasource(ds.id), headers: headersFor(ws.builder.cookie),
        payload: { config: { host: target.host, port: target.port, database: other.name, user: target.user, ssl: 'disable' } },
      }), 200);
      expect(expectStatus(await execute(action('Db'), {}), 200).json<ExecuteResponse>().rows).toEqual([{ db: other.name }]);
    } finally {
      await other.drop();
    }
  });

  it('refuses hand-written ? placeholders and bindings inside backtick identifiers', async () => {
    const appId = (await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [
      queryDef({ id: 'q1', name: 'Q', datasourceId: datasource.id, body: 'select * from users where id = ?' }),
      queryDef({ id: 'q2', name: 'Q2', datasourceId: datasource.id, body: 'select `{{ col }}` from users' }),
    ])).id;
    // Publishing refuses them too, naming the query.
    const refused = await t.app.inject({ method: 'POST', url: apiRoutes.publishApp(appId), headers: headersFor(ws.builder.cookie), payload: {} });
    expect(refused.json()).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/^Q cannot be published: placeholders/) });
    const q = await draftRun(appId, 'q1');
    expect(q.statusCode).toBe(400);
    expect(q.json<{ message: string }>().message).toMatch(/placeholders/);
    const q2 = await draftRun(appId, 'q2', { ' col ': 'id' });
    expect(q2.statusCode).toBe(400);
  });

  it('splices escaped literals safely when prepared statements are off, whatever the session sql_mode was', async () => {
    const { action } = await published([
      { id: 'q1', name: 'Spliced', preparedStatements: false, body: "select id from users where name = '{{ n }}' or name = \"{{ n }}\" or id = {{ i }}" },
      { id: 'q2', name: 'Echo', preparedStatements: false, body: 'select {{ n }} as v' },
      // A builder's statement may leave the pooled session in NO_BACKSLASH_ESCAPES and ANSI_QUOTES mode.
      { id: 'q3', name: 'Mode', preparedStatements: false, body: "set session sql_mode = 'NO_BACKSLASH_ESCAPES,ANSI_QUOTES'" },
    ]);
    expect(expectStatus(await execute(action('Spliced'), { ' n ': 'Grace', ' i ': 1 }), 200).json<ExecuteResponse>().rows).toEqual([{ id: 1 }, { id: 2 }]);
    const before = await target.checksum();
    for (const payload of injectionPayloads) {
      for (let i = 0; i < 5; i++) expectStatus(await execute(action('Mode'), {}), 200);
      expect([payload, expectStatus(await execute(action('Spliced'), { ' n ': payload, ' i ': null }), 200).json<ExecuteResponse>().rows]).toEqual([payload, []]);
      expect([payload, expectStatus(await execute(action('Echo'), { ' n ': payload }), 200).json<ExecuteResponse>().rows]).toEqual([payload, [{ v: payload }]]);
    }
    expect(await target.checksum()).toBe(before);
    expect(JSON.parse(before)).toEqual(seededUsers);
  });
});
