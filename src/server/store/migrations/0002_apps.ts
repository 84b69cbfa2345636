import type { Kysely } from 'kysely';

/**
 * Apps, their published actions and datasources. Portable between SQLite and PostgreSQL:
 * text ids, ISO text timestamps, integer booleans, JSON as text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('apps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('embedding', 'text', (c) => c.notNull().defaultTo('{"mode":"same-origin","origins":[]}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('published_document', 'text')
    .execute();
  await db.schema.createIndex('apps_workspace_id').on('apps').column('workspace_id').execute();

  await db.schema
    .createTable('datasources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('secrets', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Names are unique per workspace: an import reconnects queries to datasources by name.
  await db.schema.createIndex('datasources_workspace_name').on('datasources').columns(['workspace_id', 'name']).unique().execute();

  await db.schema
    .createTable('published_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
    .addColumn('query_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // No foreign key: deleting a datasource must not delete published actions; executing one then fails cleanly.
    .addColumn('datasource_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('bindings', 'text', (c) => c.notNull())
    .addColumn('prepared_statements', 'integer', (c) => c.notNull())
    .addColumn('timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('run_on_load', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('confirm', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('published_actions_app_id').on('published_actions').column('app_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('published_actions').execute();
  await db.schema.dropTable('datasources').execute();
  await db.schema.dropTable('apps').execute();
}
