import { apiRoutes } from '../../shared/api/routes';
import { issueOneTimeSecret } from '../auth/oneTimeSecrets';
import { all, randomAddress, type RouteCase } from './roleByRouteKit';

/**
 * Role-by-route cases of email code and magic URL sign-in (issue 5). All three routes are public:
 * every caller gets the same answer (a signed-in caller signing in by email gets a new session
 * of the account the email belongs to). The secrets are issued straight into the store, as the
 * route would, so that the cases need not read the outbox.
 */
const ttlMs = 15 * 60 * 1000;

export const emailCases: RouteCase[] = [
  { method: 'POST', route: apiRoutes.emailSignIn, request: async ({ freshAccount }) => ({
    url: apiRoutes.emailSignIn, payload: { email: (await freshAccount()).email }, remoteAddress: randomAddress(),
  }), expected: all(202) },
  { method: 'POST', route: apiRoutes.emailSignInCode, request: async ({ freshAccount, app }) => {
    const other = await freshAccount();
    const code = await issueOneTimeSecret(app.db, { purpose: 'email_code', target: other.email, userId: other.user.id, ttlMs, shape: 'code', now: app.now() });
    return { url: apiRoutes.emailSignInCode, payload: { email: other.email, code: code.secret }, remoteAddress: randomAddress() };
  }, expected: all(200) },
  { method: 'POST', route: apiRoutes.emailSignInLink, request: async ({ freshAccount, app }) => {
    const other = await freshAccount();
    const link = await issueOneTimeSecret(app.db, { purpose: 'magic_url', target: other.email, userId: other.user.id, ttlMs, shape: 'token', now: app.now() });
    return { url: apiRoutes.emailSignInLink, payload: { token: link.secret }, remoteAddress: randomAddress() };
  }, expected: all(200) },
];
