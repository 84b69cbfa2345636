import type { RouteCase } from './roleByRouteKit';

/** Role-by-route cases of password recovery, email code and magic URL sign-in, the outbox (issue 5). */
export const emailCases: RouteCase[] = [];
