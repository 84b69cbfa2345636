import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppViewDto } from '../../shared/api/apps';
import type { DatasourceDto } from '../../shared/api/datasources';
import { apiRoutes } from '../../shared/api/routes';
import { type WorkspaceWithPeople, createAppWithQueries, createWorkspaceWithPeople, expectStatus, publish, queryDef } from '../testing/dataTestKit';
import { headersFor } from '../testing/sessions';
import { type TestApp, createTestApp } from '../testing/testApp';
import { Surfaces, captureLog, marker, storeSurfaces } from './canaryKit';

// Issue 4 canary on MySQL/MariaDB (see postgresCanary.test.ts): the secret is the password of a
// real MariaDB account (MariaDB checks it, so a wrong one really fails), the value goes into a
// table of the database under test; both may appear only there (and the secret, encrypted, in
// the store; the value in the rows returned to whoever asked).

const adminUrl = process.env.CORDON_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const secret = marker('CANARY_SECRET');
const value = marker('CANARY_VALUE');
const log = captureLog();
const surfaces = new Surfaces();
const name = `cordon_canary_${randomBytes(5).toString('hex')}`;
const admin = new URL(adminUrl);
let t: TestApp;
let ws: WorkspaceWithPeople;

const valueBelongsIn = ['draft run of the select (rows)', 'published execute of the select (rows)',
  // Edit mode shows the database's own message to the builder who typed the value (as on PostgreSQL).
  'draft run of the duplicate insert (edit-mode error, own value)'];

async function adminQuery<T = unknown>(text: string, values: unknown[] = [], database?: string): Promise<T> {
  let connection: mysql.Connection;
  try {
    connection = await mysql.createConnection({ uri: adminUrl, ...(database ? { database } : {}) });
  } catch (error) {
    throw new Error(`MariaDB/MySQL at ${admin.host} is unreachable (${(error as Error).message}); start it or set CORDON_TEST_MYSQL_URL.`, { cause: error });
  }
  try {
    return (await connection.query(text, values))[0] as T;
  } finally {
    await connection.end();
  }
}

beforeAll(async () => {
  await adminQuery(`create database ${name}`);
  await adminQuery(`create table canary (id int primary key, v varchar(200) unique)`, [], name);
  await adminQuery(`create user '${name}'@'127.0.0.1' identified by '${secret.text}'`);
  await adminQuery(`grant select, insert on ${name}.canary to '${name}'@'127.0.0.1'`);
  t = await createTestApp({ LOG_LEVEL: 'debug', CORDON_ALLOWED_HOSTS: '127.0.0.1,::1,localhost' }, { logger: { stream: log.stream } });
  ws = await createWorkspaceWithPeople(t.app);
});
afterAll(async () => {
  await t?.close();
  await adminQuery(`drop user if exists '${name}'@'127.0.0.1'`);
  await adminQuery(`drop database if exists ${name}`);
});

async function call(label: string, method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string | undefined, payload?: unknown): Promise<LightMyRequestResponse> {
  const response = await t.app.inject({ method, url, headers: cookie ? headersFor(cookie) : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
  surfaces.add(label, `${response.statusCode} ${JSON.stringify(response.headers)}\n${response.body}`);
  return response;
}

const config = () => ({ host: '127.0.0.1', port: Number(admin.port || 3306), database: name, user: name, ssl: 'disable' });

describe('canary on MySQL/MariaDB: the secret and the typed value leak nowhere', () => {
  let datasource: DatasourceDto;
  let appId: string;

  it('save, list, read, change and test, with the right and a wrong password', async () => {
    datasource = expectStatus(await call('create datasource', 'POST', apiRoutes.datasources(ws.workspaceId), ws.builder.cookie, {
      name: 'Canary', kind: 'mysql', config: config(), secrets: { password: secret.text },
    }), 201).json<DatasourceDto>();
    expect(datasource.secrets).toEqual({ password: { set: true } });
    expectStatus(await call('list datasources', 'GET', apiRoutes.datasources(ws.workspaceId), ws.builder.cookie), 200);
    expectStatus(await call('get datasource', 'GET', apiRoutes.datasource(datasource.id), ws.builder.cookie), 200);
    expectStatus(await call('patch datasource', 'PATCH', apiRoutes.datasource(datasource.id), ws.builder.cookie, { name: 'Canary DB', secrets: { password: secret.text } }), 200);
    expectStatus(await call('test saved datasource', 'POST', apiRoutes.testDatasource(datasource.id), ws.builder.cookie, {}), 200);
    expectStatus(await call('test draft datasource', 'POST', apiRoutes.testDatasourceDraft(ws.workspaceId), ws.builder.cookie, {
      name: 'Draft', kind: 'mysql', config: config(), secrets: { password: secret.text },
    }), 200);

    // A wrong password (holding the marker too): MariaDB refuses it; the answer does not echo it.
    const wrong = { password: `WRONG_${secret.text}` };
    const draftWrong = await call('test draft datasource (wrong password)', 'POST', apiRoutes.testDatasourceDraft(ws.workspaceId), ws.builder.cookie, {
      name: 'Draft', kind: 'mysql', config: config(), secrets: wrong,
    });
    expect(draftWrong.statusCode).toBe(502);
    expect(draftWrong.json()).toMatchObject({ code: 'datasource_unreachable' });
    const savedWrong = expectStatus(await call('create datasource (wrong password)', 'POST', apiRoutes.datasources(ws.workspaceId), ws.builder.cookie, {
      name: 'Wrong', kind: 'mysql', config: config(), secrets: wrong,
    }), 201).json<DatasourceDto>();
    expect((await call('test saved datasource (wrong password)', 'POST', apiRoutes.testDatasource(savedWrong.id), ws.builder.cookie, {})).statusCode).toBe(502);
    const wrongApp = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [queryDef({ id: 'qw', name: 'Wrong', datasourceId: savedWrong.id, body: 'select {{ v }}' })]);
    expect((await call('draft run (wrong password)', 'POST', apiRoutes.runDraftQuery(wrongApp.id, 'qw'), ws.builder.cookie, { params: { ' v ': value.text } })).statusCode).toBe(502);
  });

  it('run and execute queries that write, read and fail with the value marker', async () => {
    const edit = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [
      queryDef({ id: 'qi', name: 'Insert', datasourceId: datasource.id, body: 'insert into canary (id, v) values ({{ id }}, {{ v }})' }),
      queryDef({ id: 'qs', name: 'Select', datasourceId: datasource.id, body: 'select v from canary where v = {{ v }}' }),
    ]);
    appId = edit.id;
    expectStatus(await call('draft run of the insert', 'POST', apiRoutes.runDraftQuery(appId, 'qi'), ws.builder.cookie, { params: { ' id ': 1, ' v ': value.text } }), 200);
    const selected = expectStatus(await call('draft run of the select (rows)', 'POST', apiRoutes.runDraftQuery(appId, 'qs'), ws.builder.cookie, { params: { ' v ': value.text } }), 200);
    expect(selected.body).toContain(value.text);
    // "Duplicate entry '<value>' for key 'v'": MariaDB's message quotes the value.
    const duplicateEdit = await call('draft run of the duplicate insert (edit-mode error, own value)', 'POST', apiRoutes.runDraftQuery(appId, 'qi'), ws.builder.cookie, { params: { ' id ': 2, ' v ': value.text } });
    expect(duplicateEdit.statusCode).toBe(400);
    expect(duplicateEdit.json()).toMatchObject({ code: 'query_failed' });

    await publish(t.app, ws.builder.cookie, appId);
    const dto = expectStatus(await call('view DTO', 'GET', apiRoutes.viewApp(appId), ws.viewer.cookie), 200).json<AppViewDto>();
    const action = (queryName: string) => dto.queries.find((q) => q.name === queryName)!.id;
    const viewed = expectStatus(await call('published execute of the select (rows)', 'POST', apiRoutes.executeAction(action('Select')), ws.viewer.cookie, { params: { ' v ': value.text } }), 200);
    expect(viewed.body).toContain(value.text);
    const duplicateView = await call('published execute of the duplicate insert (view-mode error)', 'POST', apiRoutes.executeAction(action('Insert')), ws.viewer.cookie, { params: { ' id ': 3, ' v ': value.text } });
    expect(duplicateView.statusCode).toBe(400);
    expect(duplicateView.json()).toMatchObject({ code: 'query_failed' });
  });

  it('export, edit DTO and the OpenAPI document', async () => {
    expectStatus(await call('export', 'GET', apiRoutes.exportApp(appId), ws.builder.cookie), 200);
    expectStatus(await call('app edit DTO', 'GET', apiRoutes.app(appId), ws.builder.cookie), 200);
    expectStatus(await call('OpenAPI document', 'GET', apiRoutes.openapi, undefined), 200);
  });

  it('finds the markers nowhere but where they belong', async () => {
    expect(t.app.log.level).toBe('debug');
    expect(log.lines.length).toBeGreaterThan(30);
    expect(log.text()).toContain(datasource.id);
    surfaces.add('log', log.text());
    for (const s of await storeSurfaces(t.app, t.dataDir)) surfaces.add(s.label, s.text);
    expect(surfaces.size).toBeGreaterThan(25);

    surfaces.expectAbsent(secret);
    surfaces.expectAbsent(value, valueBelongsIn);

    expect(await adminQuery('select id, v from canary order by id', [], name)).toEqual([{ id: 1, v: value.text }]);
    // MariaDB accepts the secret as this account's password (checked by a direct login).
    const direct = await mysql.createConnection({ host: '127.0.0.1', port: Number(admin.port || 3306), user: name, password: secret.text, database: name });
    await direct.end();
    const stored = await t.app.db.selectFrom('datasources').select('secrets').where('id', '=', datasource.id).executeTakeFirstOrThrow();
    const envelope = (JSON.parse(stored.secrets) as { password: string }).password;
    expect(envelope).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(t.app.secretBox.decrypt(envelope)).toBe(secret.text);
  });
});
