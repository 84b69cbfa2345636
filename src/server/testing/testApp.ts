import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../app';
import { loadConfig } from '../config/loadConfig';

export interface TestApp {
  app: FastifyInstance;
  /** The fresh temporary DATA_DIR of this app. */
  dataDir: string;
  /** Closes the app, drops its PostgreSQL database (if any) and deletes DATA_DIR. */
  close(): Promise<void>;
}

/**
 * A real app on a fresh store: a SQLite file in a new temporary DATA_DIR, or, when
 * process.env.DATABASE_URL is set, a new database `cordon_test_<random>` on that PostgreSQL
 * server (dropped on close). `env` adds or overrides configuration variables (CORDON_ALLOWED_HOSTS
 * defaults to loopback here, unlike in production); `options.logger`
 * goes to buildApp (off by default), `options.now` too (a clock the test moves). An `env.DATABASE_URL`
 * opens that database instead of a new one (e.g. two apps on one store) and is not dropped on close.
 */
export async function createTestApp(env: Record<string, string> = {}, options: { logger?: boolean | object; now?: () => Date } = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cordon-test-'));
  const serverUrl = process.env.DATABASE_URL;
  let database: { url: string; drop(): Promise<void> } | undefined;
  try {
    if (serverUrl && !env.DATABASE_URL) database = await createPostgresDatabase(serverUrl);
    const config = loadConfig({
      DATA_DIR: dataDir,
      CORDON_DIST_DIR: path.join(dataDir, 'no-dist'),
      // Tests talk to the machine's PostgreSQL, MariaDB and HTTP servers on loopback, which the
      // outbound address policy refuses by default; pass CORDON_ALLOWED_HOSTS: '' for the default policy.
      CORDON_ALLOWED_HOSTS: '127.0.0.1,::1,localhost',
      ...(database ? { DATABASE_URL: database.url } : {}),
      ...env,
    });
    const app = await buildApp({ config, logger: options.logger ?? false, ...(options.now ? { now: options.now } : {}) });
    return {
      app,
      dataDir,
      async close() {
        await app.close();
        await database?.drop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Creates a new empty database `cordon_test_<random>` on the PostgreSQL server at `serverUrl`; `drop()` removes it. */
export async function createPostgresDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cordon_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdminClient(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

async function withAdminClient<T>(serverUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw new Error(`PostgreSQL at ${redactPassword(serverUrl)} is unreachable (${(error as Error).message}). Start it, or unset DATABASE_URL to test on SQLite.`, { cause: error });
  }
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}
