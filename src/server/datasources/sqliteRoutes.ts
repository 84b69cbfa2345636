import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { datasourceDtoSchema, sqliteFilesResponseSchema } from '../../shared/api/datasources';
import { apiRoutes } from '../../shared/api/routes';
import { auditRequest } from '../audit/recordAuditEvent';
import { requireUser, requireWorkspaceRole } from '../auth/access';
import { errorResponses } from '../http/errorResponses';
import { HttpError } from '../http/httpError';
import { routePattern } from '../http/routePattern';
import { newId } from '../store/newId';
import './dataDecorations';
import { isSampleFile, isSampleFileOf, newSampleFileName, writeSampleDatabase } from './sqlite/sampleDatabase';
import { listSqliteFiles, sqliteDatabasesDir } from './sqlite/sqlitePath';
import { type DatasourceRow, toDatasourceDto } from './storedDatasource';

const workspaceParams = z.object({ ws: z.string().max(100) });

/** The name of the sample datasource in every workspace. */
export const sampleDatasourceName = 'Sample database';

/**
 * SQLite helpers for builders (Developer+): the database files they may pick, and the sample
 * database with one click.
 */
export const sqliteRoutes: FastifyPluginAsyncZod = async (app) => {
  const databasesDir = sqliteDatabasesDir(app.config.dataDir);

  app.get(routePattern(apiRoutes.sqliteFiles(':ws')), {
    schema: {
      tags: ['datasources'],
      summary: 'The SQLite files under DATA_DIR/databases (*.db, *.sqlite, *.sqlite3), relative paths (Developer+).',
      params: workspaceParams,
      response: { 200: sqliteFilesResponseSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (request) => {
    await requireUser(request);
    await requireWorkspaceRole(request, request.params.ws, 'developer');
    // Other workspaces' sample databases are theirs: not listed here.
    const files = await listSqliteFiles(databasesDir);
    return { files: files.filter((file) => !isSampleFile(file) || isSampleFileOf(file, request.params.ws)) };
  });

  app.post(routePattern(apiRoutes.sampleDatasource(':ws')), {
    schema: {
      tags: ['datasources'],
      summary: 'Create the workspace\'s sample database (a small shop in SQLite) and its datasource "Sample database" (Developer+). '
        + 'When it exists already, answers 200 with it; 409 when another datasource has that name.',
      params: workspaceParams,
      response: { 200: datasourceDtoSchema, 201: datasourceDtoSchema, ...errorResponses(401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    await requireUser(request);
    await requireWorkspaceRole(request, request.params.ws, 'developer');
    const workspaceId = request.params.ws;
    const existing = await app.db.selectFrom('datasources').selectAll()
      .where('workspace_id', '=', workspaceId).where('name', '=', sampleDatasourceName).executeTakeFirst();
    if (existing) {
      const dto = toDatasourceDto(existing);
      if (dto.kind === 'sqlite' && isSampleFileOf(dto.config.file, workspaceId)) return reply.code(200).send(dto);
      throw new HttpError(409, 'conflict', `A datasource named "${sampleDatasourceName}" already exists in this workspace.`);
    }
    // A fresh copy every time the datasource is created (a deleted sample starts over).
    const file = newSampleFileName(workspaceId);
    await writeSampleDatabase(databasesDir, file);
    const now = new Date().toISOString();
    const row: DatasourceRow = {
      id: newId('ds_'), workspace_id: workspaceId, name: sampleDatasourceName, kind: 'sqlite',
      config: JSON.stringify({ file, readOnly: false }), secrets: '{}', created_at: now, updated_at: now,
    };
    try {
      await app.db.insertInto('datasources').values(row).execute();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE') throw new HttpError(409, 'conflict', `A datasource named "${sampleDatasourceName}" already exists in this workspace.`);
      throw error;
    }
    await auditRequest(request, { type: 'datasource_created', workspaceId, subjectId: row.id, details: { datasourceKind: 'sqlite' } });
    return reply.code(201).send(toDatasourceDto(row));
  });
};
