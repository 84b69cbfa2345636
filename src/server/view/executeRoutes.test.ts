import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppExport } from '../../shared/api/appExport';
import type { AppEditDto, AppViewDto } from '../../shared/api/apps';
import type { ExecuteResponse } from '../../shared/api/execute';
import { apiRoutes } from '../../shared/api/routes';
import { injectionPayloads } from '../queries/injectionPayloads';
import {
  type TargetDatabase, type WorkspaceWithPeople, createAppWithQueries, createDatasource, createTargetDatabase, createWorkspaceWithPeople,
  expectStatus, publish, queryDef, seededUsers,
} from '../testing/dataTestKit';
import { headersFor } from '../testing/sessions';
import { type TestApp, createTestApp } from '../testing/testApp';

const bodyMarker = 'BODY_MARKER_4b1d';
const secret = 'Pw-MARKER-e5c2d8aa';
let t: TestApp;
let ws: WorkspaceWithPeople;
let target: TargetDatabase;
let datasourceId: string;

beforeAll(async () => {
  [t, target] = await Promise.all([createTestApp(), createTargetDatabase()]);
  ws = await createWorkspaceWithPeople(t.app);
  datasourceId = (await createDatasource(t.app, ws.builder.cookie, ws.workspaceId, target, { password: secret })).id;
});
afterAll(async () => {
  await t.close();
  await target.drop();
});

async function view(appId: string, cookie = ws.viewer.cookie): Promise<AppViewDto> {
  return expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.viewApp(appId), headers: headersFor(cookie) }), 200).json<AppViewDto>();
}

function execute(actionId: string, params: Record<string, unknown>, cookie = ws.viewer.cookie) {
  return t.app.inject({ method: 'POST', url: apiRoutes.executeAction(actionId), headers: headersFor(cookie), payload: { params } });
}

async function publishedApp(queries: Parameters<typeof queryDef>[0][]): Promise<{ app: AppEditDto; dto: AppViewDto }> {
  const app = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, queries.map((q) => queryDef({ datasourceId, ...q })));
  await publish(t.app, ws.builder.cookie, app.id);
  return { app, dto: await view(app.id) };
}

describe('view and execute', () => {
  it('gives viewers a DTO without bodies, datasources or secrets', async () => {
    const { dto } = await publishedApp([{ id: 'q1', name: 'Query1', body: `select * from users /* ${bodyMarker} */ where id = {{ Table1.selectedRow.id }}` }]);
    const json = JSON.stringify(dto);
    expect(json).not.toContain(bodyMarker);
    expect(json).not.toContain(secret);
    expect(json).not.toContain(datasourceId);
    expect(json).not.toContain('from users');
    expect(Object.keys(dto).sort()).toEqual(['app', 'jsObjects', 'pages', 'publishedAt', 'queries', 'role', 'settings']);
    expect(Object.keys(dto.queries[0] ?? {}).sort()).toEqual(['bindings', 'confirm', 'id', 'name', 'runOnLoad', 'timeoutMs']);
    expect(dto.queries[0]?.id).not.toBe('q1');
  });

  it('carries the app settings to viewers: the default for a document without them, the saved value otherwise', async () => {
    const app = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, []);
    // A document as stored before settings existed: no `settings` key at all.
    const { settings: _omitted, ...old } = app.document;
    const put = (version: number, document: unknown) => t.app.inject({ method: 'PUT', url: apiRoutes.app(app.id), headers: headersFor(ws.builder.cookie), payload: { version, document } });
    const oldSaved = expectStatus(await put(app.version, old), 200).json<{ version: number }>();
    await publish(t.app, ws.builder.cookie, app.id);
    expect((await view(app.id)).settings).toEqual({ handlerTimeoutMs: 5_000 });

    expect((await put(oldSaved.version, { ...old, settings: { handlerTimeoutMs: 500 } })).statusCode).toBe(400);
    expect((await put(oldSaved.version, { ...old, settings: { handlerTimeoutMs: 30_000, extra: 1 } })).statusCode).toBe(400);
    expectStatus(await put(oldSaved.version, { ...old, settings: { handlerTimeoutMs: 30_000 } }), 200);
    // The viewer sees the published snapshot until the next publish.
    expect((await view(app.id)).settings).toEqual({ handlerTimeoutMs: 5_000 });
    await publish(t.app, ws.builder.cookie, app.id);
    expect((await view(app.id)).settings).toEqual({ handlerTimeoutMs: 30_000 });
  });

  it('runs the published body with typed parameters', async () => {
    const { dto } = await publishedApp([{ id: 'q1', name: 'Query1', body: 'select id, name from users where id >= {{ min }} order by id' }]);
    const response = expectStatus(await execute(dto.queries[0]!.id, { ' min ': 2 }), 200).json<ExecuteResponse>();
    expect(response).toMatchObject({ rows: [{ id: 2, name: 'Grace' }, { id: 3, name: 'Linus' }], fields: [{ name: 'id' }, { name: 'name' }], rowCount: 2, truncated: false });
    const list = await publishedApp([{ id: 'q1', name: 'Query1', body: 'select name from users where id = any({{ ids }}) and {{ flag }} order by id' }]);
    const listed = expectStatus(await execute(list.dto.queries[0]!.id, { ' ids ': [1, 3], ' flag ': true }), 200).json<ExecuteResponse>();
    expect(listed.rows).toEqual([{ name: 'Ada' }, { name: 'Linus' }]);
  });

  it('keeps running the PUBLISHED body after the draft changed, and cannot reach the draft', async () => {
    const { app, dto } = await publishedApp([{ id: 'q1', name: 'Query1', body: "select 'published' as v" }]);
    const document = { ...app.document, queries: [queryDef({ id: 'q1', name: 'Query1', datasourceId, body: "select 'draft' as v" })] };
    expectStatus(await t.app.inject({ method: 'PUT', url: apiRoutes.app(app.id), headers: headersFor(ws.builder.cookie), payload: { version: app.version, document } }), 200);

    const actionId = dto.queries[0]!.id;
    expect(expectStatus(await execute(actionId, {}), 200).json<ExecuteResponse>().rows).toEqual([{ v: 'published' }]);
    // There is no flag to ask for the draft: an unknown body field is refused.
    expect((await t.app.inject({ method: 'POST', url: apiRoutes.executeAction(actionId), headers: headersFor(ws.viewer.cookie), payload: { params: {}, viewMode: false } })).statusCode).toBe(400);
    // The draft query id is not an action id.
    expect((await execute('q1', {})).statusCode).toBe(404);
    // The builder's draft run sees the draft; a viewer may not use it.
    const draft = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.runDraftQuery(app.id, 'q1'), headers: headersFor(ws.builder.cookie), payload: { params: {} } }), 200);
    expect(draft.json<ExecuteResponse>().rows).toEqual([{ v: 'draft' }]);
    expect((await t.app.inject({ method: 'POST', url: apiRoutes.runDraftQuery(app.id, 'q1'), headers: headersFor(ws.viewer.cookie), payload: { params: {} } })).statusCode).toBe(403);
    // Publishing again gives new action ids; the old one is gone.
    await publish(t.app, ws.builder.cookie, app.id);
    expect((await execute(actionId, {})).statusCode).toBe(404);
    const again = await view(app.id);
    expect(expectStatus(await execute(again.queries[0]!.id, {}), 200).json<ExecuteResponse>().rows).toEqual([{ v: 'draft' }]);
  });

  it('requires exactly the bindings as params', async () => {
    const { dto } = await publishedApp([{ id: 'q1', name: 'Query1', body: 'select {{ a }}::int + {{b}}::int as s, {{ a }}::int as a' }]);
    const id = dto.queries[0]!.id;
    expect(dto.queries[0]?.bindings).toEqual([' a ', 'b']);
    const missing = await execute(id, { ' a ': 1 });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'missing_param' });
    const unknown = await execute(id, { ' a ': 1, b: 2, c: 3 });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'unknown_param' });
    expect(expectStatus(await execute(id, { ' a ': 1, b: 2 }), 200).json<ExecuteResponse>().rows).toEqual([{ s: 3, a: 1 }]);
  });

  it('does not let a viewer run an action of another workspace (404)', async () => {
    const other = await createWorkspaceWithPeople(t.app);
    const otherDs = await createDatasource(t.app, other.builder.cookie, other.workspaceId, target, { password: secret });
    const otherApp = await createAppWithQueries(t.app, other.builder.cookie, other.workspaceId, [queryDef({ id: 'q1', name: 'Query1', datasourceId: otherDs.id, body: 'select * from users' })]);
    await publish(t.app, other.builder.cookie, otherApp.id);
    const actionId = (await view(otherApp.id, other.viewer.cookie)).queries[0]!.id;
    expect((await execute(actionId, {}, ws.viewer.cookie)).statusCode).toBe(404);
    expect((await execute(actionId, {}, ws.builder.cookie)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: apiRoutes.viewApp(otherApp.id), headers: headersFor(ws.viewer.cookie) })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: apiRoutes.executeAction(actionId), payload: { params: {} } })).statusCode).toBe(401);
    expect((await execute(actionId, {}, other.viewer.cookie)).statusCode).toBe(200);
  });

  it('does not let an app use a datasource of another workspace', async () => {
    const other = await createWorkspaceWithPeople(t.app);
    const foreign = await createDatasource(t.app, other.builder.cookie, other.workspaceId, target, { password: secret });
    const { dto } = await publishedApp([{ id: 'q1', name: 'Query1', datasourceId: foreign.id, body: 'select 1 as one' }]);
    const response = await execute(dto.queries[0]!.id, {});
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'query_failed' });
  });

  it(`treats ${injectionPayloads.length} injection payloads as plain values`, async () => {
    expect(injectionPayloads.length).toBeGreaterThanOrEqual(20);
    const { dto } = await publishedApp([
      { id: 'q1', name: 'ByName', body: 'select id from users where name = {{ Input1.text }}' },
      { id: 'q2', name: 'ByQuoted', body: "select id from users where name = '{{ Input1.text }}'" },
      { id: 'q3', name: 'ByLike', body: "select id from users where note ilike '%{{ Input1.text }}%'" },
      { id: 'q4', name: 'Echo', body: 'select {{ Input1.text }}::text as v' },
    ]);
    const action = (name: string) => dto.queries.find((q) => q.name === name)!.id;
    for (const payload of injectionPayloads) {
      const params = { ' Input1.text ': payload };
      for (const name of ['ByName', 'ByQuoted']) {
        const response = expectStatus(await execute(action(name), params), 200).json<ExecuteResponse>();
        expect([payload, name, response.rows]).toEqual([payload, name, []]);
      }
      const like = expectStatus(await execute(action('ByLike'), params), 200).json<ExecuteResponse>();
      // LIKE wildcards and its backslash escape are pattern syntax, not injection: count only plain payloads exactly.
      if (!/[%_\\]/.test(payload)) {
        expect([payload, like.rows.length]).toEqual([payload, seededUsers.filter((u) => u.note?.toLowerCase().includes(payload.toLowerCase())).length]);
      } else {
        expect(like.rows.length).toBeLessThanOrEqual(seededUsers.length);
      }
      expect(expectStatus(await execute(action('Echo'), params), 200).json<ExecuteResponse>().rows).toEqual([{ v: payload }]);
    }
    expect(await target.query('select id, name, note from users order by id')).toEqual(seededUsers);
    expect(await target.query("select count(*)::int as n from pg_tables where schemaname = 'public'")).toEqual([{ n: 1 }]);
  });

  it('keeps a number param a number, and a payload in a numeric slot fails cleanly', async () => {
    const { dto } = await publishedApp([{ id: 'q1', name: 'Query1', body: 'select name from users where id = {{ id }}' }]);
    const id = dto.queries[0]!.id;
    expect(expectStatus(await execute(id, { ' id ': 1 }), 200).json<ExecuteResponse>().rows).toEqual([{ name: 'Ada' }]);
    const refused = await execute(id, { ' id ': '1 or 1=1' });
    expect(refused.statusCode).toBe(400);
    // View mode: the SQLSTATE only, never PostgreSQL's text (which would echo the value).
    expect(refused.json()).toEqual({ code: 'query_failed', message: 'The query failed (SQLSTATE 22P02).' });
  });

  it('cancels a query at its time limit', async () => {
    const { dto } = await publishedApp([{ id: 'q1', name: 'Slow', body: 'select pg_sleep(5)', timeoutMs: 500 }]);
    const started = Date.now();
    const response = await execute(dto.queries[0]!.id, {});
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'query_failed' });
    expect(response.json<{ message: string }>().message).toMatch(/time limit of 500 ms/);
  });

  it('shows PostgreSQL’s message in a draft run but not in view mode', async () => {
    const { app, dto } = await publishedApp([{ id: 'q1', name: 'Query1', body: `select * from missing_${bodyMarker}` }]);
    const viewed = await execute(dto.queries[0]!.id, {});
    expect(viewed.json()).toEqual({ code: 'query_failed', message: 'The query failed (SQLSTATE 42P01).' });
    const drafted = await t.app.inject({ method: 'POST', url: apiRoutes.runDraftQuery(app.id, 'q1'), headers: headersFor(ws.builder.cookie), payload: { params: {} } });
    expect(drafted.statusCode).toBe(400);
    expect(drafted.json<{ message: string }>().message).toMatch(/relation .* does not exist.*SQLSTATE 42P01/);
  });

  it('splices escaped literals when the builder turned prepared statements off', async () => {
    const { dto } = await publishedApp([{ id: 'q1', name: 'Query1', preparedStatements: false, body: "select id from users where name = '{{ n }}' or id = {{ i }}" }]);
    const id = dto.queries[0]!.id;
    expect(expectStatus(await execute(id, { ' n ': 'Grace', ' i ': 1 }), 200).json<ExecuteResponse>().rows).toEqual([{ id: 1 }, { id: 2 }]);
    for (const payload of injectionPayloads) {
      expect(expectStatus(await execute(id, { ' n ': payload, ' i ': null }), 200).json<ExecuteResponse>().rows).toEqual([]);
    }
    expect(await target.query('select id, name, note from users order by id')).toEqual(seededUsers);
  });

  it('answers 502 when the datasource is unreachable, without the password', async () => {
    const closed = await createDatasource(t.app, ws.builder.cookie, ws.workspaceId, { ...target, port: 1 }, { name: 'Closed', password: secret });
    const { dto } = await publishedApp([{ id: 'q1', name: 'Query1', datasourceId: closed.id, body: 'select 1' }]);
    const response = await execute(dto.queries[0]!.id, {});
    expect(response.statusCode).toBe(502);
    expect(response.json()).toMatchObject({ code: 'datasource_unreachable' });
    expect(response.body).not.toContain(secret);
  });

  it('exports without secrets and imports with datasources matched by name', async () => {
    const { app } = await publishedApp([{ id: 'q1', name: 'Query1', body: 'select 1 as one' }]);
    const response = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.exportApp(app.id), headers: headersFor(ws.builder.cookie) }), 200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="Orders.cordon.json"; filename*=UTF-8\'\'Orders.cordon.json');
    expect(response.body).not.toContain(secret);
    expect(response.body).not.toContain('v1.');
    const file = response.json<AppExport>();
    expect(file.datasources).toEqual([{ id: datasourceId, name: 'Main DB', kind: 'postgres', config: expect.objectContaining({ database: target.name }) }]);

    // Same workspace: reconnected by name.
    const same = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.importApp(ws.workspaceId), headers: headersFor(ws.builder.cookie), payload: file }), 201).json<AppEditDto>();
    expect(same.id).not.toBe(app.id);
    expect(same.version).toBe(1);
    expect(same.publishedAt).toBeNull();
    expect(same.document.queries[0]?.datasourceId).toBe(datasourceId);

    // Another workspace: one datasource of that name is found, otherwise null.
    const other = await createWorkspaceWithPeople(t.app);
    const lonely = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.importApp(other.workspaceId), headers: headersFor(other.builder.cookie), payload: file }), 201).json<AppEditDto>();
    expect(lonely.document.queries[0]?.datasourceId).toBeNull();
    const namesake = await createDatasource(t.app, other.builder.cookie, other.workspaceId, target, { name: 'Main DB' });
    const matched = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.importApp(other.workspaceId), headers: headersFor(other.builder.cookie), payload: file }), 201).json<AppEditDto>();
    expect(matched.document.queries[0]?.datasourceId).toBe(namesake.id);

    // A file that is not an export, or whose names repeat, is refused.
    expect((await t.app.inject({ method: 'POST', url: apiRoutes.importApp(ws.workspaceId), headers: headersFor(ws.builder.cookie), payload: { ...file, format: 'other' } })).statusCode).toBe(400);
    const dup = { ...file, document: { ...file.document, queries: [...file.document.queries, { ...file.document.queries[0]!, id: 'q2' }] } };
    expect((await t.app.inject({ method: 'POST', url: apiRoutes.importApp(ws.workspaceId), headers: headersFor(ws.builder.cookie), payload: dup })).statusCode).toBe(400);
  });
});
