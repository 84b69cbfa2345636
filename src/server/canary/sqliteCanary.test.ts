import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppViewDto } from '../../shared/api/apps';
import type { DatasourceDto } from '../../shared/api/datasources';
import { apiRoutes } from '../../shared/api/routes';
import { type WorkspaceWithPeople, createAppWithQueries, createWorkspaceWithPeople, expectStatus, publish, queryDef } from '../testing/dataTestKit';
import { headersFor } from '../testing/sessions';
import { type TestApp, createTestApp } from '../testing/testApp';
import { Surfaces, captureLog, marker, storeSurfaces } from './canaryKit';

// Issue 4 canary on SQLite datasources (see postgresCanary.test.ts). A SQLite datasource has no
// secret; the typed value goes into a file under DATA_DIR/databases (the database under test),
// right next to Cordon's own store, which must not hold it.

const value = marker('CANARY_VALUE');
const log = captureLog();
const surfaces = new Surfaces();
let t: TestApp;
let ws: WorkspaceWithPeople;
let databaseFile: string;

const valueBelongsIn = ['draft run of the select (rows)', 'published execute of the select (rows)'];

beforeAll(async () => {
  t = await createTestApp({ LOG_LEVEL: 'debug' }, { logger: { stream: log.stream } });
  ws = await createWorkspaceWithPeople(t.app);
  mkdirSync(path.join(t.dataDir, 'databases'), { recursive: true });
  databaseFile = path.join(t.dataDir, 'databases', 'canary.db');
  const db = new Database(databaseFile);
  db.exec('create table canary (id integer primary key, v text unique)');
  db.close();
});
afterAll(async () => {
  await t?.close();
});

async function call(label: string, method: 'GET' | 'POST', url: string, cookie: string | undefined, payload?: unknown): Promise<LightMyRequestResponse> {
  const response = await t.app.inject({ method, url, headers: cookie ? headersFor(cookie) : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
  surfaces.add(label, `${response.statusCode} ${JSON.stringify(response.headers)}\n${response.body}`);
  return response;
}

describe('canary on SQLite: the typed value leaks nowhere', () => {
  it('runs and executes queries that write, read and fail with the value marker; export, DTOs; then searches everything', async () => {
    const ds = expectStatus(await call('create datasource', 'POST', apiRoutes.datasources(ws.workspaceId), ws.builder.cookie, {
      name: 'Canary', kind: 'sqlite', config: { file: 'canary.db', readOnly: false },
    }), 201).json<DatasourceDto>();
    expectStatus(await call('test saved datasource', 'POST', apiRoutes.testDatasource(ds.id), ws.builder.cookie, {}), 200);
    const edit = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [
      queryDef({ id: 'qi', name: 'Insert', datasourceId: ds.id, body: 'insert into canary (id, v) values ({{ id }}, {{ v }})' }),
      queryDef({ id: 'qs', name: 'Select', datasourceId: ds.id, body: 'select v from canary where v = {{ v }}' }),
      queryDef({ id: 'qj', name: 'Json', datasourceId: ds.id, body: 'select json({{ v }}) as j' }),
    ]);
    expectStatus(await call('draft run of the insert', 'POST', apiRoutes.runDraftQuery(edit.id, 'qi'), ws.builder.cookie, { params: { ' id ': 1, ' v ': value.text } }), 200);
    expect(expectStatus(await call('draft run of the select (rows)', 'POST', apiRoutes.runDraftQuery(edit.id, 'qs'), ws.builder.cookie, { params: { ' v ': value.text } }), 200).body).toContain(value.text);
    expect((await call('draft run of the duplicate insert (edit-mode error)', 'POST', apiRoutes.runDraftQuery(edit.id, 'qi'), ws.builder.cookie, { params: { ' id ': 2, ' v ': value.text } })).statusCode).toBe(400);
    expect((await call('draft run of malformed JSON (edit-mode error)', 'POST', apiRoutes.runDraftQuery(edit.id, 'qj'), ws.builder.cookie, { params: { ' v ': value.text } })).statusCode).toBe(400);

    await publish(t.app, ws.builder.cookie, edit.id);
    const dto = expectStatus(await call('view DTO', 'GET', apiRoutes.viewApp(edit.id), ws.viewer.cookie), 200).json<AppViewDto>();
    const action = (name: string) => dto.queries.find((q) => q.name === name)!.id;
    expectStatus(await call('published execute of the insert', 'POST', apiRoutes.executeAction(action('Insert')), ws.viewer.cookie, { params: { ' id ': 3, ' v ': `${value.text}-view` } }), 200);
    expect(expectStatus(await call('published execute of the select (rows)', 'POST', apiRoutes.executeAction(action('Select')), ws.viewer.cookie, { params: { ' v ': value.text } }), 200).body).toContain(value.text);
    expect((await call('published execute of the duplicate insert (view-mode error)', 'POST', apiRoutes.executeAction(action('Insert')), ws.viewer.cookie, { params: { ' id ': 4, ' v ': value.text } })).statusCode).toBe(400);
    expect((await call('published execute of malformed JSON (view-mode error)', 'POST', apiRoutes.executeAction(action('Json')), ws.viewer.cookie, { params: { ' v ': value.text } })).statusCode).toBe(400);
    expectStatus(await call('export', 'GET', apiRoutes.exportApp(edit.id), ws.builder.cookie), 200);
    expectStatus(await call('app edit DTO', 'GET', apiRoutes.app(edit.id), ws.builder.cookie), 200);
    expectStatus(await call('datasource list', 'GET', apiRoutes.datasources(ws.workspaceId), ws.builder.cookie), 200);
    expectStatus(await call('SQLite files', 'GET', apiRoutes.sqliteFiles(ws.workspaceId), ws.builder.cookie), 200);

    expect(t.app.log.level).toBe('debug');
    expect(log.text()).toContain(ds.id);
    surfaces.add('log', log.text());
    // Cordon's store only (storeSurfaces reads cordon.db*, not the databases/ folder).
    for (const s of await storeSurfaces(t.app, t.dataDir)) surfaces.add(s.label, s.text);
    expect(surfaces.size).toBeGreaterThan(15);
    surfaces.expectAbsent(value, valueBelongsIn);

    // Where it belongs: the database under test, written from both modes.
    const db = new Database(databaseFile, { readonly: true });
    try {
      expect(db.prepare('select id, v from canary order by id').all()).toEqual([{ id: 1, v: value.text }, { id: 3, v: `${value.text}-view` }]);
    } finally {
      db.close();
    }
    const files = readdirSync(path.dirname(databaseFile)).filter((f) => f.startsWith('canary.db'));
    expect(files.some((f) => readFileSync(path.join(path.dirname(databaseFile), f)).includes(value.text))).toBe(true);
  });
});
