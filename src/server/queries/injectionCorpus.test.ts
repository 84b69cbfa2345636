import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppViewDto } from '../../shared/api/apps';
import type { DatasourceDto } from '../../shared/api/datasources';
import type { ExecuteResponse } from '../../shared/api/execute';
import { apiRoutes } from '../../shared/api/routes';
import { createMysqlDatasource, createMysqlTarget } from '../datasources/mysql/mysqlTestKit';
import {
  type WorkspaceWithPeople, createAppWithQueries, createDatasource, createTargetDatabase, createWorkspaceWithPeople, expectStatus, publish, queryDef, seededUsers,
} from '../testing/dataTestKit';
import { headersFor } from '../testing/sessions';
import { type TestApp, createTestApp } from '../testing/testApp';
import { injectionPayloads, nulBytePayloads } from './injectionPayloads';

/**
 * The SQL-injection corpus through a PUBLISHED app's bindings (POST /api/v1/actions/:id/execute)
 * into a real table of each SQL dialect, with prepared statements on and off (escaped literals):
 * no extra rows, no changed data (checksum before and after), no extra tables, every value
 * stored as exactly the text sent, and no error that echoes the query.
 */

const marker = 'CORPUS_MARKER_9f3e';

/** What a dialect's test target offers. */
interface Target {
  datasourceId: string;
  /** The users rows, as JSON, in id order. */
  checksum(): Promise<string>;
  /** Names of the tables of the database. */
  tables(): Promise<string[]>;
  /** The audit table's values, in insert order. */
  audit(): Promise<unknown[]>;
  close(): Promise<void>;
}

interface Dialect {
  name: 'postgres' | 'mysql' | 'sqlite';
  /** SQL of `select <binding> as v` that returns the value as text. */
  echo: string;
  /** Can store a NUL character in text. */
  storesNul: boolean;
  setup(t: TestApp, ws: WorkspaceWithPeople): Promise<Target>;
}

const dialects: Dialect[] = [
  {
    name: 'postgres',
    echo: 'select {{ v }}::text as v',
    storesNul: false,
    async setup(t, ws) {
      const target = await createTargetDatabase();
      await target.query('create table audit (id serial primary key, v text)');
      const ds = await createDatasource(t.app, ws.builder.cookie, ws.workspaceId, target);
      return {
        datasourceId: ds.id,
        checksum: async () => JSON.stringify(await target.query('select id, name, note from users order by id')),
        tables: async () => (await target.query<{ t: string }>("select tablename as t from pg_tables where schemaname = 'public' order by 1")).map((r) => r.t),
        audit: async () => (await target.query<{ v: string }>('select v from audit order by id')).map((r) => r.v),
        close: () => target.drop(),
      };
    },
  },
  {
    name: 'mysql',
    echo: 'select {{ v }} as v',
    storesNul: true,
    async setup(t, ws) {
      const target = await createMysqlTarget();
      await target.query('create table audit (id int auto_increment primary key, v text)');
      const ds = await createMysqlDatasource(t.app, ws.builder.cookie, ws.workspaceId, target);
      return {
        datasourceId: ds.id,
        checksum: () => target.checksum(),
        tables: async () => (await target.query<{ t: string }>('select table_name as t from information_schema.tables where table_schema = database() order by 1')).map((r) => r.t),
        audit: async () => (await target.query<{ v: string }>('select v from audit order by id')).map((r) => r.v),
        close: () => target.drop(),
      };
    },
  },
  {
    name: 'sqlite',
    echo: 'select {{ v }} as v',
    storesNul: true,
    async setup(t, ws) {
      const file = path.join(t.dataDir, 'databases', 'corpus.db');
      const db = new Database(file);
      db.exec('create table users (id integer primary key, name text not null, note text); create table audit (id integer primary key, v text)');
      const insert = db.prepare('insert into users (id, name, note) values (?, ?, ?)');
      for (const u of seededUsers) insert.run(u.id, u.name, u.note);
      db.close();
      const ds = expectStatus(await t.app.inject({
        method: 'POST', url: apiRoutes.datasources(ws.workspaceId), headers: headersFor(ws.builder.cookie),
        payload: { name: 'Corpus', kind: 'sqlite', config: { file: 'corpus.db' } },
      }), 201).json<DatasourceDto>();
      const read = <T>(sql: string): T[] => {
        const reader = new Database(file, { readonly: true });
        try {
          return reader.prepare(sql).all() as T[];
        } finally {
          reader.close();
        }
      };
      return {
        datasourceId: ds.id,
        checksum: async () => JSON.stringify(read('select id, name, note from users order by id')),
        tables: async () => read<{ t: string }>("select name as t from sqlite_master where type = 'table' order by 1").map((r) => r.t),
        audit: async () => read<{ v: string }>('select v from audit order by id').map((r) => r.v),
        close: async () => {},
      };
    },
  },
];

/** A view-mode failure says only which code: never the query, a value or the database's text. */
const codeOnly = /^The query failed( \((SQLSTATE [0-9A-Z]{5}|[A-Z][A-Z0-9_]+)\))?\.$/;

for (const dialect of dialects) {
  describe(`SQL-injection corpus: ${dialect.name}`, () => {
    let t: TestApp;
    let ws: WorkspaceWithPeople;
    let target: Target;

    beforeAll(async () => {
      t = await createTestApp();
      ws = await createWorkspaceWithPeople(t.app);
      target = await dialect.setup(t, ws);
    });
    afterAll(async () => {
      await target?.close();
      await t?.close();
    });

    async function publishedActions(preparedStatements: boolean): Promise<(name: string) => string> {
      const body = (sql: string) => `${sql} /* ${marker} */`;
      const app = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [
        queryDef({ id: 'q1', name: 'ByName', body: body('select id, name, note from users where name = {{ v }}') }),
        queryDef({ id: 'q2', name: 'ByQuoted', body: body("select id from users where name = '{{ v }}'") }),
        queryDef({ id: 'q3', name: 'ByLike', body: body("select id from users where note like '%{{ v }}%'") }),
        queryDef({ id: 'q4', name: 'ById', body: body('select id from users where id = {{ v }}') }),
        queryDef({ id: 'q5', name: 'Echo', body: body(dialect.echo) }),
        queryDef({ id: 'q6', name: 'Touch', body: body('update users set note = note where name = {{ v }}') }),
        queryDef({ id: 'q7', name: 'Audit', body: body('insert into audit (v) values ({{ v }})') }),
      ].map((query) => ({ ...query, datasourceId: target.datasourceId, preparedStatements })));
      await publish(t.app, ws.builder.cookie, app.id);
      const dto = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.viewApp(app.id), headers: headersFor(ws.viewer.cookie) }), 200).json<AppViewDto>();
      return (name) => dto.queries.find((q) => q.name === name)!.id;
    }

    async function execute(actionId: string, payload: string): Promise<{ status: number; body: string; json: ExecuteResponse & { code?: string; message?: string } }> {
      const response = await t.app.inject({ method: 'POST', url: apiRoutes.executeAction(actionId), headers: headersFor(ws.viewer.cookie), payload: { params: { ' v ': payload } } });
      // Whatever happens, the response never shows the query.
      expect(response.body).not.toContain(marker);
      if (response.statusCode !== 200) {
        expect(response.statusCode).toBe(400);
        expect(response.json<{ code: string; message: string }>()).toEqual({ code: 'query_failed', message: expect.stringMatching(codeOnly) });
      }
      return { status: response.statusCode, body: response.body, json: response.json() };
    }

    for (const preparedStatements of [true, false]) {
      it(`treats ${injectionPayloads.length + nulBytePayloads.length} payloads as plain values (prepared statements ${preparedStatements ? 'on' : 'off'})`, async () => {
        expect(injectionPayloads.length).toBeGreaterThanOrEqual(60);
        const action = await publishedActions(preparedStatements);
        const checksum = await target.checksum();
        const tables = await target.tables();
        const auditBefore = await target.audit();
        const stored: string[] = [];
        for (const payload of [...injectionPayloads, ...nulBytePayloads]) {
          const hasNul = payload.includes('\0');
          const plain = !hasNul || dialect.storesNul;
          for (const name of ['ByName', 'ByQuoted']) {
            const result = await execute(action(name), payload);
            if (plain) expect([name, payload, result.status, result.json.rows]).toEqual([name, payload, 200, []]);
          }
          const like = await execute(action('ByLike'), payload);
          if (like.status === 200) expect(like.json.rows.length).toBeLessThanOrEqual(seededUsers.length);
          if (plain && !/[%_\\]/.test(payload) && !hasNul) {
            // At most the rows whose note holds the text (case-insensitive: MySQL's collation is).
            const holders = seededUsers.filter((u) => u.note?.toLowerCase().includes(payload.toLowerCase())).length;
            expect([payload, like.json.rows.length <= holders]).toEqual([payload, true]);
          }
          // A text in a numeric slot: an error (PostgreSQL) or at most the row MySQL's number conversion finds.
          const byId = await execute(action('ById'), payload);
          if (byId.status === 200) expect(byId.json.rows.length).toBeLessThanOrEqual(1);
          const echo = await execute(action('Echo'), payload);
          if (plain) expect([payload, echo.status, echo.json.rows]).toEqual([payload, 200, [{ v: payload }]]);
          const touch = await execute(action('Touch'), payload);
          if (plain) expect([payload, touch.json.rowCount]).toEqual([payload, 0]);
          const audit = await execute(action('Audit'), payload);
          if (plain) expect([payload, audit.status]).toEqual([payload, 200]);
          if (audit.status === 200) stored.push(payload);
        }
        expect(await target.checksum()).toBe(checksum);
        expect(JSON.parse(checksum)).toEqual(seededUsers);
        expect(await target.tables()).toEqual(tables);
        // Each payload landed as one value, exactly as sent.
        expect(await target.audit()).toEqual([...auditBefore, ...stored]);
        expect(stored.length).toBeGreaterThanOrEqual(injectionPayloads.length);
      });
    }
  });
}
