import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import type { AppEditDto } from '../../shared/api/apps';
import type { DatasourceDto } from '../../shared/api/datasources';
import { apiRoutes } from '../../shared/api/routes';
import type { WorkspaceDto } from '../../shared/api/workspaces';
import type { QueryDef } from '../../shared/appDocument';
import { headersFor, signUpUser } from './sessions';

/** The PostgreSQL server the datasource tests connect to (as an administrator). */
export const adminPgUrl = process.env.CORDON_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A throw-away database `cordon_ds_<random>` on the test server, seeded with a `users` table. */
export interface TargetDatabase {
  name: string;
  host: string;
  port: number;
  user: string;
  /** Runs SQL on the target database (for seeding and for checking it is unchanged). */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export const seededUsers = [
  { id: 1, name: 'Ada', note: 'first' },
  { id: 2, name: 'Grace', note: "O'Brien's" },
  { id: 3, name: 'Linus', note: null },
];

export async function createTargetDatabase(): Promise<TargetDatabase> {
  const name = `cordon_ds_${randomBytes(6).toString('hex')}`;
  await withClient(adminPgUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(adminPgUrl);
  url.pathname = `/${name}`;
  const targetUrl = url.toString();
  await withClient(targetUrl, async (c) => {
    await c.query('create table users (id int primary key, name text not null, note text)');
    for (const u of seededUsers) await c.query('insert into users (id, name, note) values ($1, $2, $3)', [u.id, u.name, u.note]);
  });
  return {
    name,
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    query: (text, values) => withClient(targetUrl, async (c) => (await c.query(text, values)).rows),
    drop: () => withClient(adminPgUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A workspace with a developer (its creator, Administrator) and an App Viewer. */
export interface WorkspaceWithPeople {
  workspaceId: string;
  builder: { cookie: string; userId: string };
  viewer: { cookie: string; userId: string };
}

export async function createWorkspaceWithPeople(app: FastifyInstance): Promise<WorkspaceWithPeople> {
  const builder = await signUpUser(app);
  const viewer = await signUpUser(app);
  const ws = expectStatus(await app.inject({ method: 'POST', url: apiRoutes.workspaces, headers: headersFor(builder.cookie), payload: { name: 'Ops' } }), 201).json<WorkspaceDto>();
  expectStatus(await app.inject({
    method: 'POST', url: apiRoutes.members(ws.id), headers: headersFor(builder.cookie), payload: { email: viewer.email, role: 'app_viewer' },
  }), 201);
  return { workspaceId: ws.id, builder: { cookie: builder.cookie, userId: builder.user.id }, viewer: { cookie: viewer.cookie, userId: viewer.user.id } };
}

export async function createDatasource(app: FastifyInstance, cookie: string, workspaceId: string, target: Pick<TargetDatabase, 'name' | 'host' | 'port' | 'user'>, options: { name?: string; password?: string } = {}): Promise<DatasourceDto> {
  const response = await app.inject({
    method: 'POST', url: apiRoutes.datasources(workspaceId), headers: headersFor(cookie),
    payload: {
      name: options.name ?? 'Main DB', kind: 'postgres',
      config: { host: target.host, port: target.port, database: target.name, user: target.user, ssl: 'disable' },
      secrets: options.password === undefined ? {} : { password: options.password },
    },
  });
  return expectStatus(response, 201).json<DatasourceDto>();
}

export function queryDef(overrides: Partial<QueryDef> & Pick<QueryDef, 'id' | 'name' | 'body'>): QueryDef {
  return { datasourceId: null, runOnLoad: false, confirm: false, timeoutMs: 10_000, preparedStatements: true, ...overrides };
}

/** Creates an app and saves a document with the given queries (and one text widget). */
export async function createAppWithQueries(app: FastifyInstance, cookie: string, workspaceId: string, queries: QueryDef[]): Promise<AppEditDto> {
  const created = expectStatus(await app.inject({ method: 'POST', url: apiRoutes.workspaceApps(workspaceId), headers: headersFor(cookie), payload: { name: 'Orders' } }), 201).json<AppEditDto>();
  const document = {
    ...created.document,
    pages: [{ id: 'page1', name: 'Page1', slug: 'page1', widgets: [{ id: 'w1', name: 'Text1', type: 'text', layout: { x: 0, y: 0, w: 6, h: 4 }, props: { text: '{{ Query1.data.length }}' } }] }],
    queries,
  };
  const saved = expectStatus(await app.inject({ method: 'PUT', url: apiRoutes.app(created.id), headers: headersFor(cookie), payload: { version: created.version, document } }), 200).json<{ version: number }>();
  return { ...created, document, version: saved.version };
}

export async function publish(app: FastifyInstance, cookie: string, appId: string): Promise<void> {
  // `{}` as the browser client sends it for a POST without arguments.
  expectStatus(await app.inject({ method: 'POST', url: apiRoutes.publishApp(appId), headers: headersFor(cookie), payload: {} }), 200);
}

/** The response, after checking its status (the body is in the failure message). */
export function expectStatus(response: LightMyRequestResponse, status: number): LightMyRequestResponse {
  if (response.statusCode !== status) throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  return response;
}
