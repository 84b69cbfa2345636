import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppViewDto } from '../../shared/api/apps';
import type { DatasourceDto, RestConfig } from '../../shared/api/datasources';
import type { RestRequest } from '../../shared/appDocument';
import { apiRoutes } from '../../shared/api/routes';
import { type WorkspaceWithPeople, createAppWithQueries, createWorkspaceWithPeople, expectStatus, publish, queryDef } from '../testing/dataTestKit';
import { headersFor } from '../testing/sessions';
import { type TestApp, createTestApp } from '../testing/testApp';
import { type Marker, Surfaces, captureLog, marker, storeSurfaces } from './canaryKit';

// Issue 4 canary on REST APIs (see postgresCanary.test.ts): a bearer token, an API key (in a
// header and in the query string) and a basic-auth password with unique markers, and a typed
// value, go through every path against a local HTTP server. That server is the "database under
// test": it must receive them; nothing else may hold them, not even when the API reflects the
// request back, fails with it in its body, or redirects to another origin.

const token = marker('CANARY_TOKEN');
const apiKey = marker('CANARY_APIKEY');
const password = marker('CANARY_SECRET');
const basicUser = 'canary';
const basicCredentials = Buffer.from(`${basicUser}:${password.text}`).toString('base64');
/** The basic-auth header value as a marker of its own (it holds the password only base64-encoded). */
const basicForm: Marker = { text: basicCredentials, tail: basicCredentials };
const value = marker('CANARY_VALUE');
const log = captureLog();
const surfaces = new Surfaces();

interface Received { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }
const apiReceived: Received[] = [];
const otherOriginReceived: Received[] = [];
let api: http.Server;
let otherOrigin: http.Server;
let apiBase: string;
let t: TestApp;
let ws: WorkspaceWithPeople;

function authorized(request: http.IncomingMessage, url: URL): boolean {
  return request.headers.authorization === `Bearer ${token.text}` || request.headers.authorization === `Basic ${basicCredentials}`
    || request.headers['x-api-key'] === apiKey.text || url.searchParams.get('api_key') === apiKey.text;
}

/** The API: checks the credentials, and (on purpose) reflects, fails with and redirects the request. */
async function startApi(): Promise<void> {
  api = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
    request.on('end', () => {
      apiReceived.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      const url = new URL(request.url ?? '/', 'http://x');
      const json = (status: number, data: unknown) => { response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data)); };
      if (!authorized(request, url)) return json(401, { error: `not authorized: ${request.headers.authorization ?? ''} ${url.search}` });
      if (url.pathname === '/') return json(200, { ok: true });
      if (url.pathname === '/items') return json(200, [{ id: 1, v: url.searchParams.get('v') }]);
      // An API that echoes the request (like httpbin's /anything): headers, URL and body. Cordon
      // must mask the credentials it added before the answer reaches the builder or a viewer.
      if (url.pathname === '/reflect') return json(200, { headers: request.headers, url: request.url, body });
      if (url.pathname === '/fail') return json(500, { error: `failed: ${request.headers.authorization ?? ''} ${request.headers['x-api-key'] ?? ''} ${request.url} ${body}` });
      if (url.pathname === '/redirect') {
        response.writeHead(302, { location: `http://localhost:${(otherOrigin.address() as AddressInfo).port}/steal` }).end();
        return;
      }
      json(404, {});
    });
  });
  otherOrigin = http.createServer((request, response) => {
    otherOriginReceived.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: '' });
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"stolen":false}');
  });
  api.listen(0, '127.0.0.1');
  otherOrigin.listen(0, '127.0.0.1');
  await Promise.all([once(api, 'listening'), once(otherOrigin, 'listening')]);
  apiBase = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  await startApi();
  t = await createTestApp({ LOG_LEVEL: 'debug', CORDON_ALLOWED_HOSTS: '127.0.0.1,::1,localhost' }, { logger: { stream: log.stream } });
  ws = await createWorkspaceWithPeople(t.app);
});
afterAll(async () => {
  await t?.close();
  api?.closeAllConnections();
  otherOrigin?.closeAllConnections();
  await Promise.all([api && new Promise((resolve) => api.close(resolve)), otherOrigin && new Promise((resolve) => otherOrigin.close(resolve))]);
});

async function call(label: string, method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string | undefined, payload?: unknown): Promise<LightMyRequestResponse> {
  const response = await t.app.inject({ method, url, headers: cookie ? headersFor(cookie) : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
  surfaces.add(label, `${response.statusCode} ${JSON.stringify(response.headers)}\n${response.body}`);
  return response;
}

const variants: Array<{ name: string; auth: RestConfig['auth']; secrets: Record<string, string>; wrong: Record<string, string> }> = [
  { name: 'bearer', auth: { type: 'bearer' }, secrets: { token: token.text }, wrong: { token: `WRONG_${token.text}` } },
  { name: 'apiKey header', auth: { type: 'apiKey', name: 'X-Api-Key', in: 'header' }, secrets: { apiKey: apiKey.text }, wrong: { apiKey: `WRONG_${apiKey.text}` } },
  { name: 'apiKey query', auth: { type: 'apiKey', name: 'api_key', in: 'query' }, secrets: { apiKey: apiKey.text }, wrong: { apiKey: `WRONG_${apiKey.text}` } },
  { name: 'basic', auth: { type: 'basic', username: basicUser }, secrets: { password: password.text }, wrong: { password: `WRONG_${password.text}` } },
];

function rest(overrides: Partial<RestRequest>): RestRequest {
  return { method: 'GET', path: '', queryParams: [], headers: [], bodyType: 'none', body: '', formFields: [], ...overrides };
}

/** Rows and REST bodies that the person who asked gets back: the value may be in them (never a secret). */
const valueBelongsIn: string[] = [];
const datasources: DatasourceDto[] = [];

describe('canary on REST APIs: the secrets and the typed value leak nowhere', () => {
  it.each(variants)('$name: save, list, read, change and test, with the right and a wrong secret', async (variant) => {
    const config = { baseUrl: apiBase, headers: [], queryParams: [], auth: variant.auth };
    const ds = expectStatus(await call(`${variant.name}: create`, 'POST', apiRoutes.datasources(ws.workspaceId), ws.builder.cookie, {
      name: `Canary ${variant.name}`, kind: 'rest', config, secrets: variant.secrets,
    }), 201).json<DatasourceDto>();
    datasources.push(ds);
    expectStatus(await call(`${variant.name}: list`, 'GET', apiRoutes.datasources(ws.workspaceId), ws.builder.cookie), 200);
    expectStatus(await call(`${variant.name}: get`, 'GET', apiRoutes.datasource(ds.id), ws.builder.cookie), 200);
    expectStatus(await call(`${variant.name}: patch`, 'PATCH', apiRoutes.datasource(ds.id), ws.builder.cookie, { name: `Canary ${variant.name} 2`, secrets: variant.secrets }), 200);
    expectStatus(await call(`${variant.name}: test saved`, 'POST', apiRoutes.testDatasource(ds.id), ws.builder.cookie, {}), 200);
    expectStatus(await call(`${variant.name}: test draft`, 'POST', apiRoutes.testDatasourceDraft(ws.workspaceId), ws.builder.cookie, {
      name: 'Draft', kind: 'rest', config, secrets: variant.secrets,
    }), 200);
    // The API answers 401 with the credentials it got in its body; the answer must not carry them.
    const wrong = await call(`${variant.name}: test draft (wrong secret)`, 'POST', apiRoutes.testDatasourceDraft(ws.workspaceId), ws.builder.cookie, {
      name: 'Draft', kind: 'rest', config, secrets: variant.wrong,
    });
    expect(wrong.statusCode).toBe(502);
  });

  it.each(variants.map((variant, index) => ({ ...variant, index })))('$name: queries that read, reflect, fail and redirect, in edit and view mode', async (variant) => {
    const ds = datasources[variant.index]!;
    const edit = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [
      queryDef({ id: 'qr', name: 'Read', datasourceId: ds.id, body: '', rest: rest({ path: '/items', queryParams: [{ name: 'v', value: '{{ v }}' }] }) }),
      queryDef({ id: 'qw', name: 'Write', datasourceId: ds.id, body: '', rest: rest({ method: 'POST', path: '/items', bodyType: 'json', body: '{"v": {{ v }}}' }) }),
      queryDef({ id: 'qx', name: 'Reflect', datasourceId: ds.id, body: '', rest: rest({ path: '/reflect' }) }),
      queryDef({ id: 'qf', name: 'Fail', datasourceId: ds.id, body: '', rest: rest({ method: 'POST', path: '/fail', bodyType: 'json', body: '{"v": {{ v }}}' }) }),
      queryDef({ id: 'qd', name: 'Redirect', datasourceId: ds.id, body: '', rest: rest({ path: '/redirect' }) }),
    ]);
    const draft = (label: string, queryId: string, params: Record<string, unknown> = {}) => call(`${variant.name}: draft ${label}`, 'POST', apiRoutes.runDraftQuery(edit.id, queryId), ws.builder.cookie, { params });
    valueBelongsIn.push(`${variant.name}: draft read (rows)`, `${variant.name}: view read (rows)`,
      // Edit mode shows the start of a failed response's body to the builder who typed the value.
      `${variant.name}: draft fail (edit-mode error, own value)`);

    const read = expectStatus(await draft('read (rows)', 'qr', { ' v ': value.text }), 200);
    expect(read.body).toContain(value.text);
    expectStatus(await draft('write', 'qw', { ' v ': value.text }), 200);
    expectStatus(await draft('reflect', 'qx'), 200);
    expect((await draft('fail (edit-mode error, own value)', 'qf', { ' v ': value.text })).statusCode).toBe(400);
    // A redirect to another origin: followed, without the credentials.
    expectStatus(await draft('redirect', 'qd'), 200);

    await publish(t.app, ws.builder.cookie, edit.id);
    const dto = expectStatus(await call(`${variant.name}: view DTO`, 'GET', apiRoutes.viewApp(edit.id), ws.viewer.cookie), 200).json<AppViewDto>();
    const action = (name: string) => dto.queries.find((q) => q.name === name)!.id;
    const execute = (label: string, name: string, params: Record<string, unknown> = {}) => call(`${variant.name}: view ${label}`, 'POST', apiRoutes.executeAction(action(name)), ws.viewer.cookie, { params });
    expect(expectStatus(await execute('read (rows)', 'Read', { ' v ': value.text }), 200).body).toContain(value.text);
    expectStatus(await execute('reflect', 'Reflect'), 200);
    expect((await execute('fail', 'Fail', { ' v ': value.text })).statusCode).toBe(400);
    expectStatus(await execute('redirect', 'Redirect'), 200);
    expectStatus(await call(`${variant.name}: export`, 'GET', apiRoutes.exportApp(edit.id), ws.builder.cookie), 200);
    expectStatus(await call(`${variant.name}: app edit DTO`, 'GET', apiRoutes.app(edit.id), ws.builder.cookie), 200);
  });

  it('finds the markers nowhere but where they belong', async () => {
    expectStatus(await call('OpenAPI document', 'GET', apiRoutes.openapi, undefined), 200);
    expect(t.app.log.level).toBe('debug');
    expect(log.text()).toContain(datasources[0]!.id);
    surfaces.add('log', log.text());
    for (const s of await storeSurfaces(t.app, t.dataDir)) surfaces.add(s.label, s.text);
    // The other origin got the redirected requests, and never a credential.
    expect(otherOriginReceived.length).toBeGreaterThanOrEqual(variants.length * 2);
    surfaces.add('requests received by the other origin', JSON.stringify(otherOriginReceived));
    expect(surfaces.size).toBeGreaterThan(60);

    // One assertion that lists every leak of every marker.
    const leaks = Object.fromEntries([
      ...[token, apiKey, password, basicForm].map((secret) => [secret.text, surfaces.find(secret)] as const),
      [value.text, surfaces.find(value, valueBelongsIn)] as const,
    ].filter(([, found]) => found.length > 0).map(([text, found]) => [text.replace(/_[0-9a-f]{16}$/, '').slice(0, 20), found]));
    expect(leaks).toEqual({});

    // Where they belong: the API got every credential and the value.
    const apiText = JSON.stringify(apiReceived);
    for (const expected of [`Bearer ${token.text}`, apiKey.text, `api_key=${apiKey.text}`, `Basic ${basicCredentials}`, value.text]) expect(apiText).toContain(expected);
    const stored = await t.app.db.selectFrom('datasources').select(['id', 'secrets']).execute();
    const opened = stored.flatMap((row) => Object.values(JSON.parse(row.secrets) as Record<string, string>)).map((envelope) => t.app.secretBox.decrypt(envelope));
    expect(new Set(opened)).toEqual(new Set([token.text, apiKey.text, password.text]));
  });
});
