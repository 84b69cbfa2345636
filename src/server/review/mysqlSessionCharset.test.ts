import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppViewDto } from '../../shared/api/apps';
import type { DatasourceDto } from '../../shared/api/datasources';
import type { ExecuteResponse } from '../../shared/api/execute';
import { apiRoutes } from '../../shared/api/routes';
import { type MysqlTargetDatabase, closeMysqlFixture, executeAsViewer, openMysqlFixture } from '../datasources/mysql/mysqlTestKit';
import { type WorkspaceWithPeople, createAppWithQueries, expectStatus, publish, queryDef, seededUsers } from '../testing/dataTestKit';
import { headersFor } from '../testing/sessions';
import type { TestApp } from '../testing/testApp';

// Review finding: spliced MySQL literals (prepared statements off) are escaped for a UTF-8
// connection, but an earlier statement of the builder (`SET NAMES gbk`) stays on the pooled
// session, and mysql2 follows it only while the server reports it (session tracking, which the
// same statement can turn off). In GBK (also BIG5, SJIS, CP932, GB18030) the last byte of a UTF-8 character followed
// by the backslash Cordon doubles reads as ONE character: the backslash is eaten, the next one
// escapes the doubled quote, and the rest of the value runs as SQL.

let t: TestApp;
let ws: WorkspaceWithPeople;
let target: MysqlTargetDatabase;
let datasource: DatasourceDto;

beforeAll(async () => {
  ({ t, ws, target, datasource } = await openMysqlFixture());
});
afterAll(() => closeMysqlFixture({ t, target }));

const execute = (actionId: string, params: Record<string, unknown>) => executeAsViewer({ t, ws }, actionId, params);

describe('MySQL spliced literals and the pooled session character set', () => {
  it('a value cannot leave its literal after an earlier statement switched the session to GBK', async () => {
    const app = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [
      queryDef({ id: 'q1', name: 'Gbk', body: "SET session_track_system_variables = '', character_set_client = gbk", datasourceId: datasource.id }),
      queryDef({ id: 'q2', name: 'ByName', body: 'select id from users where name = {{ n }} order by id', datasourceId: datasource.id, preparedStatements: false }),
    ]);
    await publish(t.app, ws.builder.cookie, app.id);
    const dto = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.viewApp(app.id), headers: headersFor(ws.viewer.cookie) }), 200).json<AppViewDto>();
    const action = (name: string) => dto.queries.find((q) => q.name === name)!.id;
    // Every pooled connection (5) gets the GBK session.
    for (const response of await Promise.all(Array.from({ length: 5 }, () => execute(action('Gbk'), {})))) expectStatus(response, 200);

    // U+4EBF is E4 BA BF in UTF-8; GBK reads E4BA, then BF + the first backslash.
    const payload = "\u4ebf\\' or 1=1 -- ";
    for (let i = 0; i < 5; i++) {
      const response = await execute(action('ByName'), { ' n ': payload });
      if (response.statusCode === 200) {
        expect(response.json<ExecuteResponse>().rows).toEqual([]);
      } else {
        expect(response.statusCode).toBe(400);
      }
    }
    // The session is read as the lexer read it: ordinary values still match.
    const plain = expectStatus(await execute(action('ByName'), { ' n ': seededUsers[0]!.name }), 200).json<ExecuteResponse>();
    expect(plain.rows).toEqual([{ id: seededUsers[0]!.id }]);
  });
});
