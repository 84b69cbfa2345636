import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEventDto, AuditLogResponse } from '../../shared/api/audit';
import { apiRoutes } from '../../shared/api/routes';
import type { DatasourceDto } from '../../shared/api/datasources';
import type { WorkspaceDto } from '../../shared/api/workspaces';
import { createAppWithQueries, expectStatus, publish } from '../testing/dataTestKit';
import { createTestApp, type TestApp } from '../testing/testApp';
import { headersFor, sessionCookieFrom, signUpUser, type SignedUpUser } from '../testing/sessions';
import { recordAuditEvent } from './recordAuditEvent';

describe('audit log', () => {
  let t: TestApp;
  let admin: SignedUpUser;
  let bob: SignedUpUser;
  let nowMs: number;
  beforeEach(async () => {
    nowMs = Date.parse('2026-03-01T10:00:00.000Z');
    t = await createTestApp({}, { now: () => new Date(nowMs) });
    admin = await signUpUser(t.app, { remoteAddress: '10.0.0.1' }); // the first account administers the instance
    bob = await signUpUser(t.app, { remoteAddress: '10.0.0.2' });
  });
  afterEach(async () => { await t.close(); });

  async function readLog(query: Record<string, string | number> = {}, cookie = admin.cookie): Promise<AuditLogResponse> {
    const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)])).toString();
    return expectStatus(await t.app.inject({ method: 'GET', url: `${apiRoutes.auditLog}${search ? `?${search}` : ''}`, headers: headersFor(cookie) }), 200).json<AuditLogResponse>();
  }
  const byType = (events: AuditEventDto[], type: AuditEventDto['type']) => events.filter((event) => event.type === type);

  it('records each security event with its actor, target and address, and never a password, secret or typed value', async () => {
    const typedMarker = 'typed-MARKER-7f3a9c-wrong';
    const dsPasswordMarker = 'ds-MARKER-51be02-secret';
    const dsPasswordMarker2 = 'ds-MARKER-8d41aa-secret';
    const newPasswordMarker = 'new-MARKER-c0ffee-passphrase';
    const unknownEmail = 'nobody-MARKER-e91d@example.test';
    const json = { 'user-agent': 'AuditTest/1.0' };

    // Sign-in: failed with a wrong password (known email), failed for an unknown email, then ok.
    expect((await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: bob.email, password: typedMarker }, remoteAddress: '10.0.0.3', headers: json })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: unknownEmail, password: typedMarker }, remoteAddress: '10.0.0.4' })).statusCode).toBe(401);
    const signedIn = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: bob.email, password: bob.password }, remoteAddress: '10.0.0.5', headers: json }), 200);
    const bobSecond = sessionCookieFrom(signedIn.headers['set-cookie']);

    // Workspace members: added, role changed, removed.
    const carol = await signUpUser(t.app);
    const ws = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.workspaces, headers: headersFor(bob.cookie), payload: { name: 'Ops' } }), 201).json<WorkspaceDto>();
    expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.members(ws.id), headers: headersFor(bob.cookie), payload: { email: carol.email, role: 'app_viewer' } }), 201);
    expectStatus(await t.app.inject({ method: 'PATCH', url: apiRoutes.member(ws.id, carol.user.id), headers: headersFor(bob.cookie), payload: { role: 'developer' } }), 200);
    expectStatus(await t.app.inject({ method: 'DELETE', url: apiRoutes.member(ws.id, carol.user.id), headers: headersFor(bob.cookie) }), 204);

    // Datasource: created with a password, changed (name and password), deleted.
    const ds = expectStatus(await t.app.inject({
      method: 'POST', url: apiRoutes.datasources(ws.id), headers: headersFor(bob.cookie),
      payload: { name: 'Main DB', kind: 'postgres', config: { host: '127.0.0.1', port: 5432, database: 'shop', user: 'shop', ssl: 'disable' }, secrets: { password: dsPasswordMarker } },
    }), 201).json<DatasourceDto>();
    expectStatus(await t.app.inject({ method: 'PATCH', url: apiRoutes.datasource(ds.id), headers: headersFor(bob.cookie), payload: { name: 'Renamed', secrets: { password: dsPasswordMarker2 } } }), 200);
    expectStatus(await t.app.inject({ method: 'DELETE', url: apiRoutes.datasource(ds.id), headers: headersFor(bob.cookie) }), 204);

    // An app published.
    const created = await createAppWithQueries(t.app, bob.cookie, ws.id, []);
    await publish(t.app, bob.cookie, created.id);

    // Password changed (ends bob's other session), a session revoked by its owner, all by an administrator.
    expectStatus(await t.app.inject({ method: 'PATCH', url: apiRoutes.accountPassword, headers: headersFor(bobSecond), payload: { currentPassword: bob.password, newPassword: newPasswordMarker } }), 200);
    const bobThird = sessionCookieFrom(expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: bob.email, password: newPasswordMarker } }), 200).headers['set-cookie']);
    expectStatus(await t.app.inject({ method: 'DELETE', url: apiRoutes.accountSessions, headers: headersFor(bobThird) }), 200);
    expectStatus(await t.app.inject({ method: 'DELETE', url: apiRoutes.userSessions(bob.user.id), headers: headersFor(admin.cookie), remoteAddress: '10.0.0.9' }), 200);

    // Security settings changed; the administrator signs out.
    expectStatus(await t.app.inject({ method: 'PATCH', url: apiRoutes.securitySettings, headers: headersFor(admin.cookie), payload: { passwordHistory: 5, sessionLimit: 20 } }), 200);
    expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.signOut, headers: headersFor(admin.cookie), remoteAddress: '10.0.0.1' }), 204);
    const admin2 = sessionCookieFrom(expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: admin.email, password: admin.password } }), 200).headers['set-cookie']);

    const { events } = await readLog({ limit: 200 }, admin2);
    expect(new Set(events.map((event) => event.type))).toEqual(new Set([
      'sign_up', 'sign_in', 'sign_in_failed', 'sign_out', 'session_revoked', 'password_changed',
      'member_added', 'member_removed', 'member_role_changed', 'datasource_created', 'datasource_changed', 'datasource_deleted',
      'app_published', 'security_settings_changed',
    ]));
    expect(byType(events, 'sign_up').map((event) => [event.actorUserId, event.targetUserId, event.ip]).sort()).toEqual([
      [admin.user.id, admin.user.id, '10.0.0.1'], [bob.user.id, bob.user.id, '10.0.0.2'], [carol.user.id, carol.user.id, expect.any(String)],
    ].sort());
    const failed = byType(events, 'sign_in_failed');
    expect(failed).toEqual(expect.arrayContaining([
      expect.objectContaining({ actorUserId: null, targetUserId: bob.user.id, ip: '10.0.0.3', userAgent: 'AuditTest/1.0', details: { reason: 'wrong_password' } }),
      expect.objectContaining({ actorUserId: null, targetUserId: null, ip: '10.0.0.4', details: { reason: 'unknown_email' } }),
    ]));
    expect(failed).toHaveLength(2);
    expect(byType(events, 'sign_in')).toContainEqual(expect.objectContaining({ actorUserId: bob.user.id, targetUserId: bob.user.id, ip: '10.0.0.5', userAgent: 'AuditTest/1.0', subjectId: expect.stringMatching(/./) }));
    expect(byType(events, 'member_added')).toEqual([expect.objectContaining({ actorUserId: bob.user.id, targetUserId: carol.user.id, workspaceId: ws.id, details: { role: 'app_viewer' } })]);
    expect(byType(events, 'member_role_changed')).toEqual([expect.objectContaining({ actorUserId: bob.user.id, targetUserId: carol.user.id, details: { role: 'developer', previousRole: 'app_viewer' } })]);
    expect(byType(events, 'member_removed')).toEqual([expect.objectContaining({ actorUserId: bob.user.id, targetUserId: carol.user.id, details: { previousRole: 'developer' } })]);
    expect(byType(events, 'datasource_created')).toEqual([expect.objectContaining({
      actorUserId: bob.user.id, workspaceId: ws.id, subjectId: ds.id,
      details: { datasourceKind: 'postgres', changed: ['config.database', 'config.host', 'config.port', 'config.ssl', 'config.user', 'secrets.password'] },
    })]);
    expect(byType(events, 'datasource_changed')).toEqual([expect.objectContaining({ subjectId: ds.id, details: { datasourceKind: 'postgres', changed: ['name', 'secrets.password'] } })]);
    expect(byType(events, 'datasource_deleted')).toEqual([expect.objectContaining({ subjectId: ds.id, details: { datasourceKind: 'postgres' } })]);
    expect(byType(events, 'app_published')).toEqual([expect.objectContaining({ actorUserId: bob.user.id, workspaceId: ws.id, subjectId: created.id })]);
    expect(byType(events, 'password_changed')).toEqual([expect.objectContaining({ actorUserId: bob.user.id, targetUserId: bob.user.id, details: { revoked: 1 } })]);
    // The clock stands still here, so events of one instant come in id order: compare as sets.
    expect(byType(events, 'session_revoked').map((event) => [event.actorUserId, event.targetUserId, event.ip, event.details])).toEqual(expect.arrayContaining([
      [admin.user.id, bob.user.id, '10.0.0.9', { revoked: 1 }],
      [bob.user.id, bob.user.id, '127.0.0.1', { revoked: 1 }],
    ]));
    expect(byType(events, 'session_revoked')).toHaveLength(2);
    expect(byType(events, 'security_settings_changed')).toEqual([expect.objectContaining({ actorUserId: admin.user.id, details: { changed: ['passwordHistory', 'sessionLimit'] } })]);
    expect(byType(events, 'sign_out')).toEqual([expect.objectContaining({ actorUserId: admin.user.id, targetUserId: admin.user.id, ip: '10.0.0.1' })]);

    // Nothing typed or secret anywhere in the table (nor the passwords of the fixtures).
    const dump = JSON.stringify(await t.app.db.selectFrom('audit_events').selectAll().execute());
    for (const marker of [typedMarker, dsPasswordMarker, dsPasswordMarker2, newPasswordMarker, unknownEmail, bob.password, 'MARKER']) expect(dump).not.toContain(marker);
  });

  it('filters by type, user, workspace and time, and pages by cursor without gaps or repeats', async () => {
    const ws = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.workspaces, headers: headersFor(bob.cookie), payload: { name: 'Ops' } }), 201).json<WorkspaceDto>();
    nowMs += 60_000;
    const middle = new Date(nowMs).toISOString();
    for (let i = 0; i < 3; i++) await signUpUser(t.app); // three sign-ups at the same instant: the id breaks ties
    expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.members(ws.id), headers: headersFor(bob.cookie), payload: { email: admin.email, role: 'developer' } }), 201);
    nowMs += 60_000;
    await signUpUser(t.app);

    const all = (await readLog({ limit: 200 })).events;
    expect(all).toHaveLength(7);
    expect(all.map((event) => event.createdAt)).toEqual([...all.map((event) => event.createdAt)].sort().reverse());
    expect((await readLog({ type: 'member_added' })).events.map((event) => event.targetUserId)).toEqual([admin.user.id]);
    expect((await readLog({ userId: admin.user.id })).events.map((event) => event.type)).toEqual(['member_added', 'sign_up']); // a minute apart
    expect((await readLog({ workspaceId: ws.id })).events.map((event) => event.type)).toEqual(['member_added']);
    const window = (await readLog({ from: middle, to: new Date(nowMs).toISOString() })).events;
    expect(window.map((event) => event.type).sort()).toEqual(['member_added', 'sign_up', 'sign_up', 'sign_up']); // one instant: id order

    const paged: AuditEventDto[] = [];
    let cursor: string | null = null;
    do {
      const page: AuditLogResponse = await readLog({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.events.length).toBeLessThanOrEqual(2);
      paged.push(...page.events);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((event) => event.id)).toEqual(all.map((event) => event.id));

    for (const query of ['limit=201', 'limit=0', 'type=nope', 'from=yesterday', 'cursor=not-a-cursor', 'extra=1']) {
      const response = await t.app.inject({ method: 'GET', url: `${apiRoutes.auditLog}?${query}`, headers: headersFor(admin.cookie) });
      expect(response.statusCode, query).toBe(400);
      expect(response.json()).toEqual({ code: 'bad_request', message: expect.any(String) });
    }
  });

  it('only instance administrators read it: signed out 401, anyone else 403 (before the query is checked)', async () => {
    for (const url of [apiRoutes.auditLog, `${apiRoutes.auditLog}?limit=999`]) {
      const anonymous = await t.app.inject({ method: 'GET', url });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json()).toEqual({ code: 'unauthenticated', message: expect.any(String) });
      const member = await t.app.inject({ method: 'GET', url, headers: headersFor(bob.cookie) });
      expect(member.statusCode).toBe(403);
      expect(member.json()).toEqual({ code: 'forbidden', message: expect.any(String) });
    }
    expect((await readLog()).events.length).toBe(2);
  });

  it('refuses details outside the allow-list and writes nothing', async () => {
    const event = { type: 'sign_in' as const, actorUserId: null, ip: '10.0.0.1', userAgent: '', at: new Date() };
    await expect(recordAuditEvent(t.app.db, { ...event, details: { password: 'x' } as never })).rejects.toThrow();
    await expect(recordAuditEvent(t.app.db, { ...event, details: { role: 'has spaces and a value' } })).rejects.toThrow();
    await expect(recordAuditEvent(t.app.db, { ...event, details: { changed: ['secrets.password'] } })).resolves.toBeUndefined();
    const rows = await t.app.db.selectFrom('audit_events').select('details').where('type', '=', 'sign_in').execute();
    expect(rows.map((row) => JSON.parse(row.details))).toEqual([{ changed: ['secrets.password'] }]);
  });
});
