import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppExport, appExportSchema } from '../../shared/api/appExport';
import { appEditDtoSchema } from '../../shared/api/apps';
import { apiRoutes } from '../../shared/api/routes';
import { findDuplicateName } from '../../shared/appDocument';
import { auditRequest } from '../audit/recordAuditEvent';
import { requireUser, requireWorkspaceRole } from '../auth/access';
import { kindOf, parseConfig } from '../datasources/storedDatasource';
import { errorResponses } from '../http/errorResponses';
import { routePattern } from '../http/routePattern';
import { HttpError } from '../http/httpError';
import { newId } from '../store/newId';
import { parseDocument, parseEmbedding, toAppEditDto } from './appDtos';
import { type AppRow, requireApp } from './requireApp';

/**
 * Export writes the draft document and the non-secret settings of the datasources its queries
 * use (never a secret, I2). Import creates a new app and reconnects queries to datasources of
 * the target workspace by NAME (null when none matches).
 */
export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(routePattern(apiRoutes.exportApp(':app')), {
    schema: {
      tags: ['apps'],
      summary: 'Download the app as a `.cordon.json` file (Developer+). No secrets.',
      params: z.object({ app: z.string().max(100) }),
      response: { 200: appExportSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (request, reply) => {
    const { app: row } = await requireApp(request, request.params.app, 'developer');
    const document = parseDocument(row.document);
    const usedIds = [...new Set(document.queries.flatMap((q) => (q.datasourceId === null ? [] : [q.datasourceId])))];
    // Only the datasources of the app's own workspace, and only these four columns: never `secrets`.
    const datasources = usedIds.length === 0 ? [] : await app.db.selectFrom('datasources')
      .select(['id', 'name', 'kind', 'config'])
      .where('workspace_id', '=', row.workspace_id)
      .where('id', 'in', usedIds)
      .orderBy('name')
      .execute();
    const file: AppExport = {
      format: 'cordon-app',
      formatVersion: 1,
      exportedAt: new Date().toISOString(),
      app: { name: row.name, embedding: parseEmbedding(row.embedding) },
      document,
      datasources: datasources.map((ds) => ({ id: ds.id, name: ds.name, kind: kindOf(ds), config: parseConfig(ds) }) as AppExport['datasources'][number]),
    };
    return reply.header('content-disposition', contentDisposition(`${row.name}.cordon.json`)).send(file);
  });

  app.post(routePattern(apiRoutes.importApp(':ws')), {
    schema: {
      tags: ['apps'],
      summary: 'Create an app from an export file (Developer+). Queries reconnect to datasources by name.',
      params: z.object({ ws: z.string().max(100) }),
      body: appExportSchema,
      response: { 201: appEditDtoSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await requireUser(request);
    const workspaceId = request.params.ws;
    await requireWorkspaceRole(request, workspaceId, 'developer');
    const file = request.body;
    const duplicate = findDuplicateName(file.document);
    if (duplicate !== undefined) throw new HttpError(400, 'bad_request', `The name ${duplicate} is used by more than one widget, query or JS object.`);

    const targets = await app.db.selectFrom('datasources').select(['id', 'name', 'kind']).where('workspace_id', '=', workspaceId).execute();
    const byName = new Map(targets.map((ds) => [`${ds.kind}\u0000${ds.name}`, ds.id]));
    const remap = new Map(file.datasources.map((ds) => [ds.id, byName.get(`${ds.kind}\u0000${ds.name}`) ?? null]));
    const document = {
      ...file.document,
      queries: file.document.queries.map((q) => ({ ...q, datasourceId: q.datasourceId === null ? null : remap.get(q.datasourceId) ?? null })),
    };
    const now = new Date().toISOString();
    const row: AppRow = {
      id: newId('app_'), workspace_id: workspaceId, name: file.app.name, document: JSON.stringify(document), version: 1,
      embedding: JSON.stringify(file.app.embedding), created_at: now, updated_at: now, published_at: null, published_document: null,
    };
    await app.db.insertInto('apps').values(row).execute();
    await auditRequest(request, { type: 'app_imported', workspaceId, subjectId: row.id });
    return reply.code(201).send(toAppEditDto(row));
  });
};

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266). */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^A-Za-z0-9 ._-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
