import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import { createTestApp, type TestApp } from '../testing/testApp';
import { headersFor, signUpUser } from '../testing/sessions';

describe('workspace and member routes', () => {
  let t: TestApp;
  beforeEach(async () => { t = await createTestApp(); });
  afterEach(async () => { await t.close(); });

  async function createWorkspace(cookie: string, name = 'Operations') {
    const response = await t.app.inject({ method: 'POST', url: apiRoutes.workspaces, headers: headersFor(cookie), payload: { name } });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string; name: string; role: string }>();
  }

  it('any signed-in user creates a workspace and administers it; lists show only own workspaces', async () => {
    const ada = await signUpUser(t.app);
    const bob = await signUpUser(t.app);
    const workspace = await createWorkspace(ada.cookie, '  Operations ');
    expect(workspace).toEqual({ id: expect.stringMatching(/^wsp_/), name: 'Operations', role: 'administrator' });
    const bobsOwn = await createWorkspace(bob.cookie, 'Bob space');

    const adaList = await t.app.inject({ method: 'GET', url: apiRoutes.workspaces, headers: headersFor(ada.cookie) });
    expect(adaList.json()).toEqual([workspace]);
    const bobList = await t.app.inject({ method: 'GET', url: apiRoutes.workspaces, headers: headersFor(bob.cookie) });
    expect(bobList.json()).toEqual([bobsOwn]);
  });

  it('validates the workspace name', async () => {
    const ada = await signUpUser(t.app);
    const response = await t.app.inject({ method: 'POST', url: apiRoutes.workspaces, headers: headersFor(ada.cookie), payload: { name: '   ' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('bad_request');
  });

  it('an administrator adds, re-roles and removes members; the list shows them with roles', async () => {
    const ada = await signUpUser(t.app, { name: 'Ada' });
    const bob = await signUpUser(t.app, { name: 'Bob' });
    const { id } = await createWorkspace(ada.cookie);

    const added = await t.app.inject({ method: 'POST', url: apiRoutes.members(id), headers: headersFor(ada.cookie), payload: { email: bob.email.toUpperCase(), role: 'app_viewer' } });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual({ userId: bob.user.id, email: bob.email, name: 'Bob', role: 'app_viewer', twoFactorEnabled: false, hidden: false });

    const bobSees = await t.app.inject({ method: 'GET', url: apiRoutes.workspaces, headers: headersFor(bob.cookie) });
    expect(bobSees.json()).toEqual([{ id, name: 'Operations', role: 'app_viewer' }]);

    const changed = await t.app.inject({ method: 'PATCH', url: apiRoutes.member(id, bob.user.id), headers: headersFor(ada.cookie), payload: { role: 'developer' } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ userId: bob.user.id, email: bob.email, name: 'Bob', role: 'developer', twoFactorEnabled: false, hidden: false });

    const list = await t.app.inject({ method: 'GET', url: apiRoutes.members(id), headers: headersFor(bob.cookie) });
    expect(list.json()).toEqual([
      { userId: ada.user.id, email: ada.email, name: 'Ada', role: 'administrator', twoFactorEnabled: false, hidden: false },
      { userId: bob.user.id, email: bob.email, name: 'Bob', role: 'developer', twoFactorEnabled: false, hidden: false },
    ]);

    const removed = await t.app.inject({ method: 'DELETE', url: apiRoutes.member(id, bob.user.id), headers: headersFor(ada.cookie) });
    expect(removed.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: apiRoutes.members(id), headers: headersFor(bob.cookie) })).statusCode).toBe(404);
  });

  it('adding an unknown email is 404, an existing member 409 conflict', async () => {
    const ada = await signUpUser(t.app);
    const { id } = await createWorkspace(ada.cookie);
    const unknown = await t.app.inject({ method: 'POST', url: apiRoutes.members(id), headers: headersFor(ada.cookie), payload: { email: 'ghost@example.com', role: 'developer' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('not_found');
    const again = await t.app.inject({ method: 'POST', url: apiRoutes.members(id), headers: headersFor(ada.cookie), payload: { email: ada.email, role: 'developer' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('conflict');
  });

  it('the last administrator can be neither demoted nor removed; with a second one, both work', async () => {
    const ada = await signUpUser(t.app);
    const bob = await signUpUser(t.app);
    const { id } = await createWorkspace(ada.cookie);
    const demote = await t.app.inject({ method: 'PATCH', url: apiRoutes.member(id, ada.user.id), headers: headersFor(ada.cookie), payload: { role: 'developer' } });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe('conflict');
    const remove = await t.app.inject({ method: 'DELETE', url: apiRoutes.member(id, ada.user.id), headers: headersFor(ada.cookie) });
    expect(remove.statusCode).toBe(409);
    // Keeping the role of the last administrator is not a demotion.
    expect((await t.app.inject({ method: 'PATCH', url: apiRoutes.member(id, ada.user.id), headers: headersFor(ada.cookie), payload: { role: 'administrator' } })).statusCode).toBe(200);

    await t.app.inject({ method: 'POST', url: apiRoutes.members(id), headers: headersFor(ada.cookie), payload: { email: bob.email, role: 'administrator' } });
    const demoteNow = await t.app.inject({ method: 'PATCH', url: apiRoutes.member(id, ada.user.id), headers: headersFor(ada.cookie), payload: { role: 'developer' } });
    expect(demoteNow.statusCode).toBe(200);
    // Ada is a developer now: she can no longer manage members.
    expect((await t.app.inject({ method: 'DELETE', url: apiRoutes.member(id, bob.user.id), headers: headersFor(ada.cookie) })).statusCode).toBe(403);
    const bobRemovesAda = await t.app.inject({ method: 'DELETE', url: apiRoutes.member(id, ada.user.id), headers: headersFor(bob.cookie) });
    expect(bobRemovesAda.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'DELETE', url: apiRoutes.member(id, bob.user.id), headers: headersFor(bob.cookie) })).statusCode).toBe(409);
  });

  it('two administrators demoting each other at once leave one administrator', async () => {
    const ada = await signUpUser(t.app);
    const bob = await signUpUser(t.app);
    const { id } = await createWorkspace(ada.cookie);
    await t.app.inject({ method: 'POST', url: apiRoutes.members(id), headers: headersFor(ada.cookie), payload: { email: bob.email, role: 'administrator' } });
    const [a, b] = await Promise.all([
      t.app.inject({ method: 'PATCH', url: apiRoutes.member(id, bob.user.id), headers: headersFor(ada.cookie), payload: { role: 'developer' } }),
      t.app.inject({ method: 'PATCH', url: apiRoutes.member(id, ada.user.id), headers: headersFor(bob.cookie), payload: { role: 'developer' } }),
    ]);
    // The loser is refused either as no longer an administrator (403) or as the last one (409).
    const statuses = [a.statusCode, b.statusCode].sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const admins = await t.app.db.selectFrom('memberships').select('user_id').where('workspace_id', '=', id).where('role', '=', 'administrator').execute();
    expect(admins).toHaveLength(1);
  });

  it('changing a user who is not a member is 404', async () => {
    const ada = await signUpUser(t.app);
    const bob = await signUpUser(t.app);
    const { id } = await createWorkspace(ada.cookie);
    const response = await t.app.inject({ method: 'PATCH', url: apiRoutes.member(id, bob.user.id), headers: headersFor(ada.cookie), payload: { role: 'developer' } });
    expect(response.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: apiRoutes.member(id, 'usr_nobody'), headers: headersFor(ada.cookie) })).statusCode).toBe(404);
  });
});
