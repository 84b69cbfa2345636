import type { RouteCase } from './roleByRouteKit';

/** Role-by-route cases of phone sign-in and the account phone number (issue 5). */
export const phoneCases: RouteCase[] = [];
