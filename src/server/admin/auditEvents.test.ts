import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppEditDto } from '../../shared/api/apps';
import type { AuditEventDto, AuditLogResponse } from '../../shared/api/audit';
import type { DatasourceDto } from '../../shared/api/datasources';
import { apiRoutes } from '../../shared/api/routes';
import type { WorkspaceDto } from '../../shared/api/workspaces';
import { createAppWithQueries, expectStatus } from '../testing/dataTestKit';
import { createTestApp, type TestApp } from '../testing/testApp';
import { headersFor, signUpUser, type SignedUpUser } from '../testing/sessions';

/** Issue 5's audit events recorded by routes that had none: imports, the sample datasource, a failed password change. */
describe('audit events of imports, the sample datasource and failed password changes', () => {
  let t: TestApp;
  let admin: SignedUpUser;
  let bob: SignedUpUser;
  let workspaceId: string;
  beforeEach(async () => {
    t = await createTestApp();
    admin = await signUpUser(t.app); // the first account administers the instance
    bob = await signUpUser(t.app);
    workspaceId = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.workspaces, headers: headersFor(bob.cookie), payload: { name: 'Ops' } }), 201).json<WorkspaceDto>().id;
  });
  afterEach(async () => { await t.close(); });

  const eventsOf = async (type: AuditEventDto['type']) =>
    expectStatus(await t.app.inject({ method: 'GET', url: `${apiRoutes.auditLog}?type=${type}`, headers: headersFor(admin.cookie) }), 200).json<AuditLogResponse>().events;

  it('users_imported: one event per import with the number of accounts it created, no email or hash', async () => {
    const hash = { algorithm: 'md5', hash: '5f4dcc3b5aa765d61d8327deb882cf99' };
    const imported = expectStatus(await t.app.inject({
      method: 'POST', url: apiRoutes.importUsers, headers: headersFor(admin.cookie),
      payload: { users: [{ email: 'imp1@example.test', name: 'One', hash }, { email: 'imp2@example.test', name: 'Two', hash }, { email: bob.email, name: 'Bob', hash }, { email: 'bad', name: 'Bad', hash }] },
    }), 200).json();
    expect(imported).toMatchObject({ created: 2, skipped: 1 });
    expectStatus(await t.app.inject({
      method: 'POST', url: apiRoutes.importUsers, headers: { ...headersFor(admin.cookie), 'content-type': 'text/csv' },
      payload: `email,name,algorithm,hash\nimp3@example.test,Three,md5,${hash.hash}\n`,
    }), 200);

    const events = await eventsOf('users_imported');
    expect(events.map((event) => event.details)).toEqual([{ count: 1 }, { count: 2 }]);
    expect(events[0]).toMatchObject({ actorUserId: admin.user.id, targetUserId: null });
    const body = JSON.stringify(events);
    for (const secret of ['imp1@example.test', hash.hash]) expect(body).not.toContain(secret);

    // A refused import (not an administrator) records nothing.
    expect((await t.app.inject({ method: 'POST', url: apiRoutes.importUsers, headers: headersFor(bob.cookie), payload: { users: [{ email: 'x@example.test', name: 'X', hash }] } })).statusCode).toBe(403);
    expect(await eventsOf('users_imported')).toHaveLength(2);
  });

  it('app_imported: the new app in its workspace, by the importer', async () => {
    const source = await createAppWithQueries(t.app, bob.cookie, workspaceId, []);
    const file = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.exportApp(source.id), headers: headersFor(bob.cookie) }), 200).json<object>();
    expect(await eventsOf('app_imported')).toEqual([]);
    const created = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.importApp(workspaceId), headers: headersFor(bob.cookie), payload: file }), 201).json<AppEditDto>();
    const [event] = await eventsOf('app_imported');
    expect(event).toMatchObject({ actorUserId: bob.user.id, workspaceId, subjectId: created.id, details: {} });
  });

  it('datasource_created for the sample database (sqlite), once: asking again answers the existing one', async () => {
    const ds = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.sampleDatasource(workspaceId), headers: headersFor(bob.cookie), payload: {} }), 201).json<DatasourceDto>();
    expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.sampleDatasource(workspaceId), headers: headersFor(bob.cookie), payload: {} }), 200);
    const events = await eventsOf('datasource_created');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorUserId: bob.user.id, workspaceId, subjectId: ds.id, details: { datasourceKind: 'sqlite' } });
  });

  it('password_change_failed with reason wrong_current_password, never the typed passwords', async () => {
    const typed = 'typed-MARKER-4242-wrong';
    const response = await t.app.inject({ method: 'PATCH', url: apiRoutes.accountPassword, headers: headersFor(bob.cookie), payload: { currentPassword: typed, newPassword: 'new-MARKER-4343-pass' } });
    expect(response.statusCode).toBe(401);
    const [event] = await eventsOf('password_change_failed');
    expect(event).toMatchObject({ actorUserId: bob.user.id, targetUserId: bob.user.id, details: { reason: 'wrong_current_password' } });
    const log = await t.app.db.selectFrom('audit_events').selectAll().execute();
    expect(JSON.stringify(log)).not.toMatch(/MARKER/);

    // The right current password records a change, not a failure.
    expectStatus(await t.app.inject({ method: 'PATCH', url: apiRoutes.accountPassword, headers: headersFor(bob.cookie), payload: { currentPassword: bob.password, newPassword: 'a brand new passphrase' } }), 200);
    expect(await eventsOf('password_change_failed')).toHaveLength(1);
    expect(await eventsOf('password_changed')).toHaveLength(1);
  });
});
