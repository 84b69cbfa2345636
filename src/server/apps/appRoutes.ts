import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  appEditDtoSchema, appSummaryDtoSchema, createAppRequestSchema, embeddingSchema, saveAppRequestSchema, saveAppResponseSchema,
} from '../../shared/api/apps';
import { apiRoutes } from '../../shared/api/routes';
import { emptyAppDocument, findDuplicateName } from '../../shared/appDocument';
import { requireUser, requireWorkspaceRole, roleAtLeast } from '../auth/access';
import { errorResponses } from '../http/errorResponses';
import { routePattern } from '../http/routePattern';
import { HttpError } from '../http/httpError';
import { newId } from '../store/newId';
import { parseEmbedding, toAppEditDto, toAppSummaryDto } from './appDtos';
import { type AppRow, requireApp } from './requireApp';

const workspaceParams = z.object({ ws: z.string().max(100) });
const appParams = z.object({ app: z.string().max(100) });

/** Listing, creating, reading, saving and deleting apps, and their embedding settings. */
export const appRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(routePattern(apiRoutes.workspaceApps(':ws')), {
    schema: {
      tags: ['apps'],
      summary: 'Apps of a workspace: all for Developer+, only published ones for App Viewers.',
      params: workspaceParams,
      response: { 200: z.array(appSummaryDtoSchema), ...errorResponses(401, 404) },
    },
  }, async (request) => {
    await requireUser(request);
    const { role } = await requireWorkspaceRole(request, request.params.ws, 'app_viewer');
    let query = app.db.selectFrom('apps').selectAll().where('workspace_id', '=', request.params.ws);
    if (!roleAtLeast(role, 'developer')) query = query.where('published_at', 'is not', null);
    const rows = await query.orderBy('name').orderBy('id').execute();
    return rows.map(toAppSummaryDto);
  });

  app.post(routePattern(apiRoutes.workspaceApps(':ws')), {
    schema: {
      tags: ['apps'],
      summary: 'Create an app with one empty page (Developer+).',
      params: workspaceParams,
      body: createAppRequestSchema,
      response: { 201: appEditDtoSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await requireUser(request);
    await requireWorkspaceRole(request, request.params.ws, 'developer');
    const now = new Date().toISOString();
    const row: AppRow = {
      id: newId('app_'), workspace_id: request.params.ws, name: request.body.name, document: JSON.stringify(emptyAppDocument()),
      version: 1, embedding: JSON.stringify({ mode: 'same-origin', origins: [] }), created_at: now, updated_at: now,
      published_at: null, published_document: null,
    };
    await app.db.insertInto('apps').values(row).execute();
    return reply.code(201).send(toAppEditDto(row));
  });

  app.get(routePattern(apiRoutes.app(':app')), {
    schema: {
      tags: ['apps'],
      summary: 'The edit-mode app with its draft document (Developer+).',
      params: appParams,
      response: { 200: appEditDtoSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (request) => toAppEditDto((await requireApp(request, request.params.app, 'developer')).app));

  app.put(routePattern(apiRoutes.app(':app')), {
    schema: {
      tags: ['apps'],
      summary: 'Save the draft (Developer+). A stale version gets 409 version_conflict and nothing is written.',
      params: appParams,
      body: saveAppRequestSchema,
      response: { 200: saveAppResponseSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const { app: current } = await requireApp(request, request.params.app, 'developer');
    const { version, name, document } = request.body;
    const duplicate = findDuplicateName(document);
    if (duplicate !== undefined) throw new HttpError(400, 'bad_request', `The name ${duplicate} is used by more than one widget, query or JS object.`);
    const updatedAt = new Date().toISOString();
    // One conditional update: two concurrent saves of the same version cannot both win.
    const result = await app.db.updateTable('apps')
      .set((eb) => ({
        document: JSON.stringify(document),
        name: name ?? current.name,
        updated_at: updatedAt,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', current.id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw new HttpError(409, 'version_conflict', 'Someone saved this app since you loaded it. Reload to get their changes.');
    }
    return { version: version + 1, updatedAt };
  });

  app.delete(routePattern(apiRoutes.app(':app')), {
    schema: {
      tags: ['apps'],
      summary: 'Delete an app and its published snapshot (Developer+).',
      params: appParams,
      response: { 204: z.null(), ...errorResponses(401, 403, 404) },
    },
  }, async (request, reply) => {
    const { app: current } = await requireApp(request, request.params.app, 'developer');
    await app.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('published_actions').where('app_id', '=', current.id).execute();
      await trx.deleteFrom('apps').where('id', '=', current.id).execute();
    });
    return reply.code(204).send(null);
  });

  app.put(routePattern(apiRoutes.appEmbedding(':app')), {
    schema: {
      tags: ['apps'],
      summary: 'Who may put the published app in an iframe (Developer+).',
      params: appParams,
      body: embeddingSchema,
      response: { 200: embeddingSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const { app: current } = await requireApp(request, request.params.app, 'developer');
    const embedding = { mode: request.body.mode, origins: [...new Set(request.body.origins)] };
    await app.db.updateTable('apps').set({ embedding: JSON.stringify(embedding) }).where('id', '=', current.id).execute();
    return parseEmbedding(JSON.stringify(embedding));
  });
};
