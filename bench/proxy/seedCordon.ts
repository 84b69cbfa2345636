import { apiRoutes } from '../../src/shared/api/routes';
import type { AppViewDto } from '../../src/shared/api/apps';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config/loadConfig';
import {
  createAppWithQueries, createDatasource, createWorkspaceWithPeople, expectStatus, publish, queryDef,
} from '../../src/server/testing/dataTestKit';
import { headersFor } from '../../src/server/testing/sessions';

/** The published query of the benchmark, as a builder writes it. */
export const benchQueryBody = 'select * from bench_items where id = {{ Input1.text }}';
/** The params key the viewer's client sends for that binding (the expression between the braces). */
export const benchParamKey = ' Input1.text ';

export interface SeededCordon {
  actionId: string;
  /** `cordon_session=…` of an App Viewer of the workspace. */
  viewerCookie: string;
}

/**
 * Prepares a Cordon store through the real API (in this process, closed afterwards): a builder
 * creates a workspace, invites an App Viewer, adds the PostgreSQL datasource (with a password, so
 * the secret path runs; the local server trusts and ignores it), saves an app with the benchmark
 * query and publishes it. The viewer's session and the published action id are what the load
 * generator uses against the Cordon child server on the same store.
 */
export async function seedCordon(env: Record<string, string>, datasource: { name: string; host: string; port: number; user: string }): Promise<SeededCordon> {
  const app = await buildApp({ config: loadConfig(env), logger: false });
  try {
    const ws = await createWorkspaceWithPeople(app);
    const created = await createDatasource(app, ws.builder.cookie, ws.workspaceId, datasource, { name: 'Bench DB', password: 'bench-password' });
    const edited = await createAppWithQueries(app, ws.builder.cookie, ws.workspaceId, [
      queryDef({ id: 'q1', name: 'Query1', body: benchQueryBody, datasourceId: created.id }),
    ]);
    await publish(app, ws.builder.cookie, edited.id);
    const view = expectStatus(await app.inject({ method: 'GET', url: apiRoutes.viewApp(edited.id), headers: headersFor(ws.viewer.cookie) }), 200).json<AppViewDto>();
    const actionId = view.queries[0]?.id;
    if (!actionId) throw new Error('the published app has no action');
    // One run through the route, so a broken setup fails here and not as 32 connections of errors.
    expectStatus(await app.inject({
      method: 'POST', url: apiRoutes.executeAction(actionId), headers: headersFor(ws.viewer.cookie), payload: { params: { [benchParamKey]: '1' } },
    }), 200);
    return { actionId, viewerCookie: ws.viewer.cookie };
  } finally {
    await app.close();
  }
}
