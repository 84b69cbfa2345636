import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/api/workspaces';
import { apiRoutes } from '../../shared/api/routes';
import { createTestApp, type TestApp } from '../testing/testApp';
import { headersFor, signUpUser, type SignedUpUser } from '../testing/sessions';

type Caller = 'anonymous' | Role | 'outsider';
const callers: Caller[] = ['anonymous', 'app_viewer', 'developer', 'administrator', 'outsider'];

interface RouteCase {
  name: string;
  /** Builds the request; may prepare data first (e.g. a fresh member to change). */
  request(ctx: Context): Promise<{ method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object }>;
  expected: Record<Caller, number>;
}

interface Context {
  workspaceId: string;
  /** A new account that is not a member yet. */
  freshAccount(): Promise<SignedUpUser>;
  /** A new account added to the workspace as App Viewer. */
  freshMember(): Promise<SignedUpUser>;
}

/** Every SERVER-CORE route that a role can reach, with the status each kind of caller gets. */
const cases: RouteCase[] = [
  { name: 'GET me', request: async () => ({ method: 'GET', url: apiRoutes.me }),
    expected: { anonymous: 401, app_viewer: 200, developer: 200, administrator: 200, outsider: 200 } },
  { name: 'GET workspaces', request: async () => ({ method: 'GET', url: apiRoutes.workspaces }),
    expected: { anonymous: 401, app_viewer: 200, developer: 200, administrator: 200, outsider: 200 } },
  { name: 'POST workspaces', request: async () => ({ method: 'POST', url: apiRoutes.workspaces, payload: { name: 'Another' } }),
    expected: { anonymous: 401, app_viewer: 201, developer: 201, administrator: 201, outsider: 201 } },
  { name: 'GET members', request: async ({ workspaceId }) => ({ method: 'GET', url: apiRoutes.members(workspaceId) }),
    expected: { anonymous: 401, app_viewer: 200, developer: 200, administrator: 200, outsider: 404 } },
  { name: 'POST members', request: async ({ workspaceId, freshAccount }) => ({ method: 'POST', url: apiRoutes.members(workspaceId), payload: { email: (await freshAccount()).email, role: 'developer' } }),
    expected: { anonymous: 401, app_viewer: 403, developer: 403, administrator: 201, outsider: 404 } },
  { name: 'PATCH member', request: async ({ workspaceId, freshMember }) => ({ method: 'PATCH', url: apiRoutes.member(workspaceId, (await freshMember()).user.id), payload: { role: 'developer' } }),
    expected: { anonymous: 401, app_viewer: 403, developer: 403, administrator: 200, outsider: 404 } },
  { name: 'DELETE member', request: async ({ workspaceId, freshMember }) => ({ method: 'DELETE', url: apiRoutes.member(workspaceId, (await freshMember()).user.id) }),
    expected: { anonymous: 401, app_viewer: 403, developer: 403, administrator: 204, outsider: 404 } },
];

describe('role by route (SERVER-CORE routes)', () => {
  let t: TestApp;
  let workspaceId: string;
  const cookies = new Map<Caller, string>();
  let adminCookie: string;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await signUpUser(t.app);
    adminCookie = admin.cookie;
    cookies.set('administrator', admin.cookie);
    const created = await t.app.inject({ method: 'POST', url: apiRoutes.workspaces, headers: headersFor(admin.cookie), payload: { name: 'Target' } });
    workspaceId = created.json().id;
    for (const role of ['developer', 'app_viewer'] as const) {
      const user = await signUpUser(t.app);
      await addMember(user.email, role);
      cookies.set(role, user.cookie);
    }
    const outsider = await signUpUser(t.app);
    await t.app.inject({ method: 'POST', url: apiRoutes.workspaces, headers: headersFor(outsider.cookie), payload: { name: 'Elsewhere' } });
    cookies.set('outsider', outsider.cookie);
  });
  afterAll(async () => { await t.close(); });

  async function addMember(email: string, role: Role): Promise<void> {
    const response = await t.app.inject({ method: 'POST', url: apiRoutes.members(workspaceId), headers: headersFor(adminCookie), payload: { email, role } });
    expect(response.statusCode).toBe(201);
  }

  const context: Context = {
    get workspaceId() { return workspaceId; },
    freshAccount: () => signUpUser(t.app),
    freshMember: async () => {
      const user = await signUpUser(t.app);
      await addMember(user.email, 'app_viewer');
      return user;
    },
  };

  for (const routeCase of cases) {
    for (const caller of callers) {
      it(`${routeCase.name} as ${caller} -> ${routeCase.expected[caller]}`, async () => {
        const request = await routeCase.request(context);
        const cookie = cookies.get(caller);
        const response = await t.app.inject({ ...request, headers: cookie ? headersFor(cookie) : {} });
        expect(response.statusCode, response.body).toBe(routeCase.expected[caller]);
        if (response.statusCode >= 400) {
          const code = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' }[response.statusCode as 401 | 403 | 404];
          expect(response.json()).toEqual({ code, message: expect.any(String) });
        }
      });
    }
  }

  it('POST sign-out works for anyone (ends a session when there is one)', async () => {
    const response = await t.app.inject({ method: 'POST', url: apiRoutes.signOut });
    expect(response.statusCode).toBe(204);
  });
});
