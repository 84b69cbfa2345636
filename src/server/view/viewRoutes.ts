import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appViewDtoSchema } from '../../shared/api/apps';
import { apiRoutes } from '../../shared/api/routes';
import { parseDocument } from '../apps/appDtos';
import { requireApp } from '../apps/requireApp';
import { errorResponses } from '../http/errorResponses';
import { routePattern } from '../http/routePattern';
import { HttpError } from '../http/httpError';
import { toAppViewDto } from './toAppViewDto';

/** View mode: the published snapshot of an app, for any member of its workspace. */
export const viewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(routePattern(apiRoutes.viewApp(':app')), {
    schema: {
      tags: ['view'],
      summary: 'The published app (any member of its workspace); 404 not_published before the first publish.',
      params: z.object({ app: z.string().max(100) }),
      response: { 200: appViewDtoSchema, ...errorResponses(401, 404) },
    },
  }, async (request) => {
    const { app: row, role } = await requireApp(request, request.params.app, 'app_viewer');
    if (row.published_document === null || row.published_at === null) {
      throw new HttpError(404, 'not_published', 'This app has not been published yet.');
    }
    // Only the columns a viewer may see are read at all.
    const actions = await app.db.selectFrom('published_actions')
      .select(['id', 'name', 'bindings', 'timeout_ms', 'run_on_load', 'confirm'])
      .where('app_id', '=', row.id)
      .orderBy('name')
      .execute();
    return toAppViewDto(
      { id: row.id, name: row.name, workspaceId: row.workspace_id, publishedAt: row.published_at },
      parseDocument(row.published_document),
      actions,
      role,
    );
  });
};
