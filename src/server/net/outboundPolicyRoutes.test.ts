import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasourceDto } from '../../shared/api/datasources';
import { apiRoutes } from '../../shared/api/routes';
import { type TargetDatabase, type WorkspaceWithPeople, createDatasource, createTargetDatabase, createWorkspaceWithPeople, expectStatus } from '../testing/dataTestKit';
import { headersFor } from '../testing/sessions';
import { type TestApp, createTestApp } from '../testing/testApp';

let target: TargetDatabase;
beforeAll(async () => {
  target = await createTargetDatabase();
});
afterAll(async () => {
  await target.drop();
});

function postgresConfig(host: string) {
  return { host, port: target.port, database: target.name, user: target.user, ssl: 'disable' };
}

describe('outbound address policy on the datasource routes', () => {
  describe('with loopback allowed (CORDON_ALLOWED_HOSTS=127.0.0.1,::1,localhost)', () => {
    let t: TestApp;
    let ws: WorkspaceWithPeople;
    beforeAll(async () => {
      t = await createTestApp({ CORDON_ALLOWED_HOSTS: '127.0.0.1,::1,localhost' });
      ws = await createWorkspaceWithPeople(t.app);
    });
    afterAll(async () => t.close());

    it('creates and tests a PostgreSQL datasource on 127.0.0.1', async () => {
      const ds = await createDatasource(t.app, ws.builder.cookie, ws.workspaceId, { ...target, host: '127.0.0.1' }, { name: 'Local' });
      const tested = await t.app.inject({ method: 'POST', url: apiRoutes.testDatasource(ds.id), headers: headersFor(ws.builder.cookie), payload: {} });
      expect(expectStatus(tested, 200).json()).toMatchObject({ ok: true });
    });

    it.each(['169.254.169.254', '0xa9fea9fe', '::ffff:169.254.169.254', 'fd00:ec2::254', '0.0.0.0'])('refuses to create or test a datasource at %s', async (host) => {
      const create = await t.app.inject({
        method: 'POST', url: apiRoutes.datasources(ws.workspaceId), headers: headersFor(ws.builder.cookie),
        payload: { name: `Meta ${host}`, kind: 'postgres', config: postgresConfig(host), secrets: { password: 'Pw-MARKER-meta' } },
      });
      expect(create.statusCode).toBe(400);
      expect(create.json()).toEqual({ code: 'address_refused', message: expect.stringMatching(/always refused/) });
      expect(create.body).not.toContain('Pw-MARKER-meta');

      const draft = await t.app.inject({
        method: 'POST', url: apiRoutes.testDatasourceDraft(ws.workspaceId), headers: headersFor(ws.builder.cookie),
        payload: { name: 'Draft', kind: 'postgres', config: postgresConfig(host), secrets: { password: 'Pw-MARKER-meta' } },
      });
      expect(draft.statusCode).toBe(400);
      expect(draft.json()).toMatchObject({ code: 'address_refused' });
    });

    it('refuses to point a saved datasource at a metadata address', async () => {
      const ds = await createDatasource(t.app, ws.builder.cookie, ws.workspaceId, { ...target, host: '127.0.0.1' }, { name: 'Mover' });
      const moved = await t.app.inject({
        method: 'PATCH', url: apiRoutes.datasource(ds.id), headers: headersFor(ws.builder.cookie), payload: { config: postgresConfig('169.254.169.254') },
      });
      expect(moved.statusCode).toBe(400);
      expect(moved.json()).toMatchObject({ code: 'address_refused' });
      const after = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.datasource(ds.id), headers: headersFor(ws.builder.cookie) }), 200).json<DatasourceDto>();
      expect(after.config).toMatchObject({ host: '127.0.0.1' });
    });
  });

  describe('with the default policy (no CORDON_ALLOWED_HOSTS)', () => {
    let t: TestApp;
    let ws: WorkspaceWithPeople;
    beforeAll(async () => {
      t = await createTestApp({ CORDON_ALLOWED_HOSTS: '' });
      ws = await createWorkspaceWithPeople(t.app);
    });
    afterAll(async () => t.close());

    it.each(['127.0.0.1', 'localhost', 'LOCALHOST.', '2130706433', '0177.0.0.1', '127.1', '::1', '::ffff:127.0.0.1'])('refuses a datasource at %s', async (host) => {
      const create = await t.app.inject({
        method: 'POST', url: apiRoutes.datasources(ws.workspaceId), headers: headersFor(ws.builder.cookie),
        payload: { name: 'Local', kind: 'postgres', config: postgresConfig(host) },
      });
      expect(create.statusCode).toBe(400);
      expect(create.json()).toEqual({ code: 'address_refused', message: expect.stringMatching(/loopback.*CORDON_ALLOWED_HOSTS/) });
      const draft = await t.app.inject({
        method: 'POST', url: apiRoutes.testDatasourceDraft(ws.workspaceId), headers: headersFor(ws.builder.cookie),
        payload: { name: 'Local', kind: 'postgres', config: postgresConfig(host) },
      });
      expect(draft.json()).toMatchObject({ code: 'address_refused' });
    });

    it('checks again on every connection: a stored datasource on loopback (saved under another policy) cannot be tested', async () => {
      // As if an administrator removed 127.0.0.1 from CORDON_ALLOWED_HOSTS after the datasource was saved.
      const now = new Date().toISOString();
      await t.app.db.insertInto('datasources').values({
        id: 'ds_saved_before', workspace_id: ws.workspaceId, name: 'Saved before', kind: 'postgres',
        config: JSON.stringify(postgresConfig('127.0.0.1')), secrets: '{}', created_at: now, updated_at: now,
      }).execute();
      const tested = await t.app.inject({ method: 'POST', url: apiRoutes.testDatasource('ds_saved_before'), headers: headersFor(ws.builder.cookie), payload: {} });
      expect(tested.statusCode).toBe(400);
      expect(tested.json()).toMatchObject({ code: 'address_refused' });
    });
  });
});
