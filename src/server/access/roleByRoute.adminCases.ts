import { randomBytes } from 'node:crypto';
import { apiRoutes } from '../../shared/api/routes';
import { type RouteCase, instanceAdmins } from './roleByRouteKit';

const unique = () => randomBytes(4).toString('hex');

/** Role-by-route cases of instance administration of users (issue 5). */
export const adminCases: RouteCase[] = [
  { method: 'GET', route: apiRoutes.adminUsers, request: async () => ({ url: `${apiRoutes.adminUsers}?search=example&limit=5` }), expected: instanceAdmins(200) },
  {
    method: 'POST', route: apiRoutes.adminUsers,
    request: async (_ctx, caller) => ({ url: apiRoutes.adminUsers, payload: { email: `created-${caller}-${unique()}@example.test`, name: 'Created', password: 'a long enough passphrase' } }),
    expected: instanceAdmins(201),
  },
  {
    method: 'PATCH', route: apiRoutes.adminUserPassword(':userId'),
    // A fresh account each time, so that the instance administrator's 204 signs nobody else out.
    request: async ({ freshAccount }) => ({ url: apiRoutes.adminUserPassword((await freshAccount()).user.id), payload: { password: `new passphrase ${unique()}` } }),
    expected: instanceAdmins(204),
  },
  {
    method: 'DELETE', route: apiRoutes.adminUserTwoFactor(':userId'),
    // A fresh account marked as enrolled in the store (the route only clears the columns).
    request: async ({ freshAccount, app }) => {
      const { user } = await freshAccount();
      await app.db.updateTable('users').set({ totp_enabled_at: new Date().toISOString(), totp_secret: 'sealed-elsewhere' }).where('id', '=', user.id).execute();
      return { url: apiRoutes.adminUserTwoFactor(user.id) };
    },
    expected: instanceAdmins(200),
  },
];
