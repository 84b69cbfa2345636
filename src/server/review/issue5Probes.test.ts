import { Writable } from 'node:stream';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppViewDto } from '../../shared/api/apps';
import type { SignInResponse } from '../../shared/api/auth';
import { apiRoutes } from '../../shared/api/routes';
import type { SecuritySettings } from '../../shared/api/security';
import type { StartTwoFactorResponse } from '../../shared/api/twoFactor';
import { registeredApiRoutes } from '../access/registeredApiRoutes';
import { restrictedSessionRoutes } from '../auth/sessionRestriction';
import {
  type TargetDatabase, type WorkspaceWithPeople, createAppWithQueries, createDatasource, createTargetDatabase, createWorkspaceWithPeople,
  expectStatus, publish, queryDef,
} from '../testing/dataTestKit';
import { headersFor, type SignedUpUser, signUpUser } from '../testing/sessions';
import { createTestApp, type TestApp } from '../testing/testApp';

// Review of issue 5 (accounts): attacks through the real routes on one app (SQLite, or
// PostgreSQL with DATABASE_URL). Each test names what it tries to break.

let now = new Date('2026-11-24T12:00:00.000Z');
let t: TestApp;
let target: TargetDatabase;
let admin: SignedUpUser;
let ws: WorkspaceWithPeople;
let actionId: string;
const logLines: string[] = [];
let remote = 0;

beforeAll(async () => {
  const stream = new Writable({ write(chunk, _encoding, done) { logLines.push(String(chunk)); done(); } });
  [t, target] = await Promise.all([
    createTestApp({ LOG_LEVEL: 'trace', CORDON_PUBLIC_URL: 'https://cordon.example.com', CORDON_ACCESS_CACHE_MS: '60000' }, { now: () => now, logger: { stream } }),
    createTargetDatabase(),
  ]);
  admin = await signUpUser(t.app);
  ws = await createWorkspaceWithPeople(t.app);
  const datasourceId = (await createDatasource(t.app, ws.builder.cookie, ws.workspaceId, target)).id;
  const app = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [queryDef({ id: 'q1', name: 'Query1', datasourceId, body: 'select 1 as n' })]);
  await publish(t.app, ws.builder.cookie, app.id);
  actionId = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.viewApp(app.id), headers: headersFor(ws.builder.cookie) }), 200).json<AppViewDto>().queries[0]!.id;
});
afterAll(async () => {
  await t?.close();
  await target?.drop();
});

function address(): string {
  remote += 1;
  return `10.66.${Math.floor(remote / 250)}.${remote % 250}`;
}

function inject(method: string, url: string, options: { cookie?: string; payload?: object; remoteAddress?: string } = {}) {
  return t.app.inject({
    method: method as 'GET', url, headers: options.cookie ? headersFor(options.cookie) : {},
    ...(options.payload ? { payload: options.payload } : {}), remoteAddress: options.remoteAddress ?? address(),
  });
}

async function setPolicies(change: Partial<SecuritySettings>): Promise<void> {
  expectStatus(await inject('PATCH', apiRoutes.securitySettings, { cookie: admin.cookie, payload: change }), 200);
}

function totp(secret: string): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: now.getTime() });
}

function nextStep(): void {
  now = new Date((Math.floor(now.getTime() / 30_000) + 1) * 30_000 + 1_000);
}

/** The latest email-sign-in message to `email` (outbox: no SMTP): its code and its link token. */
async function signInMail(email: string): Promise<{ code: string; token: string }> {
  await t.app.mailer.settled();
  const row = await t.app.db.selectFrom('messages').select('body').where('kind', '=', 'email_sign_in').where('recipient', '=', email)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow();
  const code = /^\s+(\d{6})$/m.exec(row.body ?? '')?.[1];
  const token = /#token=([A-Za-z0-9_-]+)/.exec(row.body ?? '')?.[1];
  if (!code || !token) throw new Error('no code or link in the email');
  return { code, token };
}

describe('a session restricted to two-factor enrolment', () => {
  it('is refused by every registered route except the allowed ones, the execute route included (also after its grant was cached)', async () => {
    // A full session runs the action once, so that its grant is in the execute route's cache.
    const viewerExecute = () => inject('POST', apiRoutes.executeAction(actionId), { cookie: ws.viewer.cookie, payload: { params: {} } });
    expectStatus(await viewerExecute(), 200);
    expectStatus(await viewerExecute(), 200);
    // The instance administrator has two-factor, so that their own session stays a full one.
    const { secret } = expectStatus(await inject('POST', apiRoutes.accountTwoFactor, { cookie: admin.cookie, payload: { currentPassword: admin.password } }), 200).json<StartTwoFactorResponse>();
    expectStatus(await inject('POST', apiRoutes.accountTwoFactorConfirm, { cookie: admin.cookie, payload: { code: totp(secret) } }), 200);
    nextStep();
    await setPolicies({ requireTwoFactor: true });
    try {
      const allowed = restrictedSessionRoutes.two_factor_enrolment;
      const reached: string[] = [];
      const routes = registeredApiRoutes(t.app);
      expect(routes.length).toBeGreaterThan(60);
      for (const route of routes) {
        const [method, path] = route.split(' ') as [string, string];
        if (allowed.has(`${method} ${path}`)) continue;
        const url = route === 'POST /api/v1/actions/:/execute'
          ? apiRoutes.executeAction(actionId)
          : path.split('/').map((segment) => (segment === ':' ? 'x_1' : segment)).join('/');
        for (let i = 0; i < 2; i += 1) {
          const response = await inject(method, url, { cookie: ws.viewer.cookie, ...(method === 'GET' || method === 'DELETE' ? {} : { payload: { params: {} } }) });
          if (response.statusCode !== 403 || response.json<{ code: string }>().code !== 'two_factor_enrolment_required') reached.push(`${route} -> ${response.statusCode} ${response.body.slice(0, 80)}`);
        }
      }
      expect(reached).toEqual([]);
    } finally {
      await setPolicies({ requireTwoFactor: false });
    }
    expectStatus(await viewerExecute(), 200);
  });

  it('may still sign in again (as someone else, say): sign-in replaces the session instead of using it', async () => {
    const other = await signUpUser(t.app);
    await setPolicies({ requireTwoFactor: true });
    try {
      const restricted = ws.viewer.cookie;
      expect((await inject('GET', apiRoutes.workspaces, { cookie: restricted })).json<{ code: string }>().code).toBe('two_factor_enrolment_required');
      const signIn = expectStatus(await inject('POST', apiRoutes.signIn, { cookie: restricted, payload: { email: other.email, password: other.password } }), 200);
      expect(signIn.json()).toMatchObject({ user: { id: other.user.id }, restriction: 'two_factor_enrolment' });
    } finally {
      await setPolicies({ requireTwoFactor: false });
    }
  });
});

describe('one-time secrets under concurrency', () => {
  it('lets exactly one of parallel requests with the same email code, or the same magic link, sign in', async () => {
    const user = await signUpUser(t.app);
    expectStatus(await inject('POST', apiRoutes.emailSignIn, { payload: { email: user.email } }), 202);
    const { code } = await signInMail(user.email);
    const byCode = await Promise.all(Array.from({ length: 6 }, () => inject('POST', apiRoutes.emailSignInCode, { payload: { email: user.email, code } })));
    expect(byCode.map((response) => response.statusCode).sort()).toEqual([200, 401, 401, 401, 401, 401]);

    now = new Date(now.getTime() + 1000);
    expectStatus(await inject('POST', apiRoutes.emailSignIn, { payload: { email: user.email } }), 202);
    const { token } = await signInMail(user.email);
    const byLink = await Promise.all(Array.from({ length: 6 }, () => inject('POST', apiRoutes.emailSignInLink, { payload: { token } })));
    expect(byLink.map((response) => response.statusCode).sort()).toEqual([200, 401, 401, 401, 401, 401]);
  });

  it('lets exactly one of parallel second steps with one challenge and one right TOTP code make a session', async () => {
    const user = await signUpUser(t.app);
    const { secret } = expectStatus(await inject('POST', apiRoutes.accountTwoFactor, { cookie: user.cookie, payload: { currentPassword: user.password } }), 200).json<StartTwoFactorResponse>();
    expectStatus(await inject('POST', apiRoutes.accountTwoFactorConfirm, { cookie: user.cookie, payload: { code: totp(secret) } }), 200);
    nextStep();
    const first = expectStatus(await inject('POST', apiRoutes.signIn, { payload: { email: user.email, password: user.password } }), 200).json<SignInResponse>();
    if (!('twoFactor' in first)) throw new Error('expected a challenge');
    const code = totp(secret);
    const answers = await Promise.all(Array.from({ length: 5 }, () => inject('POST', apiRoutes.twoFactorSignIn, { payload: { challenge: first.twoFactor.challenge, code } })));
    expect(answers.filter((response) => response.statusCode === 200)).toHaveLength(1);
    expect(answers.filter((response) => response.headers['set-cookie'] !== undefined)).toHaveLength(1);
  });
});

describe('no account enumeration', () => {
  it('answers a known and an unknown email alike on recovery and email sign-in: status, body and rate-limit headers', async () => {
    const user = await signUpUser(t.app);
    for (const url of [apiRoutes.passwordRecovery, apiRoutes.emailSignIn]) {
      const known = await inject('POST', url, { payload: { email: user.email }, remoteAddress: '10.99.0.1' });
      const unknown = await inject('POST', url, { payload: { email: 'nobody-here@example.test' }, remoteAddress: '10.99.0.2' });
      expect(unknown.statusCode).toBe(known.statusCode);
      expect(unknown.body).toBe(known.body);
      const limits = (headers: Record<string, unknown>) => Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith('ratelimit')));
      expect(limits(unknown.headers)).toEqual(limits(known.headers));
      expect(Object.keys(unknown.headers).sort()).toEqual(Object.keys(known.headers).sort());
    }
  });
});

describe('administrator routes', () => {
  it('answer 403 to a signed-in non-administrator before looking at the body, the query or the user', async () => {
    const bob = await signUpUser(t.app);
    const attempts: Array<[string, string, object | undefined]> = [
      ['GET', `${apiRoutes.adminUsers}?limit=abc`, undefined],
      ['POST', apiRoutes.adminUsers, { nonsense: true }],
      ['PATCH', apiRoutes.adminUserPassword(admin.user.id), { nonsense: true }],
      ['PATCH', apiRoutes.adminUserPassword('no-such-user'), { password: 'x' }],
      ['POST', apiRoutes.importUsers, { nonsense: true }],
      ['GET', `${apiRoutes.outbox}?limit=abc`, undefined],
      ['GET', apiRoutes.userSessions(admin.user.id), undefined],
      ['DELETE', apiRoutes.userSessions(admin.user.id), undefined],
      ['PATCH', apiRoutes.securitySettings, { sessionLimit: 'many' }],
    ];
    for (const [method, url, payload] of attempts) {
      const response = await inject(method, url, { cookie: bob.cookie, ...(payload ? { payload } : {}) });
      expect(`${method} ${url} ${response.statusCode} ${response.json<{ code: string }>().code}`).toBe(`${method} ${url} 403 forbidden`);
    }
    // And the administrator's sessions are untouched.
    expectStatus(await inject('GET', apiRoutes.me, { cookie: admin.cookie }), 200);
  });
});

describe('secrets stay out of logs and the audit log', () => {
  it('never writes a sign-in code, a magic link token or a recovery token to the trace log or to audit details', async () => {
    const user = await signUpUser(t.app);
    expectStatus(await inject('POST', apiRoutes.emailSignIn, { payload: { email: user.email } }), 202);
    const { code, token } = await signInMail(user.email);
    // A wrong guess, then the link: the secrets travel in request bodies.
    await inject('POST', apiRoutes.emailSignInCode, { payload: { email: user.email, code: code === '000000' ? '111111' : '000000' } });
    expectStatus(await inject('POST', apiRoutes.emailSignInLink, { payload: { token } }), 200);
    expectStatus(await inject('POST', apiRoutes.passwordRecovery, { payload: { email: user.email } }), 202);
    await t.app.mailer.settled();
    const recovery = await t.app.db.selectFrom('messages').select('body').where('kind', '=', 'password_recovery').where('recipient', '=', user.email).executeTakeFirstOrThrow();
    const recoveryToken = /#token=([A-Za-z0-9_-]+)/.exec(recovery.body ?? '')![1]!;
    expectStatus(await inject('POST', apiRoutes.passwordRecoveryConfirm, { payload: { token: recoveryToken, password: 'a new password 77' } }), 204);

    const log = logLines.join('\n');
    for (const secret of [token, recoveryToken, 'a new password 77']) expect(log).not.toContain(secret);
    expect(log).not.toMatch(new RegExp(`"code":"${code}"`));
    const details = (await t.app.db.selectFrom('audit_events').select('details').execute()).map((row) => JSON.stringify(row.details)).join('\n');
    for (const secret of [token, recoveryToken, code, 'a new password 77']) expect(details).not.toContain(secret);
    // The used recovery link's message lost nothing it should keep, and the message record of a
    // used link is no key: it cannot be used again.
    expect((await inject('POST', apiRoutes.passwordRecoveryConfirm, { payload: { token: recoveryToken, password: 'another new one 78' } })).json()).toMatchObject({ code: 'recovery_token_invalid' });
  });
});
