import { Secret, TOTP } from 'otpauth';
import { apiRoutes } from '../../shared/api/routes';
import type { RecoveryCodesResponse, StartTwoFactorResponse } from '../../shared/api/twoFactor';
import { expectStatus } from '../testing/dataTestKit';
import { headersFor, type SignedUpUser } from '../testing/sessions';
import { type Context, type RouteCase, all, randomAddress, signedIn } from './roleByRouteKit';

/**
 * Role-by-route cases of TOTP two-factor authentication (issue 5). Two-factor concerns only the
 * caller's own account, so every signed-in caller gets the same status. Cases that turn TOTP on
 * do it on a fresh account (sent as the cookie) so that the matrix callers keep signing in with
 * their password alone; anonymous gets no cookie.
 */
function code(secret: string, at: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: at });
}

/** A fresh account with TOTP on, confirmed with the previous step's code, so that the current step's code is still unused. */
async function enrolledAccount({ app, freshAccount }: Context): Promise<{ account: SignedUpUser; secret: string; recoveryCodes: string[] }> {
  const account = await freshAccount();
  const started = expectStatus(await app.inject({
    method: 'POST', url: apiRoutes.accountTwoFactor, headers: headersFor(account.cookie), payload: { currentPassword: account.password }, remoteAddress: randomAddress(),
  }), 200).json<StartTwoFactorResponse>();
  const confirmed = expectStatus(await app.inject({
    method: 'POST', url: apiRoutes.accountTwoFactorConfirm, headers: headersFor(account.cookie), payload: { code: code(started.secret, Date.now() - 30_000) }, remoteAddress: randomAddress(),
  }), 200).json<RecoveryCodesResponse>();
  return { account, secret: started.secret, recoveryCodes: confirmed.recoveryCodes };
}

export const twoFactorCases: RouteCase[] = [
  { method: 'GET', route: apiRoutes.accountTwoFactor, request: async () => ({ url: apiRoutes.accountTwoFactor }), expected: signedIn(200) },
  // Starts an enrolment of the caller's own account (it stays off until confirmed).
  { method: 'POST', route: apiRoutes.accountTwoFactor, request: async ({ account }, caller) => ({
    url: apiRoutes.accountTwoFactor, payload: { currentPassword: account(caller)?.password ?? 'correct horse battery staple' }, remoteAddress: randomAddress(),
  }), expected: signedIn(200) },
  { method: 'POST', route: apiRoutes.accountTwoFactorConfirm, request: async (ctx, caller) => {
    if (caller === 'anonymous') return { url: apiRoutes.accountTwoFactorConfirm, payload: { code: '123456' } };
    const account = await ctx.freshAccount();
    const started = expectStatus(await ctx.app.inject({
      method: 'POST', url: apiRoutes.accountTwoFactor, headers: headersFor(account.cookie), payload: { currentPassword: account.password }, remoteAddress: randomAddress(),
    }), 200).json<StartTwoFactorResponse>();
    return { url: apiRoutes.accountTwoFactorConfirm, cookie: account.cookie, payload: { code: code(started.secret, Date.now()) }, remoteAddress: randomAddress() };
  }, expected: signedIn(200) },
  { method: 'DELETE', route: apiRoutes.accountTwoFactor, request: async (ctx, caller) => {
    if (caller === 'anonymous') return { url: apiRoutes.accountTwoFactor, payload: { code: '123456' } };
    const { account, recoveryCodes } = await enrolledAccount(ctx);
    return { url: apiRoutes.accountTwoFactor, cookie: account.cookie, payload: { recoveryCode: recoveryCodes[0]! }, remoteAddress: randomAddress() };
  }, expected: signedIn(200) },
  { method: 'POST', route: apiRoutes.accountRecoveryCodes, request: async (ctx, caller) => {
    if (caller === 'anonymous') return { url: apiRoutes.accountRecoveryCodes, payload: { code: '123456' } };
    const { account, secret } = await enrolledAccount(ctx);
    return { url: apiRoutes.accountRecoveryCodes, cookie: account.cookie, payload: { code: code(secret, Date.now()) }, remoteAddress: randomAddress() };
  }, expected: signedIn(200) },
  // The second step of a sign-in needs no session: anyone with a live challenge and a right code gets one.
  { method: 'POST', route: apiRoutes.twoFactorSignIn, request: async (ctx) => {
    const { account, recoveryCodes } = await enrolledAccount(ctx);
    const signIn = expectStatus(await ctx.app.inject({
      method: 'POST', url: apiRoutes.signIn, payload: { email: account.email, password: account.password }, remoteAddress: randomAddress(),
    }), 200).json<{ twoFactor: { challenge: string } }>();
    return { url: apiRoutes.twoFactorSignIn, payload: { challenge: signIn.twoFactor.challenge, recoveryCode: recoveryCodes[0]! }, remoteAddress: randomAddress() };
  }, expected: all(200) },
];
