import type { RouteCase } from './roleByRouteKit';

/** Role-by-route cases of email code and magic URL sign-in (issue 5). */
export const emailCases: RouteCase[] = [];
