import { once } from 'node:events';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppViewDto } from '../../../shared/api/apps';
import type { DatasourceDto } from '../../../shared/api/datasources';
import type { ExecuteResponse } from '../../../shared/api/execute';
import type { RestRequest } from '../../../shared/appDocument';
import { apiRoutes } from '../../../shared/api/routes';
import { type WorkspaceWithPeople, createAppWithQueries, createWorkspaceWithPeople, expectStatus, publish, queryDef } from '../../testing/dataTestKit';
import { headersFor } from '../../testing/sessions';
import { type TestApp, createTestApp } from '../../testing/testApp';

const token = 'Tok-MARKER-77e0c3b5';
const pathMarker = 'PATH_MARKER_a91c';

let server: Server;
let baseUrl: string;
const seen: Array<{ url: string; headers: IncomingMessage['headers'] }> = [];
/** Every response body of the API, searched for the token at the end. */
const bodies: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/api/missing')) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end(`no such thing; you sent ${request.headers.authorization ?? ''}`);
      return;
    }
    if (url.pathname === '/api/to-metadata') {
      response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      response.end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'sid=1' });
    response.end(JSON.stringify([{ path: url.pathname, q: url.searchParams.get('q'), team: request.headers['x-team'] ?? null }]));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  for (const body of bodies) expect(body).not.toContain(token);
});

function restQuery(id: string, rest: Partial<RestRequest>) {
  const request: RestRequest = { method: 'GET', path: '', queryParams: [], headers: [], bodyType: 'none', body: '', formFields: [], ...rest };
  return { id, name: `Query${id}`, body: '', rest: request };
}

describe('REST datasources through the API', () => {
  let t: TestApp;
  let ws: WorkspaceWithPeople;
  let datasource: DatasourceDto;

  beforeAll(async () => {
    t = await createTestApp(); // loopback allowed: the test API listens on 127.0.0.1
    ws = await createWorkspaceWithPeople(t.app);
  });
  afterAll(async () => t.close());

  async function call(method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: unknown) {
    const response = await t.app.inject({ method, url, headers: headersFor(cookie), ...(payload === undefined ? {} : { payload: payload as object }) });
    bodies.push(response.body);
    return response;
  }

  it('creates and tests a REST datasource; the token is write-only', async () => {
    const created = await call('POST', apiRoutes.datasources(ws.workspaceId), ws.builder.cookie, {
      name: 'Orders API', kind: 'rest',
      config: { baseUrl, headers: [{ name: 'X-Team', value: 'ops' }], auth: { type: 'bearer' } },
      secrets: { token },
    });
    datasource = expectStatus(created, 201).json<DatasourceDto>();
    expect(datasource).toMatchObject({ kind: 'rest', secrets: { token: { set: true }, password: { set: false }, apiKey: { set: false } } });
    const tested = await call('POST', apiRoutes.testDatasource(datasource.id), ws.builder.cookie, {});
    expect(expectStatus(tested, 200).json()).toMatchObject({ ok: true });
    expect(seen.at(-1)?.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('refuses a REST datasource at a metadata address, on create and on a draft test', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://[fd00:ec2::254]/', 'http://2852039166/', 'http://[::ffff:a9fe:a9fe]/']) {
      const payload = { name: 'Meta API', kind: 'rest', config: { baseUrl: url, auth: { type: 'bearer' } }, secrets: { token } };
      const create = await call('POST', apiRoutes.datasources(ws.workspaceId), ws.builder.cookie, payload);
      expect(create.statusCode, url).toBe(400);
      expect(create.json()).toMatchObject({ code: 'address_refused' });
      const draft = await call('POST', apiRoutes.testDatasourceDraft(ws.workspaceId), ws.builder.cookie, payload);
      expect(draft.json()).toMatchObject({ code: 'address_refused' });
    }
  });

  it('publishes a REST query and runs it as a viewer, each value encoded for its place', async () => {
    const app = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [
      queryDef({ datasourceId: datasource.id, ...restQuery('q1', { path: `/items/{{ Input1.text }}/${pathMarker}`, queryParams: [{ name: 'q', value: '{{ Input2.text }}' }] }) }),
      queryDef({ datasourceId: datasource.id, ...restQuery('q2', { path: '/missing' }) }),
      queryDef({ datasourceId: datasource.id, ...restQuery('q3', { path: '/to-metadata' }) }),
    ]);
    await publish(t.app, ws.builder.cookie, app.id);
    const dto = expectStatus(await call('GET', apiRoutes.viewApp(app.id), ws.viewer.cookie), 200).json<AppViewDto>();
    const dtoText = JSON.stringify(dto);
    for (const hidden of [pathMarker, baseUrl, datasource.id, '/items/']) expect(dtoText).not.toContain(hidden);
    const [q1, q2, q3] = dto.queries;
    expect(q1?.bindings).toEqual([' Input1.text ', ' Input2.text ']);

    const executed = await call('POST', apiRoutes.executeAction(q1!.id), ws.viewer.cookie, { params: { ' Input1.text ': '../admin?x=1', ' Input2.text ': 'a&b=c' } });
    // A value that would make a ".." segment is refused before anything is sent.
    expect(executed.statusCode).toBe(400);
    expect(executed.json()).toMatchObject({ code: 'query_failed' });

    const ok = await call('POST', apiRoutes.executeAction(q1!.id), ws.viewer.cookie, { params: { ' Input1.text ': 'a/b?x=1#y', ' Input2.text ': 'a&b=c' } });
    const response = expectStatus(ok, 200).json<ExecuteResponse>();
    expect(response.rows).toEqual([{ path: `/api/items/a%2Fb%3Fx%3D1%23y/${pathMarker}`, q: 'a&b=c', team: 'ops' }]);
    expect(response.http).toMatchObject({ status: 200, headers: { 'content-type': 'application/json' } });
    expect(response.http?.headers).not.toHaveProperty('set-cookie');
    expect(seen.at(-1)?.headers.authorization).toBe(`Bearer ${token}`);

    // Only the declared bindings.
    const extra = await call('POST', apiRoutes.executeAction(q1!.id), ws.viewer.cookie, { params: { ' Input1.text ': 'x', ' Input2.text ': 'y', other: 1 } });
    expect(extra.json()).toMatchObject({ code: 'unknown_param' });

    // A non-2xx answer: the viewer sees the status only.
    const missing = await call('POST', apiRoutes.executeAction(q2!.id), ws.viewer.cookie, { params: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({ code: 'query_failed', message: 'The API answered with HTTP 404.' });

    // A redirect to the metadata address is refused.
    const redirected = await call('POST', apiRoutes.executeAction(q3!.id), ws.viewer.cookie, { params: {} });
    expect(redirected.statusCode).toBe(400);
    expect(redirected.json()).toMatchObject({ code: 'address_refused', message: expect.stringMatching(/^A redirect was refused/) });

    // The builder's draft run of the failing query shows the status and the body, the token masked.
    const drafted = await call('POST', apiRoutes.runDraftQuery(app.id, 'q2'), ws.builder.cookie, { params: {} });
    expect(drafted.statusCode).toBe(400);
    expect(drafted.json()).toEqual({ code: 'query_failed', message: 'The API answered with HTTP 404: no such thing; you sent Bearer [secret]' });
  });
});

describe('REST datasources under the default policy (no CORDON_ALLOWED_HOSTS)', () => {
  let t: TestApp;
  let ws: WorkspaceWithPeople;
  beforeAll(async () => {
    t = await createTestApp({ CORDON_ALLOWED_HOSTS: '' });
    ws = await createWorkspaceWithPeople(t.app);
  });
  afterAll(async () => t.close());

  it('refuses an API on loopback', async () => {
    for (const url of [baseUrl, baseUrl.replace('127.0.0.1', 'localhost'), baseUrl.replace('127.0.0.1', '[::1]'), baseUrl.replace('127.0.0.1', '2130706433')]) {
      const create = await t.app.inject({
        method: 'POST', url: apiRoutes.datasources(ws.workspaceId), headers: headersFor(ws.builder.cookie),
        payload: { name: 'Local API', kind: 'rest', config: { baseUrl: url } },
      });
      expect(create.statusCode, url).toBe(400);
      expect(create.json()).toEqual({ code: 'address_refused', message: expect.stringMatching(/loopback.*CORDON_ALLOWED_HOSTS/) });
    }
  });
});
