import { type Kysely, sql } from 'kysely';

/**
 * More ways to sign in (issue 5): one-time secrets (email codes, magic URLs, password recovery,
 * phone codes, two-factor challenges), the outbox of email and SMS messages, TOTP two-factor
 * authentication on users, and sessions that may only enrol a second factor.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('one_time_secrets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('data', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('consumed_at', 'text')
    .execute();
  await db.schema.createIndex('one_time_secrets_target').on('one_time_secrets').columns(['purpose', 'target']).execute();
  await db.schema.createIndex('one_time_secrets_hash').on('one_time_secrets').column('secret_hash').execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('messages_created').on('messages').columns(['created_at', 'id']).execute();

  await db.schema.alterTable('users').addColumn('totp_secret', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_enabled_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('recovery_codes', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('users').addColumn('first_session_at', 'text').execute();
  // Every existing account signed up, which started its first session.
  await sql`update users set first_session_at = created_at`.execute(db);

  await db.schema.alterTable('sessions').addColumn('restriction', 'text').execute();
}
