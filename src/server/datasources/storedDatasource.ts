import type { FastifyInstance } from 'fastify';
import {
  type DatasourceConfig, type DatasourceDto, type DatasourceKind, type SecretName, datasourceConfigSchemas, datasourceKinds, datasourceSecretNames,
} from '../../shared/api/datasources';
import type { DatasourcesTable } from '../store/appTables';
import { HttpError } from '../http/httpError';
import './dataDecorations';
import type { OpenDatasource } from './drivers/datasourceDriver';
import { refuseForeignSampleFile } from './sqlite/sampleDatabase';

/** A datasources row as routes read it. */
export type DatasourceRow = DatasourcesTable;

/** Secret name -> encrypted envelope, as stored in `datasources.secrets`. */
export type SecretEnvelopes = Partial<Record<SecretName, string>>;

/** The stored kind, checked. */
export function kindOf(row: Pick<DatasourceRow, 'kind'>): DatasourceKind {
  if ((datasourceKinds as readonly string[]).includes(row.kind)) return row.kind as DatasourceKind;
  throw new Error(`unknown datasource kind in the store: ${row.kind}`);
}

/** The envelopes of the secrets a kind has; anything else in the column is ignored. */
export function parseSecretEnvelopes(text: string, kind: DatasourceKind): SecretEnvelopes {
  const parsed = JSON.parse(text) as Record<string, unknown> | null;
  const envelopes: SecretEnvelopes = {};
  for (const name of datasourceSecretNames[kind] as readonly SecretName[]) {
    const value = parsed?.[name];
    if (typeof value === 'string') envelopes[name] = value;
  }
  return envelopes;
}

export function parseConfig(row: Pick<DatasourceRow, 'config' | 'kind'>): DatasourceConfig {
  return datasourceConfigSchemas[kindOf(row)].parse(JSON.parse(row.config));
}

/** The API view of a datasource, built field by field: secrets appear only as `{ set }` (I2). */
export function toDatasourceDto(row: DatasourceRow): DatasourceDto {
  const kind = kindOf(row);
  const envelopes = parseSecretEnvelopes(row.secrets, kind);
  const secrets: Record<string, { set: boolean }> = {};
  for (const name of datasourceSecretNames[kind] as readonly SecretName[]) secrets[name] = { set: envelopes[name] !== undefined };
  return { id: row.id, workspaceId: row.workspace_id, name: row.name, kind, config: parseConfig(row), secrets } as DatasourceDto;
}

/**
 * The datasource as drivers see it: secrets decrypted only when a driver asks. Throws 502 right
 * away when a stored envelope cannot be opened with this server's keys (for example after the
 * encryption password changed without `cordon rotate-key`).
 */
export function openStoredDatasource(app: FastifyInstance, row: DatasourceRow): OpenDatasource {
  const kind = kindOf(row);
  const config = parseConfig(row);
  // Also for a row saved before the routes checked it.
  refuseForeignFile(kind, config, row.workspace_id);
  const envelopes = parseSecretEnvelopes(row.secrets, kind);
  const decrypt = (name: SecretName): string | undefined => {
    const envelope = envelopes[name];
    return envelope === undefined ? undefined : app.secretBox.decrypt(envelope);
  };
  try {
    for (const name of Object.keys(envelopes) as SecretName[]) decrypt(name);
  } catch {
    throw new HttpError(502, 'datasource_unreachable', "A secret of this datasource cannot be decrypted with this server's encryption key; enter it again.");
  }
  return {
    id: row.id,
    updatedAt: row.updated_at,
    config,
    secret: decrypt,
    secretValues: () => (Object.keys(envelopes) as SecretName[]).flatMap((name) => decrypt(name) ?? []),
  };
}

/**
 * Refuses a config that points at a file of another workspace: for SQLite, another workspace's
 * sample database (DATA_DIR/databases is shared by the instance). 400 `path_refused`.
 */
export function refuseForeignFile(kind: DatasourceKind, config: DatasourceConfig, workspaceId: string): void {
  if (kind === 'sqlite' && 'file' in config) refuseForeignSampleFile(config.file, workspaceId);
}

/** A datasource that is not saved yet (Test connection in the create dialog): secrets in memory only. */
export function openDraftDatasource(config: DatasourceConfig, secrets: Partial<Record<SecretName, string | null | undefined>>): OpenDatasource {
  const value = (name: SecretName) => (typeof secrets[name] === 'string' ? secrets[name] : undefined);
  return {
    id: undefined,
    updatedAt: `draft-${process.hrtime.bigint()}`,
    config,
    secret: value,
    secretValues: () => (Object.keys(secrets) as SecretName[]).flatMap((name) => value(name) ?? []),
  };
}

/** The datasource row, or undefined. */
export function findDatasource(app: FastifyInstance, id: string): Promise<DatasourceRow | undefined> {
  return app.db.selectFrom('datasources').selectAll().where('id', '=', id).executeTakeFirst();
}
