import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasourceDto } from '../../shared/api/datasources';
import { apiRoutes } from '../../shared/api/routes';
import { type TargetDatabase, type WorkspaceWithPeople, createDatasource, createTargetDatabase, createWorkspaceWithPeople, expectStatus } from '../testing/dataTestKit';
import { headersFor, signUpUser } from '../testing/sessions';
import { type TestApp, createTestApp } from '../testing/testApp';

const secret = 'Pw-MARKER-7f3a9c1e';
let t: TestApp;
let ws: WorkspaceWithPeople;
let target: TargetDatabase;
/** Every response body of a datasource route in this file, searched for the secret at the end. */
const bodies: string[] = [];

beforeAll(async () => {
  [t, target] = await Promise.all([createTestApp(), createTargetDatabase()]);
  ws = await createWorkspaceWithPeople(t.app);
});
afterAll(async () => {
  await t.close();
  await target.drop();
});

async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, cookie: string, payload?: unknown) {
  const response = await t.app.inject({ method, url, headers: headersFor(cookie), ...(payload === undefined ? {} : { payload: payload as object }) });
  bodies.push(response.body);
  return response;
}

describe('datasource routes', () => {
  it('creates, lists, reads, tests, updates and deletes; secrets are write-only', async () => {
    const created = await createDatasource(t.app, ws.builder.cookie, ws.workspaceId, target, { password: secret });
    bodies.push(JSON.stringify(created));
    expect(created).toEqual({
      id: expect.stringMatching(/^ds_/), workspaceId: ws.workspaceId, name: 'Main DB', kind: 'postgres',
      config: { host: target.host, port: target.port, database: target.name, user: target.user, ssl: 'disable' },
      secrets: { password: { set: true } },
    });

    const list = expectStatus(await call('GET', apiRoutes.datasources(ws.workspaceId), ws.builder.cookie), 200).json<DatasourceDto[]>();
    expect(list).toEqual([created]);
    expect(expectStatus(await call('GET', apiRoutes.datasource(created.id), ws.builder.cookie), 200).json()).toEqual(created);

    const tested = expectStatus(await call('POST', apiRoutes.testDatasource(created.id), ws.builder.cookie, {}), 200).json();
    expect(tested).toEqual({ ok: true, durationMs: expect.any(Number) });

    // Absent keeps the secret, a string sets it, null clears it.
    const renamed = expectStatus(await call('PATCH', apiRoutes.datasource(created.id), ws.builder.cookie, { name: 'Renamed' }), 200).json<DatasourceDto>();
    expect(renamed).toMatchObject({ name: 'Renamed', secrets: { password: { set: true } } });
    const cleared = expectStatus(await call('PATCH', apiRoutes.datasource(created.id), ws.builder.cookie, { secrets: { password: null } }), 200).json<DatasourceDto>();
    expect(cleared.secrets.password.set).toBe(false);
    const reset = expectStatus(await call('PATCH', apiRoutes.datasource(created.id), ws.builder.cookie, { secrets: { password: `${secret}-2` }, config: { ...created.config, port: target.port } }), 200).json<DatasourceDto>();
    expect(reset.secrets.password.set).toBe(true);

    expectStatus(await call('DELETE', apiRoutes.datasource(created.id), ws.builder.cookie), 204);
    expect((await call('GET', apiRoutes.datasource(created.id), ws.builder.cookie)).statusCode).toBe(404);
  });

  it('forgets the password when the datasource is pointed at another server, unless a new one comes along', async () => {
    const ds = await createDatasource(t.app, ws.builder.cookie, ws.workspaceId, target, { name: 'Mover', password: secret });
    const sameServer = expectStatus(await call('PATCH', apiRoutes.datasource(ds.id), ws.builder.cookie, { config: { ...ds.config, database: 'other', user: 'someone' } }), 200).json<DatasourceDto>();
    expect(sameServer.secrets.password.set).toBe(true);
    const moved = expectStatus(await call('PATCH', apiRoutes.datasource(ds.id), ws.builder.cookie, { config: { ...ds.config, host: 'attacker.example.com' } }), 200).json<DatasourceDto>();
    expect(moved.secrets.password.set).toBe(false);
    const movedWithPassword = expectStatus(await call('PATCH', apiRoutes.datasource(ds.id), ws.builder.cookie, { config: { ...ds.config, port: 6543 }, secrets: { password: 'new-one' } }), 200).json<DatasourceDto>();
    expect(movedWithPassword.secrets.password.set).toBe(true);
    const movedPort = expectStatus(await call('PATCH', apiRoutes.datasource(ds.id), ws.builder.cookie, { config: { ...ds.config, port: 6544 } }), 200).json<DatasourceDto>();
    expect(movedPort.secrets.password.set).toBe(false);
  });

  it('refuses a second datasource with the same name in a workspace', async () => {
    await createDatasource(t.app, ws.builder.cookie, ws.workspaceId, target, { name: 'Twin' });
    const again = await call('POST', apiRoutes.datasources(ws.workspaceId), ws.builder.cookie, {
      name: 'Twin', kind: 'postgres', config: { host: target.host, database: target.name, user: target.user },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'conflict' });
  });

  it('keeps app_viewers and strangers out', async () => {
    const ds = await createDatasource(t.app, ws.builder.cookie, ws.workspaceId, target, { name: 'Guarded', password: secret });
    const stranger = await signUpUser(t.app);
    const attempts = [
      ['GET', apiRoutes.datasources(ws.workspaceId)], ['POST', apiRoutes.datasources(ws.workspaceId)], ['GET', apiRoutes.datasource(ds.id)],
      ['PATCH', apiRoutes.datasource(ds.id)], ['DELETE', apiRoutes.datasource(ds.id)], ['POST', apiRoutes.testDatasource(ds.id)],
    ] as const;
    for (const [method, url] of attempts) {
      const payload = method === 'POST' && url.endsWith('/datasources')
        ? { name: 'X', kind: 'postgres', config: { host: 'h', database: 'd', user: 'u' } }
        : method === 'PATCH' ? { name: 'Y' } : undefined;
      expect([method, url, (await call(method, url, ws.viewer.cookie, payload)).statusCode]).toEqual([method, url, 403]);
      expect([method, url, (await call(method, url, stranger.cookie, payload)).statusCode]).toEqual([method, url, 404]);
    }
    // Still there, unchanged.
    expect(expectStatus(await call('GET', apiRoutes.datasource(ds.id), ws.builder.cookie), 200).json()).toEqual(ds);
  });

  it('answers 502 for a closed port without the password or a connection string', async () => {
    const ds = await createDatasource(t.app, ws.builder.cookie, ws.workspaceId, { ...target, port: 1 }, { name: 'Closed', password: secret });
    const response = await call('POST', apiRoutes.testDatasource(ds.id), ws.builder.cookie);
    expect(response.statusCode).toBe(502);
    expect(response.json()).toMatchObject({ code: 'datasource_unreachable' });
    expect(response.body).not.toContain('postgres://');
  });

  it('validates the config', async () => {
    const response = await call('POST', apiRoutes.datasources(ws.workspaceId), ws.builder.cookie, {
      name: 'Bad', kind: 'postgres', config: { host: '', database: 'd', user: 'u', extra: 1 }, secrets: { password: secret },
    });
    expect(response.statusCode).toBe(400);
  });

  it('never shows the secret in a response, and stores it only encrypted', async () => {
    await createDatasource(t.app, ws.builder.cookie, ws.workspaceId, target, { name: 'Stored', password: secret });
    expect(bodies.length).toBeGreaterThan(20);
    for (const body of bodies) expect(body).not.toContain(secret);

    const stored = await t.app.db.selectFrom('datasources').select(['secrets']).where('name', '=', 'Stored').executeTakeFirstOrThrow();
    expect(stored.secrets).toMatch(/"password":"v1\.[0-9a-f]{8}\./);
    expect(stored.secrets).not.toContain(secret);
    if (t.app.storeDialect === 'sqlite') {
      // The raw bytes of the database file and its write-ahead log.
      const files = (await readdir(t.dataDir)).filter((f) => f.startsWith('cordon.db'));
      expect(files).toContain('cordon.db');
      for (const file of files) {
        const bytes = await readFile(path.join(t.dataDir, file));
        expect(bytes.includes(Buffer.from(secret))).toBe(false);
      }
      const all = Buffer.concat(await Promise.all(files.map((f) => readFile(path.join(t.dataDir, f)))));
      // The row is really in these files (so the search above looked at the right bytes).
      expect(all.includes(Buffer.from('Stored'))).toBe(true);
    }
  });
});
