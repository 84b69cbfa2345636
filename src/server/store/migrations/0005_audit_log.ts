import type { Kysely } from 'kysely';

/**
 * The audit log (issue 5): one row per security event. Details are allow-listed JSON (names and
 * counts only; src/shared/api/audit.ts), never a secret, a password, a query result or a typed value.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('target_user_id', 'text')
    .addColumn('workspace_id', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Newest first, with the id as tie-breaker for the cursor.
  await db.schema.createIndex('audit_events_created').on('audit_events').columns(['created_at', 'id']).execute();
}
