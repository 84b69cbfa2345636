import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server the benchmark creates its databases on (as an administrator). */
export const adminPgUrl = process.env.CORDON_BENCH_PG_URL ?? process.env.CORDON_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Rows in `bench_items`: a primary-key lookup picks one of them. */
export const benchRows = 10_000;

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database `<prefix>_<random>` on the benchmark's PostgreSQL server. */
export async function createBenchDatabase(prefix: string): Promise<BenchDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await withClient(adminPgUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(adminPgUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => withClient(adminPgUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

/** `bench_items (id int primary key, name text, price numeric, created_at timestamptz, tags text[])` with benchRows rows. */
export async function seedBenchItems(url: string): Promise<void> {
  await withClient(url, async (client) => {
    await client.query('create table bench_items (id int primary key, name text not null, price numeric(10,2) not null, in_stock boolean not null, created_at timestamptz not null, note text)');
    await client.query(`insert into bench_items (id, name, price, in_stock, created_at, note)
      select i, 'Item ' || i, (i % 1000) / 10.0, i % 3 <> 0, timestamptz '2026-01-01' + i * interval '1 minute', case when i % 5 = 0 then null else repeat('n', i % 40) end
      from generate_series(1, ${benchRows}) as i`);
    await client.query('analyze bench_items');
  });
}

export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw new Error(`PostgreSQL at ${new URL(url).host} is unreachable (${(error as Error).message}). Start it, or set CORDON_BENCH_PG_URL.`, { cause: error });
  }
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
