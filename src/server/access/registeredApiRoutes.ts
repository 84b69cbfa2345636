import type { FastifyInstance } from 'fastify';

/**
 * `METHOD /path` for every /api route a built app serves (HEAD left out: Fastify adds it to each GET),
 * read from `app.printRoutes()` because the app is built before a test could add an `onRoute` hook.
 * Parameter names are dropped (`:ws` and `:workspaceId` are the same route), as in `routeKey`.
 */
export function registeredApiRoutes(app: FastifyInstance): string[] {
  const keys = new Set<string>();
  const parents: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│├└─\s]*)(\S+)(?: \(([^)]*)\))?\s*$/.exec(line);
    if (!match) continue;
    const depth = Math.round(match[1]!.length / 4);
    parents.length = depth;
    const path = (parents[depth - 1] ?? '') + match[2]!;
    parents[depth] = path;
    if (!path.startsWith('/api/') || !match[3]) continue;
    for (const method of match[3].split(',').map((m) => m.trim())) {
      if (method !== 'HEAD') keys.add(routeKey(method, path));
    }
  }
  return [...keys].sort();
}

/** `METHOD /path` with every `:param` (also URL-encoded, as `apiRoutes.x(':id')` gives it) (or Fastify's `:a|:b` for two names) written `:`. */
export function routeKey(method: string, path: string): string {
  return `${method} ${path.split('/').map((segment) => (decodeURIComponent(segment).startsWith(':') ? ':' : segment)).join('/')}`;
}
