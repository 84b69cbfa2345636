import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { executeRequestSchema, executeResponseSchema } from '../../shared/api/execute';
import { restRequestSchema } from '../../shared/appDocument';
import { apiRoutes } from '../../shared/api/routes';
import { requireUser, requireWorkspaceRole } from '../auth/access';
import { errorResponses } from '../http/errorResponses';
import { routePattern } from '../http/routePattern';
import { HttpError } from '../http/httpError';
import { runQuery } from '../queries/runQuery';

/**
 * View mode: runs a PUBLISHED action by its id (any member of the app's workspace). There is
 * no flag that reaches a draft body (I1); errors carry only the SQLSTATE, never PostgreSQL's text.
 */
export const executeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(routePattern(apiRoutes.executeAction(':actionId')), {
    schema: {
      tags: ['view'],
      summary: 'Run a published query (any member). Params are keyed by the binding expressions of the view DTO.',
      params: z.object({ actionId: z.string().max(100) }),
      body: executeRequestSchema,
      response: { 200: executeResponseSchema, ...errorResponses(400, 401, 404, 502) },
    },
  }, async (request, reply) => {
    await requireUser(request);
    const action = await app.db.selectFrom('published_actions')
      .innerJoin('apps', 'apps.id', 'published_actions.app_id')
      .select([
        'published_actions.body as body', 'published_actions.request as request', 'published_actions.datasource_id as datasourceId',
        'published_actions.prepared_statements as preparedStatements', 'published_actions.timeout_ms as timeoutMs',
        'apps.workspace_id as workspaceId',
      ])
      .where('published_actions.id', '=', request.params.actionId)
      .where('apps.published_at', 'is not', null)
      .executeTakeFirst();
    if (!action) throw new HttpError(404, 'not_found', 'No such action.');
    // 404 for non-members: an action id of another workspace reveals nothing.
    await requireWorkspaceRole(request, action.workspaceId, 'app_viewer');
    return runQuery(request, reply, {
      workspaceId: action.workspaceId,
      datasourceId: action.datasourceId,
      body: action.body,
      rest: action.request === null ? undefined : restRequestSchema.parse(JSON.parse(action.request)),
      preparedStatements: action.preparedStatements === 1,
      timeoutMs: action.timeoutMs,
    }, request.body.params, 'view');
  });
};
