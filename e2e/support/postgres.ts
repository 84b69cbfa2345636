import pg from 'pg';
import { randomBytes } from 'node:crypto';

/** The machine's PostgreSQL, as the README says; override with CORDON_TEST_PG_URL. */
export const adminPgUrl = process.env.CORDON_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface SeededDatabase {
  database: string;
  url: string;
  host: string;
  port: number;
  user: string;
  /** Runs SQL against the seeded database (for checks after the UI acted). */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/**
 * Creates a fresh database with a `users` table of known names, so a spec can type the same
 * SQL a person would (`select * from users ...`) without touching other tests' data.
 */
export async function seedUsersDatabase(): Promise<SeededDatabase> {
  const admin = new pg.Client({ connectionString: adminPgUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${adminPgUrl.replace(/\/\/[^@]*@/, '//')}: start it or set CORDON_TEST_PG_URL (${String(error)})`);
  }
  const database = `cordon_e2e_${randomBytes(5).toString('hex')}`;
  await admin.query(`create database ${database}`);
  await admin.end();

  const url = new URL(adminPgUrl);
  url.pathname = `/${database}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  // drop() ends the pool and then drops the database WITH (FORCE); a connection still closing at
  // that moment receives PostgreSQL's "terminating connection due to administrator command", and
  // without a listener the pool would throw it into the spec (seen once in CI).
  pool.on('error', () => {});
  await pool.query(`create table users (id serial primary key, name text not null, email text not null)`);
  await pool.query(`insert into users (name, email) values
    ('Alice Martin', 'alice@example.com'), ('Alicia Keys', 'alicia@example.com'),
    ('Bob Stone', 'bob@example.com'), ('Carol White', 'carol@example.com'), ('Dave Black', 'dave@example.com')`);
  return {
    database,
    url: url.toString(),
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    drop: async () => {
      await pool.end();
      const again = new pg.Client({ connectionString: adminPgUrl });
      await again.connect();
      await again.query(`drop database if exists ${database} with (force)`);
      await again.end();
    },
  };
}
