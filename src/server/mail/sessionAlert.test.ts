import type { FastifyRequest } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/api/routes';
import type { SessionProvider } from '../../shared/api/sessions';
import { readSecuritySettings } from '../security/securitySettings';
import { headersFor, signUpUser, type SignedUpUser } from '../testing/sessions';
import { createTestApp, type TestApp } from '../testing/testApp';
import { sendSessionAlert } from './sessionAlert';
import { startTestMailServer, type TestMailServer } from './testMailServer';

const chromeOnWindows = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('session alerts', () => {
  let t: TestApp;
  let mail: TestMailServer;
  let admin: SignedUpUser;
  afterEach(async () => {
    await t.close();
    await mail.close();
  });

  async function setUp(): Promise<void> {
    mail = await startTestMailServer();
    t = await createTestApp({ CORDON_SMTP_URL: mail.url, CORDON_PUBLIC_URL: 'https://cordon.example.com' }, { now: () => new Date('2026-05-04T08:09:10Z') });
    admin = await signUpUser(t.app);
  }

  async function setAlerts(on: boolean): Promise<void> {
    const response = await t.app.inject({ method: 'PATCH', url: apiRoutes.securitySettings, payload: { sessionAlerts: on }, headers: headersFor(admin.cookie) });
    expect(response.statusCode).toBe(200);
  }

  async function signIn(user: SignedUpUser, remoteAddress = '10.20.30.40') {
    const response = await t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: user.email, password: user.password }, headers: { 'user-agent': chromeOnWindows }, remoteAddress });
    expect(response.statusCode).toBe(200);
    await t.app.mailer.settled();
  }

  const alertsTo = (email: string) => mail.messages.filter((m) => m.to.includes(email) && m.subject.startsWith('Security alert'));

  it('off (the default): no alert; on: a second session emails device, address, time and what to do; the first session never alerts', async () => {
    await setUp();
    const user = await signUpUser(t.app); // the first session: sign-up
    await signIn(user);
    expect(alertsTo(user.email)).toEqual([]);

    await setAlerts(true);
    const newcomer = await signUpUser(t.app);
    await t.app.mailer.settled();
    expect(alertsTo(newcomer.email)).toEqual([]); // first session, alerts on

    await signIn(user);
    const [alert, ...more] = alertsTo(user.email);
    expect(more).toEqual([]);
    expect(alert!.subject).toBe('Security alert: new sign-in to your Cordon account');
    expect(alert!.text).toContain('Device: Chrome 131 on Windows 10');
    expect(alert!.text).toContain('IP address: 10.20.30.40');
    expect(alert!.text).toContain('Time: 2026-05-04 08:09 UTC');
    expect(alert!.text).toContain('If it was not you, change your password');
    expect(alert!.text).toContain('https://cordon.example.com/account');
    const [record] = await t.app.db.selectFrom('messages').selectAll().where('kind', '=', 'session_alert').execute();
    expect(record).toMatchObject({ user_id: user.user.id, recipient: user.email, status: 'sent', body: null });

    await setAlerts(false);
    await signIn(user);
    expect(alertsTo(user.email)).toHaveLength(1);
  });

  it('an imported user\'s first sign-in is a first session: no alert', async () => {
    await setUp();
    await setAlerts(true);
    const user = await signUpUser(t.app);
    await t.app.db.updateTable('users').set({ first_session_at: null }).where('id', '=', user.user.id).execute();
    await signIn(user);
    expect(alertsTo(user.email)).toEqual([]);
    await signIn(user);
    expect(alertsTo(user.email)).toHaveLength(1);
  });

  it('never for magic URL and email code sign-ins (they prove the mailbox), but for phone and password ones', async () => {
    await setUp();
    await setAlerts(true);
    const user = await signUpUser(t.app);
    const settings = await readSecuritySettings(t.app.db);
    const request = { server: t.app, headers: { 'user-agent': chromeOnWindows }, ip: '10.1.2.3', log: t.app.log } as unknown as FastifyRequest;
    const expected: Record<SessionProvider, number> = { magic_url: 0, email_otp: 0, phone: 1, password: 1 };
    for (const [provider, count] of Object.entries(expected) as [SessionProvider, number][]) {
      const before = alertsTo(user.email).length;
      await sendSessionAlert(request, { userId: user.user.id, email: user.email, sessionId: 'ses_x', provider, isFirstSession: false, settings });
      await t.app.mailer.settled();
      expect(alertsTo(user.email).length - before, provider).toBe(count);
    }
    // The first session of any provider: nothing.
    await sendSessionAlert(request, { userId: user.user.id, email: user.email, sessionId: 'ses_y', provider: 'password', isFirstSession: true, settings });
    await t.app.mailer.settled();
    expect(alertsTo(user.email)).toHaveLength(2);
  });

  it('a store failure while writing the alert does not fail the sign-in', async () => {
    await setUp();
    await setAlerts(true);
    const user = await signUpUser(t.app);
    const settings = await readSecuritySettings(t.app.db);
    const broken = { ...t.app, db: undefined };
    const request = { server: broken, headers: {}, ip: '10.1.2.3', log: t.app.log } as unknown as FastifyRequest;
    await expect(sendSessionAlert(request, { userId: user.user.id, email: user.email, sessionId: 'ses_x', provider: 'password', isFirstSession: false, settings })).resolves.toBeUndefined();
  });
});
