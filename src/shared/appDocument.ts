import { z } from 'zod';

/**
 * The app document: what a builder edits and what publish snapshots.
 * It is plain JSON (stored as such, exported as such; see docs/app-format.md).
 * Widget property values are strings that may hold `{{ }}` bindings, or plain JSON values.
 */

/** Names of entities (widgets, queries, JS objects) are JavaScript identifiers, unique per app. */
export const entityNameSchema = z
  .string()
  .regex(/^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/, 'must be a JavaScript identifier of at most 64 characters');

export const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

/** Position on the page grid, in grid cells. The grid has `gridColumns` columns. */
export const gridColumns = 24;
/** Height of one grid row in pixels. */
export const gridRowHeight = 10;

export const widgetLayoutSchema = z.object({
  x: z.number().int().min(0).max(gridColumns - 1),
  y: z.number().int().min(0).max(10_000),
  w: z.number().int().min(1).max(gridColumns),
  h: z.number().int().min(1).max(1_000),
});
export type WidgetLayout = z.infer<typeof widgetLayoutSchema>;

/** A property value: a template string (may contain `{{ }}`), or a plain JSON value. */
export const propValueSchema = z.union([z.string().max(100_000), z.number(), z.boolean(), z.null()]);
export type PropValue = z.infer<typeof propValueSchema>;

export const widgetSchema = z.object({
  id: idSchema,
  name: entityNameSchema,
  /** Widget type as registered in src/widgets (for example `text`, `input`, `button`, `table`, `iframe`). */
  type: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
  layout: widgetLayoutSchema,
  /** Property values, keyed by the property names the widget's config declares. Event handlers are properties too (`onClick`). */
  props: z.record(z.string().max(64), propValueSchema),
});
export type Widget = z.infer<typeof widgetSchema>;

export const pageSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(100),
  /** URL segment of the page in the viewer: `/app/:app/:page`. */
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  widgets: z.array(widgetSchema).max(5_000),
});
export type Page = z.infer<typeof pageSchema>;

/** A name/value pair of a REST query: the value may hold `{{ }}` bindings, the name may not. */
export const restKeyValueSchema = z.object({
  name: z.string().trim().min(1).max(256),
  value: z.string().max(8_192),
}).strict();

export const restMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;

/**
 * The request of a query on a REST datasource. Each binding's value is encoded for its place by
 * the server (a path segment, a query parameter, a header value, a JSON value), never spliced
 * in as raw text.
 */
export const restRequestSchema = z.object({
  method: z.enum(restMethods).default('GET'),
  /** Appended to the datasource's base URL, e.g. `/users/{{ Table1.selectedRow.id }}`. */
  path: z.string().max(4_096).default(''),
  queryParams: z.array(restKeyValueSchema).max(50).default([]),
  headers: z.array(restKeyValueSchema).max(50).default([]),
  /**
   * `json`: `body` is JSON in which a binding lands as a JSON value (`{"name": {{ Input1.text }}}`;
   * inside a JSON string it becomes escaped text); `text`: raw text; `form`: `formFields` as
   * application/x-www-form-urlencoded; `none`: no body.
   */
  bodyType: z.enum(['none', 'json', 'text', 'form']).default('none'),
  body: z.string().max(100_000).default(''),
  formFields: z.array(restKeyValueSchema).max(100).default([]),
}).strict();
export type RestRequest = z.infer<typeof restRequestSchema>;

export const queryDefSchema = z.object({
  id: idSchema,
  name: entityNameSchema,
  datasourceId: idSchema.nullable(),
  /** The query body, e.g. `select * from users where name ilike {{ '%' + Input1.text + '%' }}`. Never sent to viewers. */
  body: z.string().max(100_000),
  /** Run when the page loads. Default false. */
  runOnLoad: z.boolean().default(false),
  /** Ask the user before running. Default false. */
  confirm: z.boolean().default(false),
  /** Time limit in milliseconds. Default 10 000. */
  timeoutMs: z.number().int().min(100).max(600_000).default(10_000),
  /** Bind each `{{ }}` as a prepared-statement parameter (I4). Default true; turning it off is a builder's choice shown as a warning. */
  preparedStatements: z.boolean().default(true),
  /** Present for a query on a REST datasource (then `body` is unused); absent for SQL. */
  rest: restRequestSchema.optional(),
});
export type QueryDef = z.infer<typeof queryDefSchema>;

export const jsObjectSchema = z.object({
  id: idSchema,
  name: entityNameSchema,
  /** Source: `export default { ... }`. Visible to viewers (documented in docs/app-format.md). */
  code: z.string().max(200_000),
  /**
   * Per-function settings, keyed by function name: run when the page loads, and ask the user
   * for confirmation first. Default: none (every function runs only when called).
   */
  functionSettings: z.record(entityNameSchema, z.object({
    runOnLoad: z.boolean().default(false),
    confirm: z.boolean().default(false),
  }).strict()).default({}),
});
export type JsObjectDef = z.infer<typeof jsObjectSchema>;

/** The default time limit of an event handler, query run or interval tick, in milliseconds. */
export const defaultHandlerTimeoutMs = 5_000;

/**
 * App-wide settings.
 * - `handlerTimeoutMs`: how long an event handler, query run or interval tick may keep the
 *   evaluation worker busy before the watchdog terminates it (1 000 to 120 000; default 5 000).
 *   Bindings keep their fixed budget of about 1 s.
 */
export const appSettingsSchema = z.object({
  handlerTimeoutMs: z.number().int().min(1_000).max(120_000).default(defaultHandlerTimeoutMs),
}).strict();
export type AppSettings = z.infer<typeof appSettingsSchema>;

export const appDocumentSchema = z.object({
  pages: z.array(pageSchema).min(1).max(100),
  queries: z.array(queryDefSchema).max(1_000),
  jsObjects: z.array(jsObjectSchema).max(200),
  /**
   * App-wide settings. Optional: documents stored or exported before it existed have none, and
   * then every setting has its default (read it with `handlerTimeoutOf`).
   */
  settings: appSettingsSchema.optional(),
});
export type AppDocument = z.infer<typeof appDocumentSchema>;

/** The app's handler time limit in milliseconds: its setting, or the default 5 000. */
export function handlerTimeoutOf(doc: Pick<AppDocument, 'settings'>): number {
  return doc.settings?.handlerTimeoutMs ?? defaultHandlerTimeoutMs;
}

/** Names of every entity in a document; a document whose names repeat is invalid. */
export function entityNames(doc: AppDocument): string[] {
  return [
    ...doc.pages.flatMap((p) => p.widgets.map((w) => w.name)),
    ...doc.queries.map((q) => q.name),
    ...doc.jsObjects.map((j) => j.name),
  ];
}

/** Returns the first entity name used twice in the document, or undefined when names are unique. */
export function findDuplicateName(doc: AppDocument): string | undefined {
  const seen = new Set<string>();
  for (const name of entityNames(doc)) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/** The document of a brand-new app: one empty page. */
export function emptyAppDocument(): AppDocument {
  return { pages: [{ id: 'page1', name: 'Page1', slug: 'page1', widgets: [] }], queries: [], jsObjects: [], settings: { handlerTimeoutMs: defaultHandlerTimeoutMs } };
}
