import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditLogResponse } from '../../shared/api/audit';
import { apiRoutes } from '../../shared/api/routes';
import { expectStatus } from '../testing/dataTestKit';
import { type SignedUpUser, headersFor, signUpUser } from '../testing/sessions';
import { type TestApp, createTestApp } from '../testing/testApp';

// An administrator turns off the two-factor authentication of a user who lost their device and
// recovery codes: the user then signs in with the password alone, and every session they had ends.
let t: TestApp;
let admin: SignedUpUser;
beforeAll(async () => {
  t = await createTestApp();
  admin = await signUpUser(t.app); // the first account administers the instance
});
afterAll(async () => { await t?.close(); });

async function enrol(user: SignedUpUser): Promise<void> {
  const started = expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.accountTwoFactor, headers: headersFor(user.cookie), payload: { currentPassword: user.password } }), 200).json<{ secret: string }>();
  const code = new TOTP({ secret: Secret.fromBase32(started.secret) }).generate();
  expectStatus(await t.app.inject({ method: 'POST', url: apiRoutes.accountTwoFactorConfirm, headers: headersFor(user.cookie), payload: { code } }), 200);
}

const signIn = (user: SignedUpUser) => t.app.inject({ method: 'POST', url: apiRoutes.signIn, payload: { email: user.email, password: user.password }, remoteAddress: '10.7.7.7' });

describe("an administrator resets a user's two-factor authentication", () => {
  it('turns it off, ends the sessions, and the next sign-in needs the password only', async () => {
    const user = await signUpUser(t.app);
    await enrol(user);
    expect((await signIn(user)).json()).toHaveProperty('twoFactor');

    const reset = expectStatus(await t.app.inject({ method: 'DELETE', url: apiRoutes.adminUserTwoFactor(user.user.id), headers: headersFor(admin.cookie) }), 200);
    expect(reset.json()).toEqual({ revoked: 1 });
    expect((await t.app.inject({ method: 'GET', url: apiRoutes.me, headers: headersFor(user.cookie) })).statusCode).toBe(401);

    const again = expectStatus(await signIn(user), 200).json<{ user?: { id: string } }>();
    expect(again.user?.id).toBe(user.user.id);
    const row = await t.app.db.selectFrom('users').select(['totp_secret', 'totp_enabled_at', 'recovery_codes']).where('id', '=', user.user.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ totp_secret: null, totp_enabled_at: null, recovery_codes: '[]' });

    const log = expectStatus(await t.app.inject({ method: 'GET', url: `${apiRoutes.auditLog}?type=two_factor_disabled&userId=${user.user.id}`, headers: headersFor(admin.cookie) }), 200).json<AuditLogResponse>();
    expect(log.events).toMatchObject([{ actorUserId: admin.user.id, targetUserId: user.user.id, details: { method: 'admin_reset', revoked: 1 } }]);
  });

  it('answers 409 for a user without two-factor, 404 for no user, 403 to anyone but an instance administrator', async () => {
    const plain = await signUpUser(t.app);
    const other = await signUpUser(t.app);
    const url = apiRoutes.adminUserTwoFactor(plain.user.id);
    expect((await t.app.inject({ method: 'DELETE', url, headers: headersFor(admin.cookie) })).json()).toMatchObject({ code: 'conflict' });
    expect((await t.app.inject({ method: 'DELETE', url: apiRoutes.adminUserTwoFactor('usr_nobody'), headers: headersFor(admin.cookie) })).statusCode).toBe(404);
    const refused = await t.app.inject({ method: 'DELETE', url, headers: headersFor(other.cookie) });
    expect(refused.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url })).statusCode).toBe(401);
  });
});
