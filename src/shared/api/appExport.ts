import { z } from 'zod';
import { appDocumentSchema } from '../appDocument';
import { embeddingSchema } from './apps';
import { mysqlConfigSchema, postgresConfigSchema, restConfigSchema, sqliteConfigSchema } from './datasources';

/**
 * The app export file (docs/app-format.md). It carries the edit document and the
 * datasources' non-secret settings so that an import can reconnect queries; never a secret (I2).
 */
export const appExportSchema = z.object({
  format: z.literal('cordon-app'),
  formatVersion: z.literal(1),
  exportedAt: z.string(),
  app: z.object({ name: z.string().min(1).max(100), embedding: embeddingSchema }),
  document: appDocumentSchema,
  /** Datasources the queries use, without secrets. An import matches them by name in the target workspace. */
  datasources: z.array(z.discriminatedUnion('kind', [
    z.object({ id: z.string(), name: z.string(), kind: z.literal('postgres'), config: postgresConfigSchema }).strict(),
    z.object({ id: z.string(), name: z.string(), kind: z.literal('mysql'), config: mysqlConfigSchema }).strict(),
    z.object({ id: z.string(), name: z.string(), kind: z.literal('rest'), config: restConfigSchema }).strict(),
    z.object({ id: z.string(), name: z.string(), kind: z.literal('sqlite'), config: sqliteConfigSchema }).strict(),
  ])),
}).strict();
export type AppExport = z.infer<typeof appExportSchema>;
