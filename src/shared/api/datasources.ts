import { z } from 'zod';

/** Datasource kinds. Issue 4 adds mysql, rest and sqlite. */
export const datasourceKinds = ['postgres'] as const;
export const datasourceKindSchema = z.enum(datasourceKinds);

/** The non-secret part of a PostgreSQL datasource. */
export const postgresConfigSchema = z.object({
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65_535).default(5432),
  database: z.string().trim().min(1).max(255),
  user: z.string().trim().min(1).max(255),
  /** `disable` (default), `require` (TLS without certificate checks) or `verify-full`. */
  ssl: z.enum(['disable', 'require', 'verify-full']).default('disable'),
}).strict();
export type PostgresConfig = z.infer<typeof postgresConfigSchema>;

/**
 * Secrets are write-only (I2). In a request: a string sets it, `null` clears it, absent keeps it.
 * In a response: only whether it is set.
 */
export const postgresSecretsInputSchema = z.object({ password: z.string().max(1_000).nullable().optional() }).strict();
export const secretStateSchema = z.object({ set: z.boolean() });

export const createDatasourceRequestSchema = z.object({
  name: z.string().trim().min(1).max(100),
  kind: datasourceKindSchema,
  config: postgresConfigSchema,
  secrets: postgresSecretsInputSchema.default({}),
}).strict();
export type CreateDatasourceRequest = z.infer<typeof createDatasourceRequestSchema>;

export const updateDatasourceRequestSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  config: postgresConfigSchema.optional(),
  secrets: postgresSecretsInputSchema.optional(),
}).strict();
export type UpdateDatasourceRequest = z.infer<typeof updateDatasourceRequestSchema>;

export const datasourceDtoSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  name: z.string(),
  kind: datasourceKindSchema,
  config: postgresConfigSchema,
  secrets: z.object({ password: secretStateSchema }),
});
export type DatasourceDto = z.infer<typeof datasourceDtoSchema>;

export const testDatasourceResponseSchema = z.object({ ok: z.literal(true), durationMs: z.number() });
