/**
 * The Fastify route pattern of a path builder from src/shared/api/routes.ts:
 * `routePattern(apiRoutes.app(':app'))` is `/api/v1/apps/:app`. The builders encode their
 * arguments (`:` becomes `%3A`), so the pattern is decoded back; the client and the server
 * still share one definition of every path.
 */
export function routePattern(path: string): string {
  return decodeURIComponent(path);
}
