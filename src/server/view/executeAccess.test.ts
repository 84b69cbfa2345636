import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppViewDto } from '../../shared/api/apps';
import type { ExecuteResponse } from '../../shared/api/execute';
import { apiRoutes } from '../../shared/api/routes';
import {
  type TargetDatabase, type WorkspaceWithPeople, createAppWithQueries, createDatasource, createTargetDatabase, createWorkspaceWithPeople,
  expectStatus, publish, queryDef,
} from '../testing/dataTestKit';
import { hashSessionToken } from '../auth/sessionStore';
import { updateSecuritySettings } from '../security/securitySettings';
import { headersFor, sessionCookieFrom, signUpUser } from '../testing/sessions';
import { type TestApp, createTestApp } from '../testing/testApp';
import { serializeExecuteResponse } from './executeRoutes';

// The execute route reads the action, the caller's membership and the datasource in one store
// query on every request: each change below must count on the very next execute.
let t: TestApp;
let ws: WorkspaceWithPeople;
let target: TargetDatabase;
let datasourceId: string;

beforeAll(async () => {
  [t, target] = await Promise.all([createTestApp({ CORDON_ALLOWED_HOSTS: '127.0.0.1,::1,localhost' }), createTargetDatabase()]);
  ws = await createWorkspaceWithPeople(t.app);
  datasourceId = (await createDatasource(t.app, ws.builder.cookie, ws.workspaceId, target)).id;
});
afterAll(async () => {
  await t.close();
  await target.drop();
});

async function publishedAction(body = 'select {{ n }}::int as n'): Promise<{ appId: string; actionId: string }> {
  const app = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [queryDef({ id: 'q1', name: 'Query1', datasourceId, body })]);
  await publish(t.app, ws.builder.cookie, app.id);
  const dto = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.viewApp(app.id), headers: headersFor(ws.builder.cookie) }), 200).json<AppViewDto>();
  return { appId: app.id, actionId: dto.queries[0]!.id };
}

function execute(actionId: string, cookie: string | undefined, params: Record<string, unknown> = { ' n ': 1 }) {
  return t.app.inject({ method: 'POST', url: apiRoutes.executeAction(actionId), headers: cookie === undefined ? {} : headersFor(cookie), payload: { params } });
}

async function addViewer(): Promise<{ cookie: string; userId: string; email: string; password: string }> {
  const viewer = await signUpUser(t.app);
  expectStatus(await t.app.inject({
    method: 'POST', url: apiRoutes.members(ws.workspaceId), headers: headersFor(ws.builder.cookie), payload: { email: viewer.email, role: 'app_viewer' },
  }), 201);
  return { cookie: viewer.cookie, userId: viewer.user.id, email: viewer.email, password: viewer.password };
}

describe('execute checks access on every request', () => {
  it('answers 401 without a session, and after sign-out on the very next request', async () => {
    const { actionId } = await publishedAction();
    expect((await execute(actionId, undefined)).statusCode).toBe(401);
    const viewer = await addViewer();
    expect(expectStatus(await execute(actionId, viewer.cookie), 200).json<ExecuteResponse>().rows).toEqual([{ n: 1 }]);
    expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.signOut, headers: headersFor(viewer.cookie), payload: {} }), 204);
    const after = await execute(actionId, viewer.cookie);
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'unauthenticated' });
  });

  it('treats the session as the auth hook does: an expired one is 401 and deleted, a stale one slides and re-sends the cookie', async () => {
    const { actionId } = await publishedAction();
    const viewer = await addViewer();
    const sessionOf = () => t.app.db.selectFrom('sessions').select(['id', 'last_used_at', 'expires_at']).where('user_id', '=', viewer.userId).executeTakeFirst();
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    await t.app.db.updateTable('sessions').set({ last_used_at: hourAgo }).where('user_id', '=', viewer.userId).execute();
    const slid = expectStatus(await execute(actionId, viewer.cookie), 200);
    expect(String(slid.headers['set-cookie'])).toMatch(/^cordon_session=/);
    expect(Date.parse((await sessionOf())!.last_used_at)).toBeGreaterThan(Date.parse(hourAgo));
    // Used a moment ago: no write, no cookie.
    expect(expectStatus(await execute(actionId, viewer.cookie), 200).headers['set-cookie']).toBeUndefined();

    await t.app.db.updateTable('sessions').set({ expires_at: hourAgo }).where('user_id', '=', viewer.userId).execute();
    const expired = await execute(actionId, viewer.cookie);
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: 'unauthenticated' });
    expect(await sessionOf()).toBeUndefined();
  });

  it('slides a session by its own duration (sessionDurationHours when it was made); a session revoked on the account page is 401 at once', async () => {
    const { actionId } = await publishedAction();
    const viewer = await addViewer();
    const hourMs = 3_600_000;
    await updateSecuritySettings(t.app.db, { sessionDurationHours: 2 });
    try {
      const signedIn = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: viewer.email, password: viewer.password } }), 200);
      const cookie = sessionCookieFrom(signedIn.headers['set-cookie']);
      const byToken = () => t.app.db.selectFrom('sessions').select(['id', 'last_used_at', 'expires_at']).where('token_hash', '=', hashSessionToken(cookie.split('=')[1]!)).executeTakeFirstOrThrow();
      const hourAgo = Date.now() - hourMs;
      await t.app.db.updateTable('sessions').set({ last_used_at: new Date(hourAgo).toISOString(), expires_at: new Date(hourAgo + 2 * hourMs).toISOString() }).where('id', '=', (await byToken()).id).execute();
      expectStatus(await execute(actionId, cookie), 200);
      const slid = await byToken();
      expect(Date.parse(slid.last_used_at)).toBeGreaterThan(hourAgo);
      expect(Date.parse(slid.expires_at) - Date.parse(slid.last_used_at)).toBe(2 * hourMs);

      expectStatus(await t.app.inject({ method: 'DELETE', url: apiRoutes.accountSession(slid.id), headers: headersFor(viewer.cookie) }), 204);
      expect((await execute(actionId, cookie)).statusCode).toBe(401);
      expectStatus(await execute(actionId, viewer.cookie), 200);
    } finally {
      await updateSecuritySettings(t.app.db, { sessionDurationHours: 24 * 30 });
    }
  });

  it('answers 401 to a cookie that is no session, even for an unknown action', async () => {
    expect((await execute('act_does_not_exist', 'cordon_session=not-a-token')).statusCode).toBe(401);
  });

  it('answers 404 to a member removed from the workspace on the very next request', async () => {
    const { actionId } = await publishedAction();
    const viewer = await addViewer();
    expect(expectStatus(await execute(actionId, viewer.cookie, { ' n ': 2 }), 200).json<ExecuteResponse>().rows).toEqual([{ n: 2 }]);
    expectStatus(await t.app.inject({ method: 'DELETE', url: apiRoutes.member(ws.workspaceId, viewer.userId), headers: headersFor(ws.builder.cookie) }), 204);
    const after = await execute(actionId, viewer.cookie);
    expect(after.statusCode).toBe(404);
    expect(after.json()).toEqual({ code: 'not_found', message: 'No such action.' });
  });

  it('answers 404 to a signed-in user who never was a member, exactly as to an unknown action', async () => {
    const { actionId } = await publishedAction();
    const stranger = await signUpUser(t.app);
    const refused = await execute(actionId, stranger.cookie);
    const unknown = await execute('act_does_not_exist', stranger.cookie);
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toEqual(unknown.json());
  });

  it('stops running the actions of a deleted app on the very next request', async () => {
    const { appId, actionId } = await publishedAction();
    expectStatus(await execute(actionId, ws.viewer.cookie), 200);
    expectStatus(await t.app.inject({ method: 'DELETE', url: apiRoutes.app(appId), headers: headersFor(ws.builder.cookie) }), 204);
    expect((await execute(actionId, ws.viewer.cookie)).statusCode).toBe(404);
  });

  it('stops running an action replaced by a new publish, and runs the new one', async () => {
    const { appId, actionId } = await publishedAction();
    expectStatus(await execute(actionId, ws.viewer.cookie), 200);
    await publish(t.app, ws.builder.cookie, appId);
    expect((await execute(actionId, ws.viewer.cookie)).statusCode).toBe(404);
  });

  it('uses the datasource as it is now: an edit counts on the very next request', async () => {
    const other = await createTargetDatabase();
    try {
      await other.query("create table marker (v text); insert into marker values ('other')");
      await target.query("create table if not exists marker (v text); delete from marker; insert into marker values ('first')");
      const { actionId } = await publishedAction('select v from marker');
      expect(expectStatus(await execute(actionId, ws.viewer.cookie, {}), 200).json<ExecuteResponse>().rows).toEqual([{ v: 'first' }]);
      const ds = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.datasource(datasourceId), headers: headersFor(ws.builder.cookie) }), 200).json<{ config: Record<string, unknown> }>();
      const patch = (database: string) => t.app.inject({
        method: 'PATCH', url: apiRoutes.datasource(datasourceId), headers: headersFor(ws.builder.cookie), payload: { config: { ...ds.config, database } },
      });
      expectStatus(await patch(other.name), 200);
      expect(expectStatus(await execute(actionId, ws.viewer.cookie, {}), 200).json<ExecuteResponse>().rows).toEqual([{ v: 'other' }]);
      expectStatus(await patch(target.name), 200);
      expect(expectStatus(await execute(actionId, ws.viewer.cookie, {}), 200).json<ExecuteResponse>().rows).toEqual([{ v: 'first' }]);
    } finally {
      await other.drop();
    }
  });
});

describe('the execute response', () => {
  it('carries exactly the fields of the schema, nothing a driver added', async () => {
    const { actionId } = await publishedAction();
    const response = expectStatus(await execute(actionId, ws.viewer.cookie), 200);
    expect(Object.keys(response.json()).sort()).toEqual(['durationMs', 'fields', 'rowCount', 'rows', 'truncated']);
    const withExtras = {
      rows: [{ a: 1 }], fields: [{ name: 'a', dataTypeID: 23 }], rowCount: 1, truncated: false, durationMs: 2, secret: 'x',
      http: { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok', rawHeaders: ['set-cookie', 'y'] },
    };
    expect(JSON.parse(serializeExecuteResponse(withExtras))).toEqual({
      rows: [{ a: 1 }], fields: [{ name: 'a' }], rowCount: 1, truncated: false, durationMs: 2,
      http: { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' },
    });
  });
});
