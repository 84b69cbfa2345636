import type { RouteCase } from './roleByRouteKit';

/** Role-by-route cases of password recovery and the outbox (issue 5). */
export const recoveryCases: RouteCase[] = [];
