import type { Generated } from 'kysely';

/**
 * Tables of apps, published actions and datasources (migration 0002_apps).
 * Portable between SQLite and PostgreSQL: text ids, ISO-8601 text timestamps,
 * integer booleans (0/1), JSON stored as text.
 */
export interface AppsTable {
  id: string;
  workspace_id: string;
  name: string;
  /** The edit document (AppDocument) as JSON text. */
  document: string;
  /** Increases by one with every save (optimistic concurrency). */
  version: number;
  /** Embedding settings as JSON text. */
  embedding: Generated<string>;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  /** The published snapshot of the document as JSON text; viewers read only this. */
  published_document: string | null;
}

/** One row per query of the published snapshot; `id` is the action id viewers call. */
export interface PublishedActionsTable {
  id: string;
  app_id: string;
  /** The draft query id this action was published from. */
  query_id: string;
  name: string;
  datasource_id: string | null;
  body: string;
  /** JSON text of the REST request (migration 0003) of a query on a REST datasource; null for SQL. */
  request: Generated<string | null>;
  /** JSON text: the binding expressions, in the order of their parameters. */
  bindings: string;
  /** 1 = bind values as prepared-statement parameters (I4), 0 = builder chose literal splicing. */
  prepared_statements: number;
  timeout_ms: number;
  /** 1 = run when the page loads. */
  run_on_load: Generated<number>;
  /** 1 = ask the user before running. */
  confirm: Generated<number>;
}

export interface DatasourcesTable {
  id: string;
  workspace_id: string;
  name: string;
  kind: string;
  /** Non-secret settings as JSON text. */
  config: string;
  /** JSON text: a map of secret name -> encrypted envelope (secretBox). Never returned (I2). */
  secrets: string;
  created_at: string;
  updated_at: string;
}

export interface AppTables {
  apps: AppsTable;
  published_actions: PublishedActionsTable;
  datasources: DatasourcesTable;
}
