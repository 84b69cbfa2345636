import { type Kysely, sql } from 'kysely';

/**
 * Account security (issue 5): instance security settings, password history and imported
 * hashes, phone numbers, what a session was made from (device, address, sign-in method), and
 * store-backed rate-limit counters (so that limits hold across several server instances).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('security_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('users').addColumn('password_history', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('users').addColumn('password_import', 'text').execute();
  await db.schema.alterTable('users').addColumn('phone', 'text').execute();
  await db.schema.createIndex('users_phone').on('users').column('phone').unique().where(sql.ref('phone'), 'is not', null).execute();

  await db.schema.alterTable('sessions').addColumn('user_agent', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('sessions').addColumn('ip', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('sessions').addColumn('provider', 'text', (c) => c.notNull().defaultTo('password')).execute();
  await db.schema.createIndex('sessions_user_created').on('sessions').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
}
