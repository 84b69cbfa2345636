import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { executeRequestSchema, executeResponseSchema } from '../../shared/api/execute';
import { apiRoutes } from '../../shared/api/routes';
import { parseDocument } from '../apps/appDtos';
import { requireApp } from '../apps/requireApp';
import { errorResponses } from '../http/errorResponses';
import { routePattern } from '../http/routePattern';
import { HttpError } from '../http/httpError';
import { runQuery } from './runQuery';

/**
 * Edit mode: a builder runs the SAVED draft of a query (Developer+). PostgreSQL's error
 * messages are shown here, to help the builder; never in view mode.
 */
export const draftRunRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(routePattern(apiRoutes.runDraftQuery(':app', ':queryId')), {
    schema: {
      tags: ['queries'],
      summary: 'Run the saved draft of a query (Developer+). Params are keyed by binding expression.',
      params: z.object({ app: z.string().max(100), queryId: z.string().max(100) }),
      body: executeRequestSchema,
      response: { 200: executeResponseSchema, ...errorResponses(400, 401, 403, 404, 502) },
    },
  }, async (request, reply) => {
    const { app: current } = await requireApp(request, request.params.app, 'developer');
    const query = parseDocument(current.document).queries.find((q) => q.id === request.params.queryId);
    if (!query) throw new HttpError(404, 'not_found', 'No such query in the saved app. Save first.');
    return runQuery(request, reply, {
      workspaceId: current.workspace_id,
      datasourceId: query.datasourceId,
      body: query.body,
      rest: query.rest,
      preparedStatements: query.preparedStatements,
      timeoutMs: query.timeoutMs,
    }, request.body.params, 'edit');
  });
};
