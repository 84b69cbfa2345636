import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEditDto, AppViewDto } from '../../shared/api/apps';
import type { DatasourceDto } from '../../shared/api/datasources';
import { apiRoutes } from '../../shared/api/routes';
import type { Role } from '../../shared/api/workspaces';
import { createAppWithQueries, expectStatus, publish, queryDef } from '../testing/dataTestKit';
import { createTestApp, type TestApp } from '../testing/testApp';
import { headersFor, sessionCookieFrom, signUpUser, type SignedUpUser } from '../testing/sessions';
import { registeredApiRoutes, routeKey } from './registeredApiRoutes';
import {
  type Caller, type Context, type RouteCase, administrators, all, callers, developers, instanceAdmins, members, randomAddress, signedIn,
} from './roleByRouteKit';
import { adminCases } from './roleByRoute.adminCases';
import { emailCases } from './roleByRoute.emailCases';
import { phoneCases } from './roleByRoute.phoneCases';
import { recoveryCases } from './roleByRoute.recoveryCases';
import { twoFactorCases } from './roleByRoute.twoFactorCases';

/**
 * Issue 5: every API route the server registers, against every kind of caller, with the status
 * a careful reviewer expects: 401 signed out, 404 for people outside the workspace (so ids leak
 * nothing), 403 for a role too low, 2xx when allowed. The last test fails when a registered /api
 * route has no case here, so a new route cannot slip through.
 *
 * Callers: `anonymous`; the three workspace roles; `outsider`, a member of another workspace;
 * `instance_admin`, the FIRST account of the test app (users.is_instance_admin = 1), which is NOT a
 * member of the target workspace. Instance administration gives no workspace access, so on workspace
 * routes it gets what an outsider gets; only /api/v1/admin routes differ. A case may leave
 * `instance_admin` out: it then expects the outsider's status.
 *
 * A new route: add one case (method, route as `apiRoutes.x(':param')`, a request that succeeds for
 * the allowed callers, the expected statuses) next to its neighbours; the helpers `members`,
 * `developers`, `administrators`, `instanceAdmins`, `signedIn` and `all` name the usual shapes.
 */
const sqliteQuery = (datasourceId: string) => queryDef({ id: 'q1', name: 'Query1', datasourceId, body: 'select 1 as one' });

const coreCases: RouteCase[] = [
  // Public and auth.
  { method: 'GET', route: apiRoutes.health, request: async () => ({ url: apiRoutes.health }), expected: all(200) },
  { method: 'GET', route: apiRoutes.openapi, request: async () => ({ url: apiRoutes.openapi }), expected: all(200) },
  { method: 'GET', route: apiRoutes.config, request: async () => ({ url: apiRoutes.config }), expected: all(200) },
  { method: 'POST', route: apiRoutes.signUp, request: async () => ({ url: apiRoutes.signUp, payload: { email: `new-${Math.random().toString(36).slice(2)}@example.test`, password: 'correct horse battery staple', name: 'New' }, remoteAddress: randomAddress() }),
    expected: all(201) },
  { method: 'POST', route: apiRoutes.signIn, request: async ({ freshAccount }) => {
    const other = await freshAccount();
    return { url: apiRoutes.signIn, payload: { email: other.email, password: other.password }, remoteAddress: randomAddress() };
  }, expected: all(200) },
  // Signs out a second session of the caller, so the caller's own cookie stays valid for later cases.
  { method: 'POST', route: apiRoutes.signOut, request: async ({ secondSession }, caller) => ({ url: apiRoutes.signOut, cookie: (await secondSession(caller))?.cookie }), expected: all(204) },
  { method: 'GET', route: apiRoutes.me, request: async () => ({ url: apiRoutes.me }), expected: signedIn(200) },

  // Workspaces and members.
  { method: 'GET', route: apiRoutes.workspaces, request: async () => ({ url: apiRoutes.workspaces }), expected: signedIn(200) },
  { method: 'POST', route: apiRoutes.workspaces, request: async () => ({ url: apiRoutes.workspaces, payload: { name: 'Another' } }), expected: signedIn(201) },
  { method: 'GET', route: apiRoutes.members(':ws'), request: async ({ workspaceId }) => ({ url: apiRoutes.members(workspaceId) }), expected: members(200) },
  { method: 'POST', route: apiRoutes.members(':ws'), request: async ({ workspaceId, freshAccount }) => ({ url: apiRoutes.members(workspaceId), payload: { email: (await freshAccount()).email, role: 'developer' } }),
    expected: administrators(201) },
  { method: 'PATCH', route: apiRoutes.member(':ws', ':userId'), request: async ({ workspaceId, freshMember }) => ({ url: apiRoutes.member(workspaceId, (await freshMember()).user.id), payload: { role: 'developer' } }),
    expected: administrators(200) },
  { method: 'DELETE', route: apiRoutes.member(':ws', ':userId'), request: async ({ workspaceId, freshMember }) => ({ url: apiRoutes.member(workspaceId, (await freshMember()).user.id) }),
    expected: administrators(204) },

  // Apps (edit mode).
  { method: 'GET', route: apiRoutes.workspaceApps(':ws'), request: async ({ workspaceId }) => ({ url: apiRoutes.workspaceApps(workspaceId) }), expected: members(200) },
  { method: 'POST', route: apiRoutes.workspaceApps(':ws'), request: async ({ workspaceId }) => ({ url: apiRoutes.workspaceApps(workspaceId), payload: { name: 'Made' } }), expected: developers(201) },
  { method: 'POST', route: apiRoutes.importApp(':ws'), request: async ({ workspaceId, exportFile }) => ({ url: apiRoutes.importApp(workspaceId), payload: await exportFile() }), expected: developers(201) },
  { method: 'GET', route: apiRoutes.app(':app'), request: async ({ appId }) => ({ url: apiRoutes.app(appId) }), expected: developers(200) },
  { method: 'PUT', route: apiRoutes.app(':app'), request: async ({ currentApp }) => {
    const current = await currentApp();
    return { url: apiRoutes.app(current.id), payload: { version: current.version, document: current.document } };
  }, expected: developers(200) },
  { method: 'DELETE', route: apiRoutes.app(':app'), request: async ({ freshApp }) => ({ url: apiRoutes.app((await freshApp()).id) }), expected: developers(204) },
  { method: 'PUT', route: apiRoutes.appEmbedding(':app'), request: async ({ appId }) => ({ url: apiRoutes.appEmbedding(appId), payload: { mode: 'same-origin', origins: [] } }), expected: developers(200) },
  { method: 'POST', route: apiRoutes.publishApp(':app'), request: async ({ appId }) => ({ url: apiRoutes.publishApp(appId), payload: {} }), expected: developers(200) },
  { method: 'GET', route: apiRoutes.exportApp(':app'), request: async ({ appId }) => ({ url: apiRoutes.exportApp(appId) }), expected: developers(200) },
  { method: 'POST', route: apiRoutes.runDraftQuery(':app', ':queryId'), request: async ({ appId }) => ({ url: apiRoutes.runDraftQuery(appId, 'q1'), payload: { params: {} } }), expected: developers(200) },

  // Apps (view mode).
  { method: 'GET', route: apiRoutes.viewApp(':app'), request: async ({ appId }) => ({ url: apiRoutes.viewApp(appId) }), expected: members(200) },
  { method: 'POST', route: apiRoutes.executeAction(':actionId'), request: async ({ actionId }) => ({ url: apiRoutes.executeAction(await actionId()), payload: { params: {} } }), expected: members(200) },

  // Datasources.
  { method: 'GET', route: apiRoutes.datasources(':ws'), request: async ({ workspaceId }) => ({ url: apiRoutes.datasources(workspaceId) }), expected: developers(200) },
  { method: 'POST', route: apiRoutes.datasources(':ws'), request: async ({ workspaceId, datasource }) => ({ url: apiRoutes.datasources(workspaceId), payload: { name: `Copy ${Math.random()}`, kind: 'sqlite', config: datasource.config } }),
    expected: developers(201) },
  { method: 'POST', route: apiRoutes.testDatasourceDraft(':ws'), request: async ({ workspaceId, datasource }) => ({ url: apiRoutes.testDatasourceDraft(workspaceId), payload: { name: 'Draft', kind: 'sqlite', config: datasource.config } }),
    expected: developers(200) },
  // The sample exists already (made in beforeAll): asking again answers it with 200.
  { method: 'POST', route: apiRoutes.sampleDatasource(':ws'), request: async ({ workspaceId }) => ({ url: apiRoutes.sampleDatasource(workspaceId), payload: {} }), expected: developers(200) },
  { method: 'GET', route: apiRoutes.sqliteFiles(':ws'), request: async ({ workspaceId }) => ({ url: apiRoutes.sqliteFiles(workspaceId) }), expected: developers(200) },
  { method: 'GET', route: apiRoutes.datasource(':id'), request: async ({ datasource }) => ({ url: apiRoutes.datasource(datasource.id) }), expected: developers(200) },
  { method: 'PATCH', route: apiRoutes.datasource(':id'), request: async ({ datasource }) => ({ url: apiRoutes.datasource(datasource.id), payload: { name: datasource.name } }), expected: developers(200) },
  { method: 'DELETE', route: apiRoutes.datasource(':id'), request: async ({ freshDatasource }) => ({ url: apiRoutes.datasource((await freshDatasource()).id) }), expected: developers(204) },
  { method: 'POST', route: apiRoutes.testDatasource(':id'), request: async ({ datasource }) => ({ url: apiRoutes.testDatasource(datasource.id), payload: {} }), expected: developers(200) },

  // The caller's own account: every signed-in caller, whatever its roles.
  { method: 'PATCH', route: apiRoutes.accountPassword, request: async ({ account }, caller) => {
    const me = account(caller);
    if (!me) return { url: apiRoutes.accountPassword, payload: { currentPassword: 'correct horse battery staple', newPassword: 'another long passphrase 1' } };
    const newPassword = `${me.password.split(' #')[0]} #${Math.random().toString(36).slice(2)}`;
    const payload = { currentPassword: me.password, newPassword };
    me.password = newPassword; // the caller's later sign-ins (secondSession) use the new one
    return { url: apiRoutes.accountPassword, payload };
  }, expected: signedIn(200) },
  { method: 'GET', route: apiRoutes.accountSessions, request: async () => ({ url: apiRoutes.accountSessions }), expected: signedIn(200) },
  { method: 'DELETE', route: apiRoutes.accountSessions, request: async () => ({ url: apiRoutes.accountSessions }), expected: signedIn(200) },
  { method: 'DELETE', route: apiRoutes.accountSession(':sessionId'), request: async ({ secondSession }, caller) => ({ url: apiRoutes.accountSession((await secondSession(caller))?.id ?? 'ses_none') }),
    expected: signedIn(204) },
  { method: 'DELETE', route: apiRoutes.accountSession(':sessionId'), name: "DELETE /api/v1/account/sessions/:sessionId of the developer's session", request: async ({ secondSession }) => ({ url: apiRoutes.accountSession((await secondSession('developer'))!.id) }),
    expected: { anonymous: 401, app_viewer: 404, developer: 204, administrator: 404, outsider: 404, instance_admin: 404 } },

  // Instance administration.
  { method: 'GET', route: apiRoutes.securitySettings, request: async () => ({ url: apiRoutes.securitySettings }), expected: instanceAdmins(200) },
  { method: 'PATCH', route: apiRoutes.securitySettings, request: async () => ({ url: apiRoutes.securitySettings, payload: {} }), expected: instanceAdmins(200) },
  { method: 'GET', route: apiRoutes.userSessions(':userId'), request: async ({ freshAccount }) => ({ url: apiRoutes.userSessions((await freshAccount()).user.id) }), expected: instanceAdmins(200) },
  { method: 'DELETE', route: apiRoutes.userSessions(':userId'), request: async ({ freshAccount }) => ({ url: apiRoutes.userSessions((await freshAccount()).user.id) }), expected: instanceAdmins(200) },
  { method: 'GET', route: apiRoutes.auditLog, request: async () => ({ url: apiRoutes.auditLog }), expected: instanceAdmins(200) },
  // A fresh email per caller: the instance administrator's row is created (200 with created: 1).
  { method: 'POST', route: apiRoutes.importUsers, request: async (_ctx, caller) => ({ url: apiRoutes.importUsers, payload: { users: [{ email: `imported-${caller}-${Date.now()}@example.test`, name: 'Imported', hash: { algorithm: 'md5', hash: '0'.repeat(32) } }] } }), expected: instanceAdmins(200) },
];

const cases: RouteCase[] = [...coreCases, ...recoveryCases, ...emailCases, ...phoneCases, ...twoFactorCases, ...adminCases];

describe('role by route (every API route)', () => {
  let t: TestApp;
  let workspaceId: string;
  let adminCookie: string;
  let appId: string;
  let datasource: DatasourceDto;
  const accounts = new Map<Caller, SignedUpUser>();

  beforeAll(async () => {
    t = await createTestApp();
    // The first account is the instance administrator; it joins no workspace of the matrix.
    accounts.set('instance_admin', await signUpUser(t.app));
    const admin = await signUpUser(t.app);
    adminCookie = admin.cookie;
    accounts.set('administrator', admin);
    workspaceId = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.workspaces, headers: headersFor(admin.cookie), payload: { name: 'Target' } }), 201).json<{ id: string }>().id;
    for (const role of ['developer', 'app_viewer'] as const) {
      const user = await signUpUser(t.app);
      await addMember(user.email, role);
      accounts.set(role, user);
    }
    const outsider = await signUpUser(t.app);
    expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.workspaces, headers: headersFor(outsider.cookie), payload: { name: 'Elsewhere' } }), 201);
    accounts.set('outsider', outsider);

    datasource = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.sampleDatasource(workspaceId), headers: headersFor(adminCookie), payload: {} }), 201).json<DatasourceDto>();
    const edit = await createAppWithQueries(t.app, adminCookie, workspaceId, [sqliteQuery(datasource.id)]);
    appId = edit.id;
    await publish(t.app, adminCookie, appId);
  });
  afterAll(async () => { await t?.close(); });

  async function addMember(email: string, role: Role): Promise<void> {
    expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.members(workspaceId), headers: headersFor(adminCookie), payload: { email, role } }), 201);
  }

  const context: Context = {
    get workspaceId() { return workspaceId; },
    get appId() { return appId; },
    actionId: async () => expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.viewApp(appId), headers: headersFor(adminCookie) }), 200).json<AppViewDto>().queries[0]!.id,
    get datasource() { return datasource; },
    freshAccount: () => signUpUser(t.app),
    freshMember: async () => {
      const user = await signUpUser(t.app);
      await addMember(user.email, 'app_viewer');
      return user;
    },
    freshApp: () => createAppWithQueries(t.app, adminCookie, workspaceId, []),
    freshDatasource: async () => expectStatus(await t.app.inject({
      method: 'POST', url: apiRoutes.datasources(workspaceId), headers: headersFor(adminCookie), payload: { name: `Doomed ${Math.random()}`, kind: 'sqlite', config: datasource.config },
    }), 201).json<DatasourceDto>(),
    currentApp: async () => expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.app(appId), headers: headersFor(adminCookie) }), 200).json<AppEditDto>(),
    exportFile: async () => expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.exportApp(appId), headers: headersFor(adminCookie) }), 200).json<object>(),
    account: (caller) => accounts.get(caller),
    get app() { return t.app; },
    secondSession: async (caller) => {
      const me = accounts.get(caller);
      if (!me) return undefined;
      const signIn = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: me.email, password: me.password }, remoteAddress: randomAddress() }), 200);
      const cookie = sessionCookieFrom(signIn.headers['set-cookie']);
      const list = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.accountSessions, headers: headersFor(cookie) }), 200).json<{ sessions: Array<{ id: string; current: boolean }> }>();
      return { cookie, id: list.sessions.find((s) => s.current)!.id };
    },
  };

  for (const routeCase of cases) {
    for (const caller of callers) {
      const expected = routeCase.expected[caller] ?? routeCase.expected.outsider;
      it(`${routeCase.name ?? `${routeCase.method} ${decodeURIComponent(routeCase.route)}`} as ${caller} -> ${expected}`, async () => {
        const { cookie: override, ...request } = await routeCase.request(context, caller);
        const cookie = override ?? accounts.get(caller)?.cookie;
        const response = await t.app.inject({ method: routeCase.method, ...request, headers: cookie ? headersFor(cookie) : {} });
        expect(response.statusCode, response.body).toBe(expected);
        if (response.statusCode >= 400) {
          const code = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' }[response.statusCode as 401 | 403 | 404];
          expect(response.json()).toEqual({ code, message: expect.any(String) });
        }
      });
    }
  }

  it('has a case for every /api route the server registers', async () => {
    const covered = new Set(cases.map((c) => routeKey(c.method, c.route)));
    const registered = registeredApiRoutes(t.app);
    expect(registered.length).toBeGreaterThan(30);
    const missing = registered.filter((key) => !covered.has(key));
    expect(missing, `routes without a case in the role-by-route matrix: ${missing.join(', ')}`).toEqual([]);
    const stale = [...covered].filter((key) => !registered.includes(key));
    expect(stale, 'cases for routes the server does not register').toEqual([]);
  });
});
