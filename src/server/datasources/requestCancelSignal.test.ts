import { once } from 'node:events';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasourceDto } from '../../shared/api/datasources';
import type { RestRequest } from '../../shared/appDocument';
import type { AppViewDto } from '../../shared/api/apps';
import type { ExecuteResponse } from '../../shared/api/execute';
import { apiRoutes } from '../../shared/api/routes';
import {
  type TargetDatabase, type WorkspaceWithPeople, createAppWithQueries, createDatasource, createTargetDatabase, createWorkspaceWithPeople,
  expectStatus, publish, queryDef,
} from '../testing/dataTestKit';
import { headersFor } from '../testing/sessions';
import { type TestApp, createTestApp } from '../testing/testApp';
import { abortSignalOf } from './CancelSignal';
import { ClientGoneSignal } from './requestCancelSignal';

// Over a real socket, not inject(): Node's request stream is destroyed once its body was read,
// which inject() does not reproduce.
let t: TestApp;
let ws: WorkspaceWithPeople;
let target: TargetDatabase;
let datasourceId: string;
let base: string;
// A REST API that never answers (its responses are kept, unanswered, until the test ends).
let api: Server;
let restDatasourceId: string;
const unanswered: ServerResponse[] = [];

beforeAll(async () => {
  [t, target] = await Promise.all([createTestApp({ CORDON_ALLOWED_HOSTS: '127.0.0.1,::1,localhost' }), createTargetDatabase()]);
  ws = await createWorkspaceWithPeople(t.app);
  datasourceId = (await createDatasource(t.app, ws.builder.cookie, ws.workspaceId, target)).id;
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  api = createServer((_request, response) => unanswered.push(response));
  api.listen(0, '127.0.0.1');
  await once(api, 'listening');
  const created = await t.app.inject({
    method: 'POST', url: apiRoutes.datasources(ws.workspaceId), headers: headersFor(ws.builder.cookie),
    payload: { name: 'Slow API', kind: 'rest', config: { baseUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}` } },
  });
  restDatasourceId = expectStatus(created, 201).json<DatasourceDto>().id;
});
afterAll(async () => {
  // fetch keeps its connections alive; close() would wait for them.
  t.app.server.closeAllConnections();
  api.closeAllConnections();
  api.close();
  await t.close();
  await target.drop();
});

async function publishedAction(body: string, timeoutMs = 10_000, rest?: RestRequest): Promise<string> {
  const query = queryDef({ id: 'q1', name: 'Query1', datasourceId: rest ? restDatasourceId : datasourceId, body, timeoutMs, ...(rest ? { rest } : {}) });
  const app = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [query]);
  await publish(t.app, ws.builder.cookie, app.id);
  const dto = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.viewApp(app.id), headers: headersFor(ws.viewer.cookie) }), 200).json<AppViewDto>();
  return dto.queries[0]!.id;
}

function execute(actionId: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<Response> {
  return fetch(`${base}${apiRoutes.executeAction(actionId)}`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie: ws.viewer.cookie }, body: JSON.stringify({ params }), signal,
  });
}

async function sleepingBackends(): Promise<number> {
  const rows = await target.query<{ n: string }>("select count(*) as n from pg_stat_activity where datname = $1 and query like 'select pg_sleep%' and state = 'active'", [target.name]);
  return Number(rows[0]?.n ?? 0);
}

describe('ClientGoneSignal', () => {
  it('runs each listener once, in order, on the first abort; removed and late listeners never run', () => {
    const signal = new ClientGoneSignal();
    const calls: string[] = [];
    const removed = () => calls.push('removed');
    signal.addEventListener('abort', () => calls.push('first'));
    signal.addEventListener('abort', removed);
    signal.addEventListener('abort', () => calls.push('second'));
    signal.removeEventListener('abort', removed);
    expect(signal.aborted).toBe(false);
    signal.abort();
    signal.abort();
    signal.addEventListener('abort', () => calls.push('late'));
    expect(signal.aborted).toBe(true);
    expect(calls).toEqual(['first', 'second']);
  });

  it('gives fetch a real AbortSignal that aborts with it (abortSignalOf)', () => {
    const signal = new ClientGoneSignal();
    const linked = abortSignalOf(signal);
    expect(linked).toBeInstanceOf(AbortSignal);
    expect(linked.aborted).toBe(false);
    signal.abort();
    expect(linked.aborted).toBe(true);
    const already = new ClientGoneSignal();
    already.abort();
    expect(abortSignalOf(already).aborted).toBe(true);
    const native = new AbortController().signal;
    expect(abortSignalOf(native)).toBe(native);
  });
});

describe('requestCancelSignal over HTTP', () => {
  it('runs a query whose request had a body (the read body is no cancel)', async () => {
    const actionId = await publishedAction('select {{ n }}::int as n');
    const response = await execute(actionId, { ' n ': 7 });
    expect(response.status).toBe(200);
    expect((await response.json() as ExecuteResponse).rows).toEqual([{ n: 7 }]);
  });

  it('cancels the statement when the client goes away', async () => {
    const actionId = await publishedAction('select pg_sleep(60)', 120_000);
    const controller = new AbortController();
    const pending = execute(actionId, {}, controller.signal).catch(() => 'aborted');
    while ((await sleepingBackends()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    expect(await pending).toBe('aborted');
    // Without the cancel the statement would sleep for a minute, far past the test's time limit.
    while ((await sleepingBackends()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await sleepingBackends()).toBe(0);
  }, 20_000);

  it('aborts the outgoing REST request when the client goes away', async () => {
    const rest: RestRequest = { method: 'GET', path: '/slow', queryParams: [], headers: [], bodyType: 'none', body: '', formFields: [] };
    const actionId = await publishedAction('', 120_000, rest);
    const arrived = once(api, 'request');
    const controller = new AbortController();
    const pending = execute(actionId, {}, controller.signal).catch(() => 'aborted');
    const [request] = await arrived as [IncomingMessage];
    const closed = once(request.socket, 'close');
    controller.abort();
    expect(await pending).toBe('aborted');
    // Without the cancel Cordon's request would wait two minutes, far past the test's time limit.
    await closed;
    expect(request.socket.destroyed).toBe(true);
  }, 20_000);
});
