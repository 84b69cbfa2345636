import { z } from 'zod';
import { appDocumentSchema, appSettingsSchema, pageSchema, jsObjectSchema } from '../appDocument';

/**
 * Who may put the published app in an iframe.
 * - `same-origin` (default): only Cordon's own origin (`frame-ancestors 'self'`).
 * - `all`: any site (`frame-ancestors *`).
 * - `list`: Cordon's origin and the listed origins (`https://intranet.example.com`).
 */
export const embeddingSchema = z.object({
  mode: z.enum(['same-origin', 'all', 'list']),
  origins: z.array(z.string().regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, 'must be an origin such as https://example.com')).max(50),
}).strict();
export type Embedding = z.infer<typeof embeddingSchema>;

export const appSummaryDtoSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  name: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type AppSummaryDto = z.infer<typeof appSummaryDtoSchema>;

/** The edit-mode app, for Developers and Administrators only. */
export const appEditDtoSchema = appSummaryDtoSchema.extend({
  /** Increases by one with every save; a save must name the version it was based on. */
  version: z.number().int(),
  document: appDocumentSchema,
  embedding: embeddingSchema,
});
export type AppEditDto = z.infer<typeof appEditDtoSchema>;

export const createAppRequestSchema = z.object({ name: z.string().trim().min(1).max(100) }).strict();

export const saveAppRequestSchema = z.object({
  /** The version this save is based on; a stale one gets 409 `version_conflict` and nothing is written. */
  version: z.number().int(),
  name: z.string().trim().min(1).max(100).optional(),
  document: appDocumentSchema,
}).strict();
export type SaveAppRequest = z.infer<typeof saveAppRequestSchema>;

export const saveAppResponseSchema = z.object({ version: z.number().int(), updatedAt: z.string() });

export const publishResponseSchema = z.object({ publishedAt: z.string() });

/**
 * A query as a viewer sees it. Built by listing fields (I1): no body, no datasource.
 * `bindings` are the expressions the client evaluates and sends back as parameters.
 */
export const viewQueryDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  bindings: z.array(z.string()),
  runOnLoad: z.boolean(),
  confirm: z.boolean(),
  timeoutMs: z.number().int(),
});
export type ViewQueryDto = z.infer<typeof viewQueryDtoSchema>;

/** The published app as a viewer receives it. */
export const appViewDtoSchema = z.object({
  app: z.object({ id: z.string(), name: z.string(), workspaceId: z.string() }),
  publishedAt: z.string(),
  pages: z.array(pageSchema),
  /** JS object code is visible to viewers; documented in docs/app-format.md. */
  jsObjects: z.array(jsObjectSchema),
  queries: z.array(viewQueryDtoSchema),
  /** The app's settings, defaults filled in (the handler time limit the viewer's watchdog applies). */
  settings: appSettingsSchema,
  /** The viewer's role in the app's workspace, so the UI can offer "Edit" to builders. */
  role: z.enum(['administrator', 'developer', 'app_viewer']),
});
export type AppViewDto = z.infer<typeof appViewDtoSchema>;
