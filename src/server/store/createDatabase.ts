import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database';
import { changeTrackingDialect } from './changeTrackingDialect';
import { staticMigrationProvider } from './migrations/index';
import { StoreChanges } from './StoreChanges';

/** Which engine holds the store. */
export type StoreDialect = 'sqlite' | 'postgres';

export interface CreateDatabaseOptions {
  dataDir: string;
  databaseUrl: string | undefined;
}

/** The open store: Kysely plus which dialect it speaks (a few queries differ). */
export interface Store {
  db: Kysely<Database>;
  dialect: StoreDialect;
  /** Moves after every write committed through `db` (caches of store data listen to it). */
  changes: StoreChanges;
}

/**
 * Opens the store (PostgreSQL when `databaseUrl` is set, else the SQLite file
 * `dataDir/cordon.db`) and brings it to the latest migration. The caller owns `db.destroy()`.
 */
export async function createDatabase(options: CreateDatabaseOptions): Promise<Store> {
  const changes = new StoreChanges();
  const store = options.databaseUrl ? openPostgres(options.databaseUrl, changes) : openSqlite(options.dataDir, changes);
  try {
    await migrateToLatest(store.db, options.databaseUrl ? describePostgres(options.databaseUrl) : path.join(options.dataDir, 'cordon.db'));
  } catch (error) {
    await store.db.destroy();
    throw error;
  }
  return store;
}

/** host:port/database of a PostgreSQL URL, for messages: never the password. */
function describePostgres(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `PostgreSQL at ${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

function openSqlite(dataDir: string, changes: StoreChanges): Store {
  const file = new SqliteDatabase(path.join(dataDir, 'cordon.db'));
  // WAL: readers do not block the writer. foreign_keys is off by default in SQLite.
  file.pragma('journal_mode = WAL');
  file.pragma('foreign_keys = ON');
  file.pragma('busy_timeout = 5000');
  return { db: new Kysely<Database>({ dialect: changeTrackingDialect(new SqliteDialect({ database: file }), changes) }), dialect: 'sqlite', changes };
}

function openPostgres(databaseUrl: string, changes: StoreChanges): Store {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return { db: new Kysely<Database>({ dialect: changeTrackingDialect(new PostgresDialect({ pool }), changes) }), dialect: 'postgres', changes };
}

async function migrateToLatest(db: Kysely<Database>, where: string): Promise<void> {
  const migrator = new Migrator({ db, provider: staticMigrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new Error(failed ? `migration ${failed} failed on ${where}: ${reason}` : `cannot open the store (${where}): ${reason}`, { cause: error });
  }
}
