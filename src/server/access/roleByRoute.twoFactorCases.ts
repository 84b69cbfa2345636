import type { RouteCase } from './roleByRouteKit';

/** Role-by-route cases of TOTP two-factor authentication (issue 5). */
export const twoFactorCases: RouteCase[] = [];
