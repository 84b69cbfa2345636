import type { RouteCase } from './roleByRouteKit';

/** Role-by-route cases of instance administration of users (issue 5). */
export const adminCases: RouteCase[] = [];
