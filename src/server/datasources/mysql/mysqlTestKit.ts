import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import mysql from 'mysql2/promise';
import type { DatasourceDto } from '../../../shared/api/datasources';
import { apiRoutes } from '../../../shared/api/routes';
import { type WorkspaceWithPeople, createWorkspaceWithPeople, expectStatus, seededUsers } from '../../testing/dataTestKit';
import { headersFor } from '../../testing/sessions';
import { type TestApp, createTestApp } from '../../testing/testApp';

/** The MySQL/MariaDB server the datasource tests connect to (as an administrator). */
export const adminMysqlUrl = process.env.CORDON_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

/** A throw-away database `cordon_ds_<random>` on the MySQL test server, seeded with a `users` table. */
export interface MysqlTargetDatabase {
  name: string;
  host: string;
  port: number;
  user: string;
  password: string;
  /** Runs SQL on the target database (for seeding and checking). */
  query<T = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<T[]>;
  /** A checksum of the users table (changes with any row). */
  checksum(): Promise<string>;
  drop(): Promise<void>;
}

function adminOptions(database?: string): mysql.ConnectionOptions {
  const url = new URL(adminMysqlUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: database ?? (url.pathname.slice(1) || undefined),
    multipleStatements: false,
    dateStrings: true,
  };
}

async function withConnection<T>(database: string | undefined, run: (c: mysql.Connection) => Promise<T>): Promise<T> {
  let connection: mysql.Connection;
  try {
    connection = await mysql.createConnection(adminOptions(database));
  } catch (error) {
    throw new Error(`MySQL/MariaDB for the tests is unreachable at ${new URL(adminMysqlUrl).host} (${(error as Error).message}). Start it, or set CORDON_TEST_MYSQL_URL.`, { cause: error });
  }
  try {
    return await run(connection);
  } finally {
    await connection.end();
  }
}

export async function createMysqlTarget(): Promise<MysqlTargetDatabase> {
  const name = `cordon_ds_${randomBytes(6).toString('hex')}`;
  await withConnection(undefined, (c) => c.query(`create database ${name} character set utf8mb4`));
  await withConnection(name, async (c) => {
    await c.query('create table users (id int primary key, name varchar(100) not null, note text)');
    for (const u of seededUsers) await c.execute('insert into users (id, name, note) values (?, ?, ?)', [u.id, u.name, u.note]);
  });
  const options = adminOptions();
  return {
    name,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 3306,
    user: options.user ?? 'root',
    password: String(options.password ?? ''),
    query: (sql, values) => withConnection(name, async (c) => (await c.query(sql, values))[0] as never),
    checksum: () => withConnection(name, async (c) => {
      const [rows] = await c.query('select id, name, note from users order by id');
      return JSON.stringify(rows);
    }),
    drop: () => withConnection(undefined, (c) => c.query(`drop database if exists ${name}`)).then(() => undefined),
  };
}

/** Statements of the test server still running whose text starts with `prefix` (to see that a stopped query is gone). */
export function runningStatements(prefix: string): Promise<number> {
  return withConnection(undefined, async (c) => {
    const [rows] = await c.query('select count(*) as n from information_schema.processlist where info like ? and id <> connection_id()', [`${prefix}%`]);
    return Number((rows as Array<{ n: number }>)[0]?.n ?? 0);
  });
}

export async function createMysqlDatasource(app: FastifyInstance, cookie: string, workspaceId: string, target: Pick<MysqlTargetDatabase, 'name' | 'host' | 'port' | 'user' | 'password'>, options: { name?: string; password?: string } = {}): Promise<DatasourceDto> {
  const password = options.password ?? target.password;
  const response = await app.inject({
    method: 'POST', url: apiRoutes.datasources(workspaceId), headers: headersFor(cookie),
    payload: {
      name: options.name ?? 'MySQL DB', kind: 'mysql',
      config: { host: target.host, port: target.port, database: target.name, user: target.user, ssl: 'disable' },
      secrets: password === '' ? {} : { password },
    },
  });
  return expectStatus(response, 201).json<DatasourceDto>();
}

/** What most MySQL datasource tests start from. */
export interface MysqlFixture {
  t: TestApp;
  /** A builder (Administrator) and an App Viewer. */
  ws: WorkspaceWithPeople;
  target: MysqlTargetDatabase;
  /** The builder's MySQL datasource on `target`. */
  datasource: DatasourceDto;
}

/** A test app (loopback allowed), a workspace with people and a MySQL datasource on a fresh database. */
export async function openMysqlFixture(): Promise<MysqlFixture> {
  const [t, target] = await Promise.all([createTestApp({ CORDON_ALLOWED_HOSTS: '127.0.0.1,::1,localhost' }), createMysqlTarget()]);
  const ws = await createWorkspaceWithPeople(t.app);
  const datasource = await createMysqlDatasource(t.app, ws.builder.cookie, ws.workspaceId, target);
  return { t, ws, target, datasource };
}

/** Closes what openMysqlFixture opened (also when it stopped half-way). */
export async function closeMysqlFixture(fixture: { t?: TestApp; target?: MysqlTargetDatabase }): Promise<void> {
  await fixture.t?.close();
  await fixture.target?.drop();
}

/** The App Viewer runs a published action, as the viewer's browser does. */
export function executeAsViewer(fixture: Pick<MysqlFixture, 't' | 'ws'>, actionId: string, params: Record<string, unknown>) {
  return fixture.t.app.inject({ method: 'POST', url: apiRoutes.executeAction(actionId), headers: headersFor(fixture.ws.viewer.cookie), payload: { params } });
}
