import { apiRoutes } from '../../shared/api/routes';
import { issueOneTimeSecret } from '../auth/oneTimeSecrets';
import { recoveryTokenTtlMs } from '../recovery/recoveryRoutes';
import { all, instanceAdmins, randomAddress, type RouteCase } from './roleByRouteKit';

/**
 * Role-by-route cases of password recovery and the outbox (issue 5). Recovery is public: every
 * caller gets the same answer (asking: 202 for another account's email; confirming: 204 with a
 * live token of a fresh account, issued straight into the store as the route would). The outbox
 * is for instance administrators only.
 */
export const recoveryCases: RouteCase[] = [
  { method: 'POST', route: apiRoutes.passwordRecovery, request: async ({ freshAccount }) => ({
    url: apiRoutes.passwordRecovery, payload: { email: (await freshAccount()).email }, remoteAddress: randomAddress(),
  }), expected: all(202) },
  { method: 'POST', route: apiRoutes.passwordRecoveryConfirm, request: async ({ freshAccount, app }) => {
    const other = await freshAccount();
    const link = await issueOneTimeSecret(app.db, { purpose: 'password_recovery', target: other.user.id, userId: other.user.id, ttlMs: recoveryTokenTtlMs, shape: 'token', now: app.now() });
    return { url: apiRoutes.passwordRecoveryConfirm, payload: { token: link.secret, password: 'a recovered password 42' }, remoteAddress: randomAddress() };
  }, expected: all(204) },
  { method: 'GET', route: apiRoutes.outbox, request: async () => ({ url: `${apiRoutes.outbox}?status=outbox` }), expected: instanceAdmins(200) },
];
