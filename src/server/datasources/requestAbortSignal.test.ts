import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppViewDto } from '../../shared/api/apps';
import type { ExecuteResponse } from '../../shared/api/execute';
import { apiRoutes } from '../../shared/api/routes';
import {
  type TargetDatabase, type WorkspaceWithPeople, createAppWithQueries, createDatasource, createTargetDatabase, createWorkspaceWithPeople,
  expectStatus, publish, queryDef,
} from '../testing/dataTestKit';
import { headersFor } from '../testing/sessions';
import { type TestApp, createTestApp } from '../testing/testApp';

// Over a real socket, not inject(): Node's request stream is destroyed once its body was read,
// which inject() does not reproduce.
let t: TestApp;
let ws: WorkspaceWithPeople;
let target: TargetDatabase;
let datasourceId: string;
let base: string;

beforeAll(async () => {
  [t, target] = await Promise.all([createTestApp({ CORDON_ALLOWED_HOSTS: '127.0.0.1,::1,localhost' }), createTargetDatabase()]);
  ws = await createWorkspaceWithPeople(t.app);
  datasourceId = (await createDatasource(t.app, ws.builder.cookie, ws.workspaceId, target)).id;
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  // fetch keeps its connections alive; close() would wait for them.
  t.app.server.closeAllConnections();
  await t.close();
  await target.drop();
});

async function publishedAction(body: string, timeoutMs = 10_000): Promise<string> {
  const app = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [queryDef({ id: 'q1', name: 'Query1', datasourceId, body, timeoutMs })]);
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

describe('requestAbortSignal over HTTP', () => {
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
});
