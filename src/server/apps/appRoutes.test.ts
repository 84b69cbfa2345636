import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEditDto, AppSummaryDto, AppViewDto } from '../../shared/api/apps';
import { apiRoutes } from '../../shared/api/routes';
import { headersFor, signUpUser } from '../testing/sessions';
import { type TestApp, createTestApp } from '../testing/testApp';
import { type WorkspaceWithPeople, createAppWithQueries, createWorkspaceWithPeople, expectStatus, publish, queryDef } from '../testing/dataTestKit';

let t: TestApp;
let ws: WorkspaceWithPeople;

beforeAll(async () => {
  t = await createTestApp();
  ws = await createWorkspaceWithPeople(t.app);
});
afterAll(() => t.close());

const asBuilder = () => headersFor(ws.builder.cookie);
const asViewer = () => headersFor(ws.viewer.cookie);

describe('app routes', () => {
  it('creates an app with one empty page at version 1', async () => {
    const response = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.workspaceApps(ws.workspaceId), headers: asBuilder(), payload: { name: '  Sales  ' } }), 201);
    const dto = response.json<AppEditDto>();
    expect(dto).toMatchObject({ name: 'Sales', version: 1, workspaceId: ws.workspaceId, publishedAt: null, embedding: { mode: 'same-origin', origins: [] } });
    expect(dto.document.pages).toHaveLength(1);
    expect(dto.id).toMatch(/^app_/);
  });

  it('saves with the version, and refuses a stale save without writing anything', async () => {
    const created = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [queryDef({ id: 'q1', name: 'Query1', body: 'select 1' })]);
    expect(created.version).toBe(2);
    const changed = { ...created.document, queries: [queryDef({ id: 'q1', name: 'Query1', body: 'select 2' })] };
    const saved = expectStatus(await t.app.inject({ method: 'PUT', url: apiRoutes.app(created.id), headers: asBuilder(), payload: { version: 2, document: changed, name: 'Renamed' } }), 200);
    expect(saved.json()).toMatchObject({ version: 3 });

    const stale = await t.app.inject({ method: 'PUT', url: apiRoutes.app(created.id), headers: asBuilder(), payload: { version: 2, document: { ...changed, queries: [] } } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict' });

    const stored = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.app(created.id), headers: asBuilder() }), 200).json<AppEditDto>();
    expect(stored.version).toBe(3);
    expect(stored.name).toBe('Renamed');
    expect(stored.document.queries.map((q) => q.body)).toEqual(['select 2']);
  });

  it('lets only one of two concurrent saves of the same version win', async () => {
    const created = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, []);
    const save = (name: string) => t.app.inject({ method: 'PUT', url: apiRoutes.app(created.id), headers: asBuilder(), payload: { version: created.version, document: created.document, name } });
    const results = await Promise.all([save('A'), save('B'), save('C')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
  });

  it('refuses a document whose entity names repeat', async () => {
    const created = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, []);
    const document = { ...created.document, queries: [queryDef({ id: 'q1', name: 'Text1', body: 'select 1' })] };
    const response = await t.app.inject({ method: 'PUT', url: apiRoutes.app(created.id), headers: asBuilder(), payload: { version: created.version, document } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'bad_request' });
    expect(response.json<{ message: string }>().message).toContain('Text1');
  });

  it('lists all apps to builders and only published ones to viewers', async () => {
    const unpublished = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, []);
    const published = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, []);
    await publish(t.app, ws.builder.cookie, published.id);
    const forBuilder = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.workspaceApps(ws.workspaceId), headers: asBuilder() }), 200).json<AppSummaryDto[]>();
    const forViewer = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.workspaceApps(ws.workspaceId), headers: asViewer() }), 200).json<AppSummaryDto[]>();
    expect(forBuilder.map((a) => a.id)).toEqual(expect.arrayContaining([unpublished.id, published.id]));
    expect(forViewer.map((a) => a.id)).toContain(published.id);
    expect(forViewer.map((a) => a.id)).not.toContain(unpublished.id);
    expect(forViewer.every((a) => a.publishedAt !== null)).toBe(true);
    expect(JSON.stringify(forViewer)).not.toContain('document');
  });

  it('keeps app_viewers out of every edit route', async () => {
    const created = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [queryDef({ id: 'q1', name: 'Query1', body: 'select 1' })]);
    await publish(t.app, ws.builder.cookie, created.id);
    const attempts = [
      { method: 'POST' as const, url: apiRoutes.workspaceApps(ws.workspaceId), payload: { name: 'x' } },
      { method: 'GET' as const, url: apiRoutes.app(created.id) },
      { method: 'PUT' as const, url: apiRoutes.app(created.id), payload: { version: created.version, document: created.document } },
      { method: 'DELETE' as const, url: apiRoutes.app(created.id) },
      { method: 'PUT' as const, url: apiRoutes.appEmbedding(created.id), payload: { mode: 'all', origins: [] } },
      { method: 'POST' as const, url: apiRoutes.publishApp(created.id) },
      { method: 'GET' as const, url: apiRoutes.exportApp(created.id) },
      { method: 'POST' as const, url: apiRoutes.runDraftQuery(created.id, 'q1'), payload: { params: {} } },
      { method: 'POST' as const, url: apiRoutes.importApp(ws.workspaceId), payload: { format: 'cordon-app' } },
    ];
    for (const attempt of attempts) {
      const response = await t.app.inject({ ...attempt, headers: asViewer() });
      expect([attempt.url, response.statusCode]).toEqual([attempt.url, attempt.url.endsWith('/import') ? 400 : 403]);
      expect(response.body).not.toContain('select 1');
    }
  });

  it('answers 404 to people outside the workspace and 401 to signed-out callers', async () => {
    const created = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, []);
    await publish(t.app, ws.builder.cookie, created.id);
    const stranger = await signUpUser(t.app);
    for (const url of [apiRoutes.app(created.id), apiRoutes.viewApp(created.id), apiRoutes.workspaceApps(ws.workspaceId)]) {
      expect((await t.app.inject({ method: 'GET', url, headers: headersFor(stranger.cookie) })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
    expect((await t.app.inject({ method: 'GET', url: apiRoutes.app('app_doesnotexist'), headers: asBuilder() })).json()).toMatchObject({ code: 'not_found' });
  });

  it('stores the embedding settings', async () => {
    const created = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, []);
    const embedding = { mode: 'list', origins: ['https://intranet.example.com', 'https://intranet.example.com', 'http://localhost:8080'] };
    const response = expectStatus(await t.app.inject({ method: 'PUT', url: apiRoutes.appEmbedding(created.id), headers: asBuilder(), payload: embedding }), 200);
    expect(response.json()).toEqual({ mode: 'list', origins: ['https://intranet.example.com', 'http://localhost:8080'] });
    const stored = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.app(created.id), headers: asBuilder() }), 200).json<AppEditDto>();
    expect(stored.embedding.mode).toBe('list');
    const bad = await t.app.inject({ method: 'PUT', url: apiRoutes.appEmbedding(created.id), headers: asBuilder(), payload: { mode: 'list', origins: ["https://x.com'; script-src *"] } });
    expect(bad.statusCode).toBe(400);
  });

  it('publishes a snapshot that later edits do not change, and deletes apps', async () => {
    const created = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [queryDef({ id: 'q1', name: 'Query1', body: 'select {{ Input1.text }}', runOnLoad: true, confirm: true, timeoutMs: 1234 })]);
    const notYet = await t.app.inject({ method: 'GET', url: apiRoutes.viewApp(created.id), headers: asViewer() });
    expect(notYet.statusCode).toBe(404);
    expect(notYet.json()).toMatchObject({ code: 'not_published' });

    await publish(t.app, ws.builder.cookie, created.id);
    const before = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.viewApp(created.id), headers: asViewer() }), 200).json<AppViewDto>();
    expect(before.role).toBe('app_viewer');
    expect(before.queries).toEqual([{ id: expect.stringMatching(/^act_/), name: 'Query1', bindings: [' Input1.text '], runOnLoad: true, confirm: true, timeoutMs: 1234 }]);

    const document = { ...created.document, pages: [{ ...created.document.pages[0]!, name: 'Changed' }], queries: [] };
    expectStatus(await t.app.inject({ method: 'PUT', url: apiRoutes.app(created.id), headers: asBuilder(), payload: { version: created.version, document } }), 200);
    const after = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.viewApp(created.id), headers: asViewer() }), 200).json<AppViewDto>();
    expect(after).toEqual(before);

    await publish(t.app, ws.builder.cookie, created.id);
    const republished = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.viewApp(created.id), headers: asBuilder() }), 200).json<AppViewDto>();
    expect(republished.pages[0]?.name).toBe('Changed');
    expect(republished.queries).toEqual([]);
    expect(republished.role).toBe('administrator');

    expectStatus(await t.app.inject({ method: 'DELETE', url: apiRoutes.app(created.id), headers: asBuilder() }), 204);
    expect((await t.app.inject({ method: 'GET', url: apiRoutes.app(created.id), headers: asBuilder() })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: apiRoutes.viewApp(created.id), headers: asViewer() })).statusCode).toBe(404);
  });

  it('refuses to publish a query whose binding cannot be a parameter', async () => {
    const created = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [queryDef({ id: 'q1', name: 'Query1', body: 'select * from "{{ table }}"' })]);
    const response = await t.app.inject({ method: 'POST', url: apiRoutes.publishApp(created.id), headers: asBuilder() });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ message: string }>().message).toContain('Query1');
  });
});
