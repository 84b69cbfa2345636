import { z } from 'zod';

/**
 * Datasource kinds. Each has a config (non-secret, returned by the API) and named secrets
 * (write-only, I2: a request sets or clears them, a response says only whether one is set).
 */
export const datasourceKinds = ['postgres', 'mysql', 'rest', 'sqlite'] as const;
export const datasourceKindSchema = z.enum(datasourceKinds);
export type DatasourceKind = (typeof datasourceKinds)[number];

/** TLS to a database: `disable`, `require` (TLS without certificate checks) or `verify-full`. */
export const sslModeSchema = z.enum(['disable', 'require', 'verify-full']);

const hostSchema = z.string().trim().min(1).max(255);

/** The non-secret part of a PostgreSQL datasource. */
export const postgresConfigSchema = z.object({
  host: hostSchema,
  port: z.number().int().min(1).max(65_535).default(5432),
  database: z.string().trim().min(1).max(255),
  user: z.string().trim().min(1).max(255),
  ssl: sslModeSchema.default('disable'),
}).strict();
export type PostgresConfig = z.infer<typeof postgresConfigSchema>;

/** The non-secret part of a MySQL or MariaDB datasource. */
export const mysqlConfigSchema = z.object({
  host: hostSchema,
  port: z.number().int().min(1).max(65_535).default(3306),
  database: z.string().trim().min(1).max(255),
  user: z.string().trim().min(1).max(255),
  ssl: sslModeSchema.default('disable'),
}).strict();
export type MysqlConfig = z.infer<typeof mysqlConfigSchema>;

/** A header or query parameter name/value pair. Values may hold `{{ }}` in a query, not in a datasource. */
export const keyValueSchema = z.object({
  name: z.string().trim().min(1).max(256),
  value: z.string().max(8_192),
}).strict();
export type KeyValue = z.infer<typeof keyValueSchema>;

/**
 * How a REST datasource authenticates. The secret part (password, token, key) is a write-only
 * secret of the datasource, added by the server just before it sends the request.
 */
export const restAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  /** Basic auth: username here, secret `password`. */
  z.object({ type: z.literal('basic'), username: z.string().max(256) }).strict(),
  /** `Authorization: Bearer <secret token>`. */
  z.object({ type: z.literal('bearer') }).strict(),
  /** An API key (secret `apiKey`) in a header or a query parameter of this name. */
  z.object({ type: z.literal('apiKey'), name: z.string().trim().min(1).max(256), in: z.enum(['header', 'query']) }).strict(),
]);
export type RestAuth = z.infer<typeof restAuthSchema>;

/** The non-secret part of a REST API datasource. */
export const restConfigSchema = z.object({
  /** `http://` or `https://` URL that every query's path is appended to. */
  baseUrl: z.string().trim().url().max(2_048).refine((url) => /^https?:\/\//i.test(url), 'must start with http:// or https://'),
  /** Headers sent with every request (not secret: use auth for credentials). */
  headers: z.array(keyValueSchema).max(50).default([]),
  /** Query parameters added to every request. */
  queryParams: z.array(keyValueSchema).max(50).default([]),
  auth: restAuthSchema.default({ type: 'none' }),
}).strict();
export type RestConfig = z.infer<typeof restConfigSchema>;

/**
 * The non-secret part of a SQLite datasource: a file under `DATA_DIR/databases`, named by its
 * path relative to that folder (no `..`, no absolute paths, no symlinks out of it).
 */
export const sqliteConfigSchema = z.object({
  file: z.string().trim().min(1).max(255),
  readOnly: z.boolean().default(false),
}).strict();
export type SqliteConfig = z.infer<typeof sqliteConfigSchema>;

/** Secret names per kind. */
export const datasourceSecretNames = {
  postgres: ['password'],
  mysql: ['password'],
  rest: ['password', 'token', 'apiKey'],
  sqlite: [],
} as const satisfies Record<DatasourceKind, readonly string[]>;
export type SecretName = (typeof datasourceSecretNames)[DatasourceKind][number];

/** In a request: a string sets a secret, `null` clears it, absent keeps it. */
const secretInput = z.string().max(10_000).nullable().optional();
export const postgresSecretsInputSchema = z.object({ password: secretInput }).strict();
export const mysqlSecretsInputSchema = z.object({ password: secretInput }).strict();
export const restSecretsInputSchema = z.object({ password: secretInput, token: secretInput, apiKey: secretInput }).strict();
export const sqliteSecretsInputSchema = z.object({}).strict();
export type SecretsInput = Partial<Record<SecretName, string | null>>;

export const secretStateSchema = z.object({ set: z.boolean() });
export type SecretState = z.infer<typeof secretStateSchema>;

const nameSchema = z.string().trim().min(1).max(100);

export const createDatasourceRequestSchema = z.discriminatedUnion('kind', [
  z.object({ name: nameSchema, kind: z.literal('postgres'), config: postgresConfigSchema, secrets: postgresSecretsInputSchema.default({}) }).strict(),
  z.object({ name: nameSchema, kind: z.literal('mysql'), config: mysqlConfigSchema, secrets: mysqlSecretsInputSchema.default({}) }).strict(),
  z.object({ name: nameSchema, kind: z.literal('rest'), config: restConfigSchema, secrets: restSecretsInputSchema.default({}) }).strict(),
  z.object({ name: nameSchema, kind: z.literal('sqlite'), config: sqliteConfigSchema, secrets: sqliteSecretsInputSchema.default({}) }).strict(),
]);
export type CreateDatasourceRequest = z.infer<typeof createDatasourceRequestSchema>;

/**
 * A change. `config` replaces the whole config and must match the datasource's kind (checked
 * by the server against that kind's schema); the kind itself cannot change.
 */
export const updateDatasourceRequestSchema = z.object({
  name: nameSchema.optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  secrets: z.record(z.string(), z.string().max(10_000).nullable()).optional(),
}).strict();
export type UpdateDatasourceRequest = z.infer<typeof updateDatasourceRequestSchema>;

/** The config schema of each kind. */
export const datasourceConfigSchemas = {
  postgres: postgresConfigSchema,
  mysql: mysqlConfigSchema,
  rest: restConfigSchema,
  sqlite: sqliteConfigSchema,
} as const;
export type DatasourceConfig = PostgresConfig | MysqlConfig | RestConfig | SqliteConfig;

const dtoBase = { id: z.string(), workspaceId: z.string(), name: z.string() };
export const datasourceDtoSchema = z.discriminatedUnion('kind', [
  z.object({ ...dtoBase, kind: z.literal('postgres'), config: postgresConfigSchema, secrets: z.object({ password: secretStateSchema }) }),
  z.object({ ...dtoBase, kind: z.literal('mysql'), config: mysqlConfigSchema, secrets: z.object({ password: secretStateSchema }) }),
  z.object({
    ...dtoBase, kind: z.literal('rest'), config: restConfigSchema,
    secrets: z.object({ password: secretStateSchema, token: secretStateSchema, apiKey: secretStateSchema }),
  }),
  z.object({ ...dtoBase, kind: z.literal('sqlite'), config: sqliteConfigSchema, secrets: z.object({}) }),
]);
export type DatasourceDto = z.infer<typeof datasourceDtoSchema>;

export const testDatasourceResponseSchema = z.object({ ok: z.literal(true), durationMs: z.number() });
export type TestDatasourceResponse = z.infer<typeof testDatasourceResponseSchema>;

/** The SQLite files a workspace's builders may pick (relative to `DATA_DIR/databases`). */
export const sqliteFilesResponseSchema = z.object({ files: z.array(z.string()) });
