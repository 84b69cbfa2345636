import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppViewDto } from '../../shared/api/apps';
import type { DatasourceDto } from '../../shared/api/datasources';
import type { ExecuteResponse } from '../../shared/api/execute';
import { apiRoutes } from '../../shared/api/routes';
import { type MysqlTargetDatabase, closeMysqlFixture, openMysqlFixture } from '../datasources/mysql/mysqlTestKit';
import { compileDialectSqlTemplate } from '../queries/compileDialectSqlTemplate';
import { SqlTemplateError } from '../queries/rewriteSqlTemplate';
import { type WorkspaceWithPeople, createAppWithQueries, expectStatus, publish, queryDef } from '../testing/dataTestKit';
import { headersFor } from '../testing/sessions';
import type { TestApp } from '../testing/testApp';

// Review finding: the MySQL lexer read every executable comment as code. But `/*!NNNNN … */`
// is code only on a server at least that version, and `/*M! … */` only on MariaDB: elsewhere
// the server skips it as a comment, up to the first `*/`, without reading strings. A spliced
// value (prepared statements off) holding `*/` then ended the comment and ran as SQL.

let t: TestApp;
let ws: WorkspaceWithPeople;
let target: MysqlTargetDatabase;
let datasource: DatasourceDto;

beforeAll(async () => {
  ({ t, ws, target, datasource } = await openMysqlFixture());
});
afterAll(() => closeMysqlFixture({ t, target }));

describe('MySQL bindings in version-dependent executable comments', () => {
  it('are refused: a value cannot end a comment the server skips', async () => {
    const bodies = {
      Versioned: 'select id from users where id = 0 /*!999999 or name = {{ n }} */ order by id',
      VersionedString: "select id from users where id = 0 /*!999999 or name = '{{ n }}' */ order by id",
      MariaOnly: 'select id from users where id = 0 /*M!999999 or name = {{ n }} */ order by id',
    };
    const app = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, Object.entries(bodies).map(([name, body], i) => queryDef({
      id: `q${i}`, name, body, datasourceId: datasource.id, preparedStatements: false,
    })));
    const published = await t.app.inject({ method: 'POST', url: apiRoutes.publishApp(app.id), headers: headersFor(ws.builder.cookie), payload: {} });
    if (published.statusCode === 200) {
      // Published anyway (before the fix): the viewer must still get no extra rows.
      const dto = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.viewApp(app.id), headers: headersFor(ws.viewer.cookie) }), 200).json<AppViewDto>();
      for (const query of dto.queries) {
        const response = await t.app.inject({ method: 'POST', url: apiRoutes.executeAction(query.id), headers: headersFor(ws.viewer.cookie), payload: { params: { ' n ': '*/ or 1=1 -- ' } } });
        if (response.statusCode === 200) expect(response.json<ExecuteResponse>().rows, query.name).toEqual([]);
      }
    }
    expect(published.statusCode).toBe(400);
    expect(published.json<{ message: string }>().message).toMatch(/executable comment/);
  });

  it('stay allowed in /*! … */ without a version, which every server runs', async () => {
    expect(compileDialectSqlTemplate('select 1 /*! + {{ a }} */', 'mysql').text).toBe('select 1 /*! + ? */');
    expect(() => compileDialectSqlTemplate('select 1 /*!50700 + {{ a }} */', 'mysql')).toThrow(SqlTemplateError);
    expect(() => compileDialectSqlTemplate('select 1 /*M! + {{ a }} */', 'mysql')).toThrow(SqlTemplateError);
    // Without bindings they pass through as before.
    expect(compileDialectSqlTemplate('select 1 /*!50700 + 1 */, {{ a }}', 'mysql').text).toBe('select 1 /*!50700 + 1 */, ?');
    const app = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [queryDef({ id: 'q1', name: 'Plain', body: 'select 1 /*! + {{ a }} */ as v', datasourceId: datasource.id })]);
    await publish(t.app, ws.builder.cookie, app.id);
  });
});
