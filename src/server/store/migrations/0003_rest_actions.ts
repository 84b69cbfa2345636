import type { Kysely } from 'kysely';

/** Published actions of REST queries keep their request (JSON text); null for SQL queries. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('published_actions').addColumn('request', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('published_actions').dropColumn('request').execute();
}
