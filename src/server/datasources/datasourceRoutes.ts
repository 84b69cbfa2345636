import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type DatasourceConfig, type DatasourceKind, type SecretName, createDatasourceRequestSchema, datasourceConfigSchemas, datasourceDtoSchema,
  datasourceSecretNames, testDatasourceResponseSchema, updateDatasourceRequestSchema,
} from '../../shared/api/datasources';
import { apiRoutes } from '../../shared/api/routes';
import { auditRequest } from '../audit/recordAuditEvent';
import { changedDatasourceFields } from '../audit/datasourceChanges';
import { requireUser, requireWorkspaceRole } from '../auth/access';
import { errorResponses } from '../http/errorResponses';
import { routePattern } from '../http/routePattern';
import { HttpError } from '../http/httpError';
import { newId } from '../store/newId';
import './dataDecorations';
import { driverFor } from './drivers/createDrivers';
import { requestCancelSignal } from './requestCancelSignal';
import {
  type DatasourceRow, type SecretEnvelopes, findDatasource, kindOf, openDraftDatasource, openStoredDatasource, parseConfig, parseSecretEnvelopes,
  refuseForeignFile, toDatasourceDto,
} from './storedDatasource';

const workspaceParams = z.object({ ws: z.string().max(100) });
const datasourceParams = z.object({ id: z.string().max(100) });

/**
 * Datasources of a workspace, for Developers and Administrators. Secrets are write-only (I2):
 * a string sets one, null clears it, absent keeps it; responses say only whether it is set.
 */
export const datasourceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(routePattern(apiRoutes.datasources(':ws')), {
    schema: {
      tags: ['datasources'],
      summary: 'The datasources of a workspace (Developer+).',
      params: workspaceParams,
      response: { 200: z.array(datasourceDtoSchema), ...errorResponses(401, 403, 404) },
    },
  }, async (request) => {
    await requireUser(request);
    await requireWorkspaceRole(request, request.params.ws, 'developer');
    const rows = await app.db.selectFrom('datasources').selectAll().where('workspace_id', '=', request.params.ws).orderBy('name').execute();
    return rows.map(toDatasourceDto);
  });

  app.post(routePattern(apiRoutes.datasources(':ws')), {
    schema: {
      tags: ['datasources'],
      summary: 'Create a datasource (Developer+).',
      params: workspaceParams,
      body: createDatasourceRequestSchema,
      response: { 201: datasourceDtoSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    await requireUser(request);
    await requireWorkspaceRole(request, request.params.ws, 'developer');
    const { name, kind, config, secrets } = request.body;
    refuseForeignFile(kind, config, request.params.ws);
    await driverFor(app.drivers, kind).validateConfig?.(config as never);
    const now = new Date().toISOString();
    const envelopes: SecretEnvelopes = {};
    for (const [secretName, value] of Object.entries(secrets) as Array<[SecretName, string | null | undefined]>) {
      if (typeof value === 'string') envelopes[secretName] = app.secretBox.encrypt(value);
    }
    const row: DatasourceRow = {
      id: newId('ds_'), workspace_id: request.params.ws, name, kind, config: JSON.stringify(config),
      secrets: JSON.stringify(envelopes), created_at: now, updated_at: now,
    };
    await assertNameFree(app, row.workspace_id, name, null);
    await writeOrConflict(() => app.db.insertInto('datasources').values(row).execute());
    await auditRequest(request, { type: 'datasource_created', workspaceId: row.workspace_id, subjectId: row.id, details: { datasourceKind: kind, changed: changedDatasourceFields(null, row) } });
    return reply.code(201).send(toDatasourceDto(row));
  });

  app.get(routePattern(apiRoutes.datasource(':id')), {
    schema: {
      tags: ['datasources'],
      summary: 'One datasource (Developer+ of its workspace).',
      params: datasourceParams,
      response: { 200: datasourceDtoSchema, ...errorResponses(401, 403, 404) },
    },
  }, async (request) => toDatasourceDto(await requireDatasource(request, request.params.id)));

  app.patch(routePattern(apiRoutes.datasource(':id')), {
    schema: {
      tags: ['datasources'],
      summary: 'Change a datasource (Developer+). Secrets: a string sets, null clears, absent keeps (but a new host or port clears it).',
      params: datasourceParams,
      body: updateDatasourceRequestSchema,
      response: { 200: datasourceDtoSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => {
    const current = await requireDatasource(request, request.params.id);
    const kind = kindOf(current);
    const driver = driverFor(app.drivers, kind);
    const { name, secrets } = request.body;
    const config = request.body.config === undefined ? undefined : parseKindConfig(kind, request.body.config);
    if (config) {
      refuseForeignFile(kind, config, current.workspace_id);
      await driver.validateConfig?.(config as never);
    }
    const allowed = datasourceSecretNames[kind] as readonly string[];
    const foreign = Object.keys(secrets ?? {}).filter((key) => !allowed.includes(key));
    if (foreign.length > 0) throw new HttpError(400, 'bad_request', `A ${kind} datasource has no secret named ${foreign.join(', ')}.`);
    const envelopes = parseSecretEnvelopes(current.secrets, kind);
    // A stored secret goes only to the server it was entered for: pointing the datasource at
    // another host, port or base URL clears every secret the same request does not set, so a
    // builder cannot send a saved secret to a server of their choosing (I2).
    const movesServer = config !== undefined && driver.movesTarget(parseConfig(current) as never, config as never);
    for (const secretName of allowed as readonly SecretName[]) {
      const value = secrets?.[secretName];
      if (value === null || (movesServer && value === undefined)) delete envelopes[secretName];
      else if (typeof value === 'string') envelopes[secretName] = app.secretBox.encrypt(value);
    }
    const next: DatasourceRow = {
      ...current,
      name: name ?? current.name,
      config: config ? JSON.stringify(config) : current.config,
      secrets: JSON.stringify(envelopes),
      updated_at: laterTimestamp(current.updated_at),
    };
    if (next.name !== current.name) await assertNameFree(app, current.workspace_id, next.name, current.id);
    await writeOrConflict(() => app.db.updateTable('datasources')
      .set({ name: next.name, config: next.config, secrets: next.secrets, updated_at: next.updated_at })
      .where('id', '=', current.id)
      .execute());
    await driver.evict(current.id);
    await auditRequest(request, { type: 'datasource_changed', workspaceId: current.workspace_id, subjectId: current.id, details: { datasourceKind: kind, changed: changedDatasourceFields(current, next) } });
    return toDatasourceDto(next);
  });

  app.delete(routePattern(apiRoutes.datasource(':id')), {
    schema: {
      tags: ['datasources'],
      summary: "Delete a datasource (Developer+). Queries that used it fail until they get another one.",
      params: datasourceParams,
      response: { 204: z.null(), ...errorResponses(401, 403, 404) },
    },
  }, async (request, reply) => {
    const current = await requireDatasource(request, request.params.id);
    await app.db.deleteFrom('datasources').where('id', '=', current.id).execute();
    await auditRequest(request, { type: 'datasource_deleted', workspaceId: current.workspace_id, subjectId: current.id, details: { datasourceKind: kindOf(current) } });
    await driverFor(app.drivers, kindOf(current)).evict(current.id);
    return reply.code(204).send(null);
  });

  app.post(routePattern(apiRoutes.testDatasource(':id')), {
    schema: {
      tags: ['datasources'],
      summary: 'Test a saved datasource: connect and run a trivial statement or request (Developer+).',
      params: datasourceParams,
      response: { 200: testDatasourceResponseSchema, ...errorResponses(400, 401, 403, 404, 502) },
    },
  }, async (request, reply) => {
    const row = await requireDatasource(request, request.params.id);
    const started = performance.now();
    await driverFor(app.drivers, kindOf(row)).test(openStoredDatasource(app, row), { mode: 'edit', signal: requestCancelSignal(request, reply), log: request.log });
    return { ok: true as const, durationMs: Math.round(performance.now() - started) };
  });

  app.post(routePattern(apiRoutes.testDatasourceDraft(':ws')), {
    schema: {
      tags: ['datasources'],
      summary: 'Test a datasource before saving it (Developer+). Nothing is stored; the secrets given are used once.',
      params: workspaceParams,
      body: createDatasourceRequestSchema,
      response: { 200: testDatasourceResponseSchema, ...errorResponses(400, 401, 403, 404, 502) },
    },
  }, async (request, reply) => {
    await requireUser(request);
    await requireWorkspaceRole(request, request.params.ws, 'developer');
    const { kind, config, secrets } = request.body;
    const driver = driverFor(app.drivers, kind);
    refuseForeignFile(kind, config, request.params.ws);
    await driver.validateConfig?.(config as never);
    const started = performance.now();
    await driver.test(openDraftDatasource(config, secrets), { mode: 'edit', signal: requestCancelSignal(request, reply), log: request.log });
    return { ok: true as const, durationMs: Math.round(performance.now() - started) };
  });
};

/** A config for the datasource's kind; 400 with the schema's first complaint otherwise. */
function parseKindConfig(kind: DatasourceKind, config: unknown): DatasourceConfig {
  const parsed = datasourceConfigSchemas[kind].safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(400, 'bad_request', `The ${kind} config is not valid: ${issue ? `${issue.path.join('.') || 'config'} ${issue.message}` : 'invalid'}.`);
  }
  return parsed.data;
}

/** The datasource, when the caller is a Developer+ of its workspace (404 for non-members). */
async function requireDatasource(request: FastifyRequest, id: string): Promise<DatasourceRow> {
  await requireUser(request);
  const row = await findDatasource(request.server, id);
  if (!row) throw new HttpError(404, 'not_found', 'No such datasource.');
  await requireWorkspaceRole(request, row.workspace_id, 'developer');
  return row;
}

async function assertNameFree(app: FastifyInstance, workspaceId: string, name: string, exceptId: string | null): Promise<void> {
  let query = app.db.selectFrom('datasources').select('id').where('workspace_id', '=', workspaceId).where('name', '=', name);
  if (exceptId) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) throw new HttpError(409, 'conflict', `A datasource named "${name}" already exists in this workspace.`);
}

/** Runs a write; a unique-index violation (a concurrent create with the same name) becomes 409. */
async function writeOrConflict(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new HttpError(409, 'conflict', 'A datasource with this name already exists in this workspace.');
    }
    throw error;
  }
}

/** Now, but strictly after `previous`, so the pool cache (keyed by updated_at) always sees a change. */
function laterTimestamp(previous: string): string {
  const now = Date.now();
  const before = Date.parse(previous);
  return new Date(Number.isNaN(before) || now > before ? now : before + 1).toISOString();
}
