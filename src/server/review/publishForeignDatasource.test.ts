import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasourceDto } from '../../shared/api/datasources';
import { apiRoutes } from '../../shared/api/routes';
import { type WorkspaceWithPeople, createAppWithQueries, createWorkspaceWithPeople, expectStatus, queryDef } from '../testing/dataTestKit';
import { headersFor } from '../testing/sessions';
import { type TestApp, createTestApp } from '../testing/testApp';

// Review finding (low): publish read each query's dialect from the datasource of that id in ANY
// workspace, so a builder of B could tell whether an id is a SQLite or MySQL datasource of
// another workspace (a body the SQLite lexer refuses published, or not). Only datasources of the
// app's own workspace count; another id is read as if it had no datasource (it cannot run anyway).

let t: TestApp;
let a: WorkspaceWithPeople;
let b: WorkspaceWithPeople;
let sampleOfA: DatasourceDto;

beforeAll(async () => {
  t = await createTestApp();
  [a, b] = await Promise.all([createWorkspaceWithPeople(t.app), createWorkspaceWithPeople(t.app)]);
  sampleOfA = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.sampleDatasource(a.workspaceId), headers: headersFor(a.builder.cookie), payload: {} }), 201).json<DatasourceDto>();
});
afterAll(async () => {
  await t?.close();
});

// SQLite refuses a binding inside [identifier]; PostgreSQL's lexer reads `[` as code.
const body = 'select [{{ x }}] as v';
const publishWith = async (workspace: WorkspaceWithPeople, datasourceId: string) => {
  const app = await createAppWithQueries(t.app, workspace.builder.cookie, workspace.workspaceId, [queryDef({ id: 'q1', name: 'Q', body, datasourceId })]);
  return t.app.inject({ method: 'POST', url: apiRoutes.publishApp(app.id), headers: headersFor(workspace.builder.cookie), payload: {} });
};

describe('publish with a datasource id of another workspace', () => {
  it('tells nothing about that datasource', async () => {
    // In its own workspace the dialect counts (sanity check of the probe).
    expect((await publishWith(a, sampleOfA.id)).statusCode).toBe(400);
    // From B, A's id reads like an id that does not exist.
    const foreign = await publishWith(b, sampleOfA.id);
    const missing = await publishWith(b, 'ds_doesNotExist0000000');
    expect(foreign.statusCode).toBe(missing.statusCode);
    expect(foreign.statusCode).toBe(200);
  });
});
