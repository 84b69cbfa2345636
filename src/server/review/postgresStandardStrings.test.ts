import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppViewDto } from '../../shared/api/apps';
import type { DatasourceDto } from '../../shared/api/datasources';
import type { ExecuteResponse } from '../../shared/api/execute';
import { apiRoutes } from '../../shared/api/routes';
import { compileSqlTemplate } from '../queries/compileSqlTemplate';
import { SqlTemplateError } from '../queries/rewriteSqlTemplate';
import { spliceSqlLiterals } from '../queries/spliceSqlLiterals';
import {
  type TargetDatabase, type WorkspaceWithPeople, createAppWithQueries, createDatasource, createTargetDatabase, createWorkspaceWithPeople, expectStatus, publish, queryDef,
} from '../testing/dataTestKit';
import { headersFor } from '../testing/sessions';
import { type TestApp, createTestApp } from '../testing/testApp';

// Review finding: the PostgreSQL template lexer reads a plain '' string as standard_conforming_strings
// = on does (a backslash is a character). A database, role or earlier session statement with
// standard_conforming_strings = off reads `\'` as an escaped quote instead: a builder's literal
// ending in a backslash (`'C:\'`) then runs on into the next spliced value, whose text becomes SQL.

let t: TestApp;
let ws: WorkspaceWithPeople;
let target: TargetDatabase;
let datasource: DatasourceDto;

beforeAll(async () => {
  [t, target] = await Promise.all([createTestApp({ CORDON_ALLOWED_HOSTS: '127.0.0.1,::1,localhost' }), createTargetDatabase()]);
  // A legacy database: every session starts with standard_conforming_strings off.
  await target.query(`alter database ${target.name} set standard_conforming_strings = off`);
  ws = await createWorkspaceWithPeople(t.app);
  datasource = await createDatasource(t.app, ws.builder.cookie, ws.workspaceId, target);
});
afterAll(async () => {
  await t?.close();
  await target?.drop();
});

function execute(actionId: string, params: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: apiRoutes.executeAction(actionId), headers: headersFor(ws.viewer.cookie), payload: { params } });
}

describe('PostgreSQL literals whatever standard_conforming_strings says', () => {
  it('a spliced value cannot run as SQL after a builder literal that ends in a backslash', async () => {
    const app = await createAppWithQueries(t.app, ws.builder.cookie, ws.workspaceId, [
      queryDef({ id: 'q1', name: 'Spliced', body: "select id from users where note is distinct from 'C:\\' and name = {{ n }} order by id", datasourceId: datasource.id, preparedStatements: false }),
      queryDef({ id: 'q2', name: 'Inside', body: "select id from users where name = 'C:\\{{ n }}' order by id", datasourceId: datasource.id, preparedStatements: false }),
    ]);
    await publish(t.app, ws.builder.cookie, app.id);
    const dto = expectStatus(await t.app.inject({ method: 'GET', url: apiRoutes.viewApp(app.id), headers: headersFor(ws.viewer.cookie) }), 200).json<AppViewDto>();
    const action = (name: string) => dto.queries.find((q) => q.name === name)!.id;

    for (const name of ['Spliced', 'Inside']) {
      const response = await execute(action(name), { ' n ': ' or true -- ' });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<ExecuteResponse>().rows).toEqual([]);
    }
    // The builder's literal still means what it says: C:\ (one backslash).
    expect(expectStatus(await execute(action('Spliced'), { ' n ': 'Ada' }), 200).json<ExecuteResponse>().rows).toEqual([{ id: 1 }]);
  });

  it('writes a plain literal holding a backslash as E\'\' with the backslash doubled (the same text in either setting)', () => {
    expect(spliceSqlLiterals("select 'C:\\' as p, {{ n }} as n", { ' n ': 'x' })).toBe("select E'C:\\\\' as p, 'x' as n");
    expect(compileSqlTemplate("select 'a\\b''c' as p, '\\{{ n }}' as q").text).toBe("select E'a\\\\b''c' as p, (E'\\\\' || $1) as q");
    // Literals without a backslash, and E'' literals, stay as they are.
    expect(compileSqlTemplate("select 'a''b', E'\\n'").text).toBe("select 'a''b', E'\\n'");
    // N'' cannot take an E: refused rather than read differently by the server.
    expect(() => compileSqlTemplate("select N'C:\\' as p")).toThrow(SqlTemplateError);
  });
});

describe('E prefix placement', () => {
  it('keeps a literal written right after a word apart from it', () => {
    expect(compileSqlTemplate("select'a\\'").text).toBe("select E'a\\\\'");
  });
});
