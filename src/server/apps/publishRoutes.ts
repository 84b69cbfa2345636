import type { Insertable } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { publishResponseSchema } from '../../shared/api/apps';
import type { DatasourceKind } from '../../shared/api/datasources';
import { apiRoutes } from '../../shared/api/routes';
import { auditRequest } from '../audit/recordAuditEvent';
import { errorResponses } from '../http/errorResponses';
import { routePattern } from '../http/routePattern';
import { HttpError } from '../http/httpError';
import { queryBindingExpressions } from '../../shared/queryBindings';
import { sqlParameterBindings } from '../queries/sqlParameterBindings';
import { SqlTemplateError } from '../queries/rewriteSqlTemplate';
import type { PublishedActionsTable } from '../store/appTables';
import { newId } from '../store/newId';
import { parseDocument } from './appDtos';
import { requireApp } from './requireApp';

/**
 * Publish: the draft document becomes the snapshot viewers read, and each query becomes a
 * published action with a NEW random id, so a viewer can only ever reach what was published (I1).
 */
export const publishRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(routePattern(apiRoutes.publishApp(':app')), {
    schema: {
      tags: ['apps'],
      summary: 'Publish the saved draft (Developer+).',
      params: z.object({ app: z.string().max(100) }),
      response: { 200: publishResponseSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const { app: current } = await requireApp(request, request.params.app, 'developer');
    const publishedAt = new Date().toISOString();
    await app.db.transaction().execute(async (trx) => {
      // Read inside the transaction, so the snapshot and its actions come from one document.
      const row = await trx.selectFrom('apps').select(['document']).where('id', '=', current.id).executeTakeFirstOrThrow();
      const document = parseDocument(row.document);
      // A SQL body is read in the dialect of its datasource (MySQL and SQLite quote and comment differently).
      // Only the app's own workspace's: another workspace's id must not tell its kind (it cannot run here anyway).
      const datasourceIds = document.queries.flatMap((query) => (query.datasourceId ? [query.datasourceId] : []));
      const kinds = new Map(datasourceIds.length === 0 ? [] : (await trx.selectFrom('datasources').select(['id', 'kind'])
        .where('workspace_id', '=', current.workspace_id).where('id', 'in', datasourceIds).execute()).map((d) => [d.id, d.kind]));
      const actions: Array<Insertable<PublishedActionsTable>> = document.queries.map((query) => {
        let bindings: readonly string[];
        try {
          // A REST request's bindings are its templates' expressions; a SQL body's are its parameters.
          bindings = query.rest ? queryBindingExpressions(query) : sqlParameterBindings(query.body, kinds.get(query.datasourceId ?? '') as DatasourceKind | undefined);
        } catch (error) {
          if (error instanceof SqlTemplateError) throw new HttpError(400, 'bad_request', `${query.name} cannot be published: ${error.message}.`);
          throw error;
        }
        return {
          id: newId('act_'),
          app_id: current.id,
          query_id: query.id,
          name: query.name,
          datasource_id: query.datasourceId,
          body: query.rest ? '' : query.body,
          request: query.rest ? JSON.stringify(query.rest) : null,
          bindings: JSON.stringify(bindings),
          prepared_statements: query.preparedStatements ? 1 : 0,
          timeout_ms: query.timeoutMs,
          run_on_load: query.runOnLoad ? 1 : 0,
          confirm: query.confirm ? 1 : 0,
        };
      });
      await trx.updateTable('apps').set({ published_document: row.document, published_at: publishedAt }).where('id', '=', current.id).execute();
      await trx.deleteFrom('published_actions').where('app_id', '=', current.id).execute();
      if (actions.length > 0) await trx.insertInto('published_actions').values(actions).execute();
      await auditRequest(request, { type: 'app_published', workspaceId: current.workspace_id, subjectId: current.id }, trx);
    });
    return { publishedAt };
  });
};
