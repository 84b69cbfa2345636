import type { FastifyInstance } from 'fastify';
import { type DatasourceDto, type PostgresConfig, postgresConfigSchema } from '../../shared/api/datasources';
import type { DatasourcesTable } from '../store/appTables';
import { HttpError } from '../http/httpError';
import './dataDecorations';
import type { PostgresPoolSource } from './postgresPool';

/** A datasources row as routes read it. */
export type DatasourceRow = DatasourcesTable;

/** Secret name -> encrypted envelope, as stored in `datasources.secrets`. */
export type SecretEnvelopes = Partial<Record<'password', string>>;

export function parseSecretEnvelopes(text: string): SecretEnvelopes {
  const parsed = JSON.parse(text) as unknown;
  const envelopes: SecretEnvelopes = {};
  if (parsed && typeof parsed === 'object' && typeof (parsed as SecretEnvelopes).password === 'string') {
    envelopes.password = (parsed as SecretEnvelopes).password;
  }
  return envelopes;
}

export function parseConfig(row: Pick<DatasourceRow, 'config'>): PostgresConfig {
  return postgresConfigSchema.parse(JSON.parse(row.config));
}

/** The API view of a datasource, built field by field: secrets appear only as `{ set }` (I2). */
export function toDatasourceDto(row: DatasourceRow): DatasourceDto {
  const envelopes = parseSecretEnvelopes(row.secrets);
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    kind: 'postgres',
    config: parseConfig(row),
    secrets: { password: { set: envelopes.password !== undefined } },
  };
}

/**
 * What the pool cache needs to connect. The password is decrypted inside the callback, i.e.
 * only when pg opens a connection. Throws 502 right away when the stored envelope cannot be
 * opened with this server's key (for example after the encryption password changed).
 */
export function poolSourceFor(app: FastifyInstance, row: DatasourceRow): { source: PostgresPoolSource; secrets: () => string[] } {
  const envelopes = parseSecretEnvelopes(row.secrets);
  const decrypt = (): string | undefined => (envelopes.password === undefined ? undefined : app.secretBox.decrypt(envelopes.password));
  try {
    decrypt();
  } catch {
    throw new HttpError(502, 'datasource_unreachable', "The datasource's password cannot be decrypted with this server's encryption key; enter it again.");
  }
  return {
    source: { datasourceId: row.id, updatedAt: row.updated_at, config: parseConfig(row), password: decrypt },
    secrets: () => {
      const password = decrypt();
      return password === undefined ? [] : [password];
    },
  };
}

/** The datasource row, or undefined. */
export function findDatasource(app: FastifyInstance, id: string): Promise<DatasourceRow | undefined> {
  return app.db.selectFrom('datasources').selectAll().where('id', '=', id).executeTakeFirst();
}
