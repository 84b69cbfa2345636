import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import type { MemberDto, Role, WorkspaceDto } from '../../shared/api/workspaces';
import { expectStatus } from '../testing/dataTestKit';
import { createTestApp, type TestApp } from '../testing/testApp';
import { headersFor, signUpUser, type SignedUpUser } from '../testing/sessions';

describe('membership privacy', () => {
  let t: TestApp;
  let instanceAdmin: SignedUpUser;
  let ada: SignedUpUser; // the workspace's Administrator
  let dev: SignedUpUser;
  let viewer: SignedUpUser;
  let workspaceId: string;
  beforeEach(async () => {
    t = await createTestApp();
    instanceAdmin = await signUpUser(t.app, { name: 'Instance Admin' });
    ada = await signUpUser(t.app, { name: 'Ada Lovelace', email: 'ada@example.test' });
    dev = await signUpUser(t.app, { name: 'Dev Eloper', email: 'dev@example.test' });
    viewer = await signUpUser(t.app, { name: 'Vi Ewer', email: 'viewer@example.test' });
    workspaceId = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.workspaces, headers: headersFor(ada.cookie), payload: { name: 'Ops' } }), 201).json<WorkspaceDto>().id;
    for (const [user, role] of [[dev, 'developer'], [viewer, 'app_viewer']] as const) {
      expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.members(workspaceId), headers: headersFor(ada.cookie), payload: { email: user.email, role } }), 201);
    }
    // Ada has two-factor authentication on.
    await t.app.db.updateTable('users').set({ totp_enabled_at: new Date().toISOString() }).where('id', '=', ada.user.id).execute();
  });
  afterEach(async () => { await t.close(); });

  const setPrivacy = async (membershipPrivacy: boolean) => {
    expectStatus(await t.app.inject({ method: 'PATCH', url: apiRoutes.securitySettings, headers: headersFor(instanceAdmin.cookie), payload: { membershipPrivacy } }), 200);
  };
  const membersSeenBy = async (user: SignedUpUser) => {
    const response = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.members(workspaceId), headers: headersFor(user.cookie) }), 200);
    return { body: response.body, members: response.json<MemberDto[]>() };
  };
  const visible = (user: SignedUpUser, name: string, role: Role, twoFactorEnabled: boolean): MemberDto =>
    ({ userId: user.user.id, email: user.email, name, role, twoFactorEnabled, hidden: false });
  const hidden = (user: SignedUpUser, role: Role): MemberDto => ({ userId: user.user.id, email: null, name: null, role, twoFactorEnabled: null, hidden: true });

  it('off (the default): every member sees names, emails and two-factor status', async () => {
    const all = [visible(ada, 'Ada Lovelace', 'administrator', true), visible(dev, 'Dev Eloper', 'developer', false), visible(viewer, 'Vi Ewer', 'app_viewer', false)];
    for (const user of [ada, dev, viewer]) expect((await membersSeenBy(user)).members).toEqual(all);
  });

  it('on: App Viewers and Developers see the others hidden (never the values) and their own row; Administrators see everything', async () => {
    await setPrivacy(true);
    const seenByViewer = await membersSeenBy(viewer);
    expect(seenByViewer.members).toEqual([hidden(ada, 'administrator'), hidden(dev, 'developer'), visible(viewer, 'Vi Ewer', 'app_viewer', false)]);
    for (const secret of ['Ada Lovelace', 'ada@example.test', 'Dev Eloper', 'dev@example.test']) expect(seenByViewer.body).not.toContain(secret);

    const seenByDev = await membersSeenBy(dev);
    expect(seenByDev.members).toEqual([hidden(ada, 'administrator'), visible(dev, 'Dev Eloper', 'developer', false), hidden(viewer, 'app_viewer')]);
    for (const secret of ['Ada Lovelace', 'ada@example.test', 'Vi Ewer', 'viewer@example.test']) expect(seenByDev.body).not.toContain(secret);

    expect((await membersSeenBy(ada)).members).toEqual([visible(ada, 'Ada Lovelace', 'administrator', true), visible(dev, 'Dev Eloper', 'developer', false), visible(viewer, 'Vi Ewer', 'app_viewer', false)]);

    // Promoted to Administrator, the developer sees everything; off again, the viewer too.
    expectStatus(await t.app.inject({ method: 'PATCH', url: apiRoutes.member(workspaceId, dev.user.id), headers: headersFor(ada.cookie), payload: { role: 'administrator' } }), 200);
    expect((await membersSeenBy(dev)).members.every((member) => !member.hidden && member.email !== null)).toBe(true);
    await setPrivacy(false);
    expect((await membersSeenBy(viewer)).members.every((member) => !member.hidden && member.name !== null)).toBe(true);
  });

  it('on: an outsider still gets 404, the instance administrator (not a member) too', async () => {
    await setPrivacy(true);
    for (const cookie of [instanceAdmin.cookie, (await signUpUser(t.app)).cookie]) {
      expect((await t.app.inject({ method: 'GET', url: apiRoutes.members(workspaceId), headers: headersFor(cookie) })).statusCode).toBe(404);
    }
  });
});
