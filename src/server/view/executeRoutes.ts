import { type FastifyPluginAsyncZod, serializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ExecuteResponse, executeRequestSchema, executeResponseSchema } from '../../shared/api/execute';
import { restRequestSchema } from '../../shared/appDocument';
import { apiRoutes } from '../../shared/api/routes';
import type { Kysely } from 'kysely';
import type { InferResult } from 'kysely';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { roleAtLeast } from '../auth/access';
import { resolveRouteSession } from '../auth/routeSession';
import { hashSessionToken } from '../auth/sessionStore';
import type { Database } from '../store/database';
import { errorResponses } from '../http/errorResponses';
import { routePattern } from '../http/routePattern';
import { HttpError } from '../http/httpError';
import { ChangeAwareCache } from '../store/ChangeAwareCache';
import { runQuery } from '../queries/runQuery';

/**
 * View mode: runs a PUBLISHED action by its id (any member of the app's workspace). There is
 * no flag that reaches a draft body (I1); errors carry only the SQLSTATE, never PostgreSQL's text.
 * The hottest route: one store query answers who is asking and what may run (actionQuery).
 */
export const executeRoutes: FastifyPluginAsyncZod = async (app) => {
  const runActionQuery = actionQueryRunner(app);
  // Access checks that passed, reused until the next committed write to the store (any write,
  // on any instance) or for at most CORDON_ACCESS_CACHE_MS: a sign-out, a removed member, a
  // re-published app or an edited datasource still counts on the very next request.
  const accessCache = new ChangeAwareCache<ActionRow>(app.storeChanges, { maxEntries: 10_000, ttlMs: app.config.accessCacheMs });
  const readAccess = async (tokenHash: string, actionId: string): Promise<ActionRow | undefined> => {
    const key = `${tokenHash}\u0000${actionId}`;
    const cached = accessCache.get(key);
    if (cached) return cached;
    const version = accessCache.version();
    const row = (await runActionQuery(tokenHash, actionId)).rows[0];
    // Only complete grants are kept: unknown tokens and actions must not fill the cache.
    if (row && row.workspaceId !== null && row.body !== null && row.role !== null) accessCache.set(key, row, version);
    return row;
  };
  app.post(routePattern(apiRoutes.executeAction(':actionId')), {
    schema: {
      tags: ['view'],
      summary: 'Run a published query (any member). Params are keyed by the binding expressions of the view DTO.',
      params: z.object({ actionId: z.string().max(100) }),
      body: executeRequestSchema,
      response: { 200: executeResponseSchema, ...errorResponses(400, 401, 404, 502) },
    },
    config: { sessionInRouteQuery: true },
    // 200 is written field by field (no zod pass over every row); errors keep the zod serializer.
    serializerCompiler: (route) => (route.httpStatus === '200' ? (data) => serializeExecuteResponse(data as ExecuteResponse) : serializerCompiler(route as unknown as Parameters<typeof serializerCompiler>[0])),
  }, async (request, reply) => {
    if (!request.sessionToken) throw new HttpError(401, 'unauthenticated', 'Sign in to continue.');
    const row = await readAccess(hashSessionToken(request.sessionToken), request.params.actionId);
    await resolveRouteSession(app.db, request, reply, row && { id: row.sessionId, user_id: row.userId, last_used_at: row.lastUsedAt, expires_at: row.expiresAt, restriction: row.restriction });
    // 404 alike for no such action, an unpublished app and a non-member: an action id of another
    // workspace reveals nothing. (A live session implies the user exists: deleting a user deletes its sessions.)
    if (!row || row.workspaceId === null || row.body === null || row.role === null) throw new HttpError(404, 'not_found', 'No such action.');
    if (!roleAtLeast(row.role, 'app_viewer')) throw new HttpError(403, 'forbidden', 'This needs the App Viewer role in this workspace.');
    return runQuery(request, reply, {
      workspaceId: row.workspaceId,
      datasourceId: row.datasourceId,
      datasource: row.dsId === null ? null : {
        id: row.dsId, workspace_id: row.dsWorkspaceId as string, name: row.dsName as string, kind: row.dsKind as string,
        config: row.dsConfig as string, secrets: row.dsSecrets as string, created_at: row.dsCreatedAt as string, updated_at: row.dsUpdatedAt as string,
      },
      body: row.body,
      rest: row.request === null ? undefined : restRequestSchema.parse(JSON.parse(row.request)),
      preparedStatements: row.preparedStatements === 1,
      timeoutMs: row.timeoutMs as number,
    }, request.body.params, 'view');
  });
};

/**
 * One store query for the whole access check, driven by the session: the session row of the
 * cookie's token, the action (only of a published app), the session user's membership of the
 * app's workspace and the action's datasource in that same workspace. Its answer is reused only
 * while the store has not changed (ChangeAwareCache), so a sign-out, a removed member, a deleted
 * or re-published app or an edited datasource counts on the very next request.
 */
function actionQuery(db: Kysely<Database>, tokenHash: string, actionId: string) {
  return db.selectFrom('sessions')
    .leftJoin('published_actions', (join) => join.on('published_actions.id', '=', actionId))
    .leftJoin('apps', (join) => join.onRef('apps.id', '=', 'published_actions.app_id').on('apps.published_at', 'is not', null))
    .leftJoin('memberships', (join) => join.onRef('memberships.workspace_id', '=', 'apps.workspace_id').onRef('memberships.user_id', '=', 'sessions.user_id'))
    .leftJoin('datasources', (join) => join.onRef('datasources.id', '=', 'published_actions.datasource_id').onRef('datasources.workspace_id', '=', 'apps.workspace_id'))
    .select([
      'sessions.id as sessionId', 'sessions.user_id as userId', 'sessions.last_used_at as lastUsedAt', 'sessions.expires_at as expiresAt',
      'sessions.restriction as restriction',
      'published_actions.body as body', 'published_actions.request as request', 'published_actions.datasource_id as datasourceId',
      'published_actions.prepared_statements as preparedStatements', 'published_actions.timeout_ms as timeoutMs',
      'apps.workspace_id as workspaceId', 'memberships.role as role',
      'datasources.id as dsId', 'datasources.workspace_id as dsWorkspaceId', 'datasources.name as dsName', 'datasources.kind as dsKind',
      'datasources.config as dsConfig', 'datasources.secrets as dsSecrets', 'datasources.created_at as dsCreatedAt', 'datasources.updated_at as dsUpdatedAt',
    ])
    .where('sessions.token_hash', '=', tokenHash);
}

type ActionRow = InferResult<ReturnType<typeof actionQuery>>[number];

// The query is built and compiled once (Kysely's builder costs more than the query itself at
// this rate); each request substitutes its two values for the placeholders.
const tokenSlot = '\u0000token-hash';
const actionSlot = '\u0000action-id';

type ActionQueryRunner = (tokenHash: string, actionId: string) => Promise<{ rows: ActionRow[] }>;

/**
 * On a PostgreSQL store the query runs as a named prepared statement on a small pool of its own
 * (Kysely's pg driver has no way to name a statement): PostgreSQL parses and plans this five-table
 * join once per connection instead of on every request, which was most of its cost. The store's
 * schema changes only in migrations, before the server listens, so the plan cannot go stale.
 */
function actionQueryRunner(app: FastifyInstance): ActionQueryRunner {
  const compiled = actionQuery(app.db, tokenSlot, actionSlot).compile();
  const slots = compiled.parameters.filter((value) => value === tokenSlot || value === actionSlot);
  if (slots.length !== 2 || !slots.includes(tokenSlot) || !slots.includes(actionSlot)) throw new Error('the action query must take each placeholder once');
  const parametersFor = (tokenHash: string, actionId: string) => compiled.parameters.map((value) => (value === tokenSlot ? tokenHash : value === actionSlot ? actionId : value));

  if (app.storeDialect !== 'postgres' || !app.config.databaseUrl) {
    return (tokenHash, actionId) => app.db.executeQuery<ActionRow>({ ...compiled, parameters: parametersFor(tokenHash, actionId) });
  }
  const pool = new pg.Pool({ connectionString: app.config.databaseUrl, max: 5, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  app.addHook('onClose', async () => {
    await pool.end();
  });
  return (tokenHash, actionId) => pool.query<ActionRow>({ name: 'cordon_execute_access_1', text: compiled.sql, values: parametersFor(tokenHash, actionId) });
}

/**
 * The 200 body, built from exactly the fields of executeResponseSchema (so nothing else a
 * driver might put on its result is sent), without zod's copy of every row: the types are
 * checked at compile time, and rows are JSON-safe by construction (toJsonSafe, pg type parsers).
 */
export function serializeExecuteResponse(data: ExecuteResponse): string {
  return JSON.stringify({
    rows: data.rows,
    fields: data.fields.map((field) => ({ name: field.name })),
    rowCount: data.rowCount,
    truncated: data.truncated,
    durationMs: data.durationMs,
    http: data.http === undefined ? undefined : { status: data.http.status, headers: data.http.headers, body: data.http.body },
  });
}
