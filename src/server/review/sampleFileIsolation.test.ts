import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasourceDto } from '../../shared/api/datasources';
import { apiRoutes } from '../../shared/api/routes';
import { type WorkspaceWithPeople, createWorkspaceWithPeople, expectStatus } from '../testing/dataTestKit';
import { headersFor } from '../testing/sessions';
import { type TestApp, createTestApp } from '../testing/testApp';

// Review finding: the sample database of workspace A lives in the instance-wide DATA_DIR/databases,
// hidden from B's file list, but nothing kept a builder of B who learnt its name (a shared
// screenshot, an export, a support ticket) from creating a datasource on it and reading or
// changing A's data. A sample file is now usable only in the workspace whose id it carries.

let t: TestApp;
let a: WorkspaceWithPeople;
let b: WorkspaceWithPeople;
let sampleOfA: DatasourceDto;
let fileOfA: string;

beforeAll(async () => {
  t = await createTestApp();
  [a, b] = await Promise.all([createWorkspaceWithPeople(t.app), createWorkspaceWithPeople(t.app)]);
  sampleOfA = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.sampleDatasource(a.workspaceId), headers: headersFor(a.builder.cookie), payload: {} }), 201).json<DatasourceDto>();
  fileOfA = (sampleOfA.config as { file: string }).file;
});
afterAll(async () => {
  await t?.close();
});

const sqlite = (file: string) => ({ name: 'Theirs', kind: 'sqlite', config: { file, readOnly: false } });

describe("another workspace's sample database", () => {
  it('cannot be the file of a datasource of another workspace: create, change, draft test', async () => {
    const created = await t.app.inject({ method: 'POST', url: apiRoutes.datasources(b.workspaceId), headers: headersFor(b.builder.cookie), payload: sqlite(fileOfA) });
    expect(created.statusCode, created.body).toBe(400);
    expect(created.json()).toMatchObject({ code: 'path_refused' });
    expect(created.body).not.toContain(a.workspaceId);

    for (const spelling of [fileOfA.toUpperCase(), `${fileOfA}.`, `${fileOfA}-journal`, `${fileOfA}-wal`]) {
      const other = await t.app.inject({ method: 'POST', url: apiRoutes.datasources(b.workspaceId), headers: headersFor(b.builder.cookie), payload: sqlite(spelling) });
      expect(other.json()).toMatchObject({ code: 'path_refused' });
      expect(other.json<{ message: string }>().message).toBe(created.json<{ message: string }>().message);
    }

    const draft = await t.app.inject({ method: 'POST', url: apiRoutes.testDatasourceDraft(b.workspaceId), headers: headersFor(b.builder.cookie), payload: sqlite(fileOfA) });
    expect(draft.statusCode, draft.body).toBe(400);
    expect(draft.json()).toMatchObject({ code: 'path_refused' });

    const own = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.sampleDatasource(b.workspaceId), headers: headersFor(b.builder.cookie), payload: {} }), 201).json<DatasourceDto>();
    const changed = await t.app.inject({ method: 'PATCH', url: apiRoutes.datasource(own.id), headers: headersFor(b.builder.cookie), payload: { config: { file: fileOfA, readOnly: true } } });
    expect(changed.statusCode, changed.body).toBe(400);
    expect(changed.json()).toMatchObject({ code: 'path_refused' });
  });

  it('is refused at run time for a datasource row saved before the check', async () => {
    const now = new Date().toISOString();
    await t.app.db.insertInto('datasources').values({
      id: 'ds_reviewLegacyRow', workspace_id: b.workspaceId, name: 'Legacy', kind: 'sqlite',
      config: JSON.stringify({ file: fileOfA, readOnly: false }), secrets: '{}', created_at: now, updated_at: now,
    }).execute();
    const tested = await t.app.inject({ method: 'POST', url: apiRoutes.testDatasource('ds_reviewLegacyRow'), headers: headersFor(b.builder.cookie) });
    expect(tested.statusCode, tested.body).toBe(400);
    expect(tested.json()).toMatchObject({ code: 'path_refused' });
  });

  it('stays usable in its own workspace', async () => {
    expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.testDatasource(sampleOfA.id), headers: headersFor(a.builder.cookie) }), 200);
    expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.datasources(a.workspaceId), headers: headersFor(a.builder.cookie), payload: sqlite(fileOfA) }), 201);
  });
});
