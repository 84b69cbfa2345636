import type { Kysely } from 'kysely';

/**
 * When a kept outbox message's body stops being useful (the code or link in it expires): after
 * that the body is dropped, so live-looking secrets do not sit readable in the store. Null: the
 * body holds no secret (e.g. a session alert) and stays.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('body_expires_at', 'text').execute();
}
