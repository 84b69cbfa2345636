import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppViewDto } from '../../shared/api/apps';
import { apiRoutes } from '../../shared/api/routes';
import {
  type TargetDatabase, createAppWithQueries, createDatasource, createTargetDatabase, createWorkspaceWithPeople, expectStatus, publish, queryDef,
} from '../testing/dataTestKit';
import { headersFor } from '../testing/sessions';
import { type TestApp, createTestApp } from '../testing/testApp';

// I5: the server never logs values users typed, rows, query bodies or secrets, even at trace level.
describe('query logging', () => {
  const lines: string[] = [];
  let t: TestApp;
  let target: TargetDatabase;
  beforeAll(async () => {
    const stream = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
    [t, target] = await Promise.all([createTestApp({ LOG_LEVEL: 'trace' }, { logger: { stream } }), createTargetDatabase()]);
  });
  afterAll(async () => {
    await t.close();
    await target.drop();
  });

  it('logs neither params, rows, bodies nor secrets; failures only with datasource id and SQLSTATE', async () => {
    const ws = await createWorkspaceWithPeople(t.app);
    const ds = await createDatasource(t.app, ws.builder.cookie, ws.workspaceId, target, { password: 'LOG-SECRET-91' });
    await target.query("insert into users (id, name, note) values (99, 'ROW-MARKER-55', null)");
    const app = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [
      queryDef({ id: 'q1', name: 'Rows', datasourceId: ds.id, body: 'select name /* BODY-MARKER-1 */ from users where id = {{ id }}' }),
      queryDef({ id: 'q2', name: 'Fails', datasourceId: ds.id, body: 'select {{ v }}::int' }),
    ]);
    await publish(t.app, ws.builder.cookie, app.id);
    const dto = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.viewApp(app.id), headers: headersFor(ws.viewer.cookie) }), 200).json<AppViewDto>();
    const action = (name: string) => dto.queries.find((q) => q.name === name)!.id;

    const ok = await t.app.inject({ method: 'POST', url: apiRoutes.executeAction(action('Rows')), headers: headersFor(ws.viewer.cookie), payload: { params: { ' id ': 99 } } });
    expect(ok.body).toContain('ROW-MARKER-55');
    const failed = await t.app.inject({ method: 'POST', url: apiRoutes.executeAction(action('Fails')), headers: headersFor(ws.viewer.cookie), payload: { params: { ' v ': 'PARAM-MARKER-77' } } });
    expect(failed.statusCode).toBe(400);
    const draft = await t.app.inject({ method: 'POST', url: apiRoutes.runDraftQuery(app.id, 'q2'), headers: headersFor(ws.builder.cookie), payload: { params: { ' v ': 'PARAM-MARKER-78' } } });
    expect(draft.statusCode).toBe(400);
    expect(draft.json<{ message: string }>().message).toContain('PARAM-MARKER-78');

    const log = lines.join('');
    expect(log).toContain('"sqlState":"22P02"');
    expect(log).toContain(ds.id);
    for (const marker of ['ROW-MARKER-55', 'PARAM-MARKER-77', 'PARAM-MARKER-78', 'BODY-MARKER-1', 'LOG-SECRET-91']) {
      expect([marker, log.includes(marker)]).toEqual([marker, false]);
    }
  });

  it('documents every data route in the OpenAPI document', async () => {
    const doc = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.openapi }), 200).json<{ paths: Record<string, unknown> }>();
    for (const path of ['/api/v1/apps/{app}', '/api/v1/actions/{actionId}/execute', '/api/v1/view/apps/{app}', '/api/v1/datasources/{id}/test', '/api/v1/workspaces/{ws}/apps/import']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
