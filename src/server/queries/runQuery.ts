import type { FastifyRequest } from 'fastify';
import type { ExecuteResponse } from '../../shared/api/execute';
import { bindingExpressions } from '../../shared/template';
import '../datasources/dataDecorations';
import type { RunMode } from '../datasources/datasourceErrors';
import { runPostgresQuery } from '../datasources/runPostgresQuery';
import { poolSourceFor } from '../datasources/storedDatasource';
import { HttpError } from '../http/httpError';
import { compileSqlTemplate } from './compileSqlTemplate';
import { SqlTemplateError } from './rewriteSqlTemplate';
import { spliceSqlLiterals } from './spliceSqlLiterals';

/** A query ready to run: from a published action (view) or from the saved draft (edit). */
export interface RunnableQuery {
  workspaceId: string;
  datasourceId: string | null;
  body: string;
  preparedStatements: boolean;
  timeoutMs: number;
}

/**
 * Checks the params against the body's bindings (exactly those keys: 400 missing_param /
 * unknown_param), loads the datasource of the SAME workspace, and runs the query: bindings as
 * prepared-statement parameters (I4), or spliced literals when the builder turned that off.
 * Logs only the datasource id and SQLSTATE of a failure, never values, rows or the body (I5).
 */
export async function runQuery(request: FastifyRequest, query: RunnableQuery, params: Record<string, unknown>, mode: RunMode): Promise<ExecuteResponse> {
  let compiled;
  try {
    compiled = compileSqlTemplate(query.body);
  } catch (error) {
    if (error instanceof SqlTemplateError) throw new HttpError(400, 'query_failed', `The query cannot run: ${error.message}.`);
    throw error;
  }
  checkParams(compiled.bindings, bindingExpressions(query.body), params);

  const app = request.server;
  const datasource = query.datasourceId === null ? undefined : await app.db.selectFrom('datasources').selectAll()
    .where('id', '=', query.datasourceId)
    .where('workspace_id', '=', query.workspaceId)
    .executeTakeFirst();
  if (!datasource) throw new HttpError(400, 'query_failed', 'The query has no datasource. Pick one in the editor.');

  const { source, secrets } = poolSourceFor(app, datasource);
  const sql = query.preparedStatements
    ? { text: compiled.text, values: compiled.bindings.map((binding) => params[binding]) }
    : { text: spliceSqlLiterals(query.body, params), values: [] };
  return runPostgresQuery(app.postgresPools.get(source), { ...sql, timeoutMs: query.timeoutMs, mode, secrets }, (failure) => {
    request.log.info({ datasourceId: datasource.id, sqlState: failure.sqlState, kind: failure.kind }, 'query failed');
  });
}

/**
 * Every parameter binding needs a value; keys that are no binding at all are refused. A binding
 * inside a SQL comment is not a parameter, but a client that lists every bindingExpressions()
 * of the body may send it: it is accepted and ignored.
 */
function checkParams(bindings: readonly string[], allExpressions: readonly string[], params: Record<string, unknown>): void {
  const missing = bindings.filter((binding) => !Object.hasOwn(params, binding));
  if (missing.length > 0) {
    throw new HttpError(400, 'missing_param', `No value for ${missing.length === 1 ? 'the binding' : 'the bindings'} ${missing.map((b) => `{{${b}}}`).join(', ')}.`);
  }
  const declared = new Set([...bindings, ...allExpressions]);
  const unknown = Object.keys(params).filter((key) => !declared.has(key));
  if (unknown.length > 0) {
    // The unknown keys are not echoed: they are the caller's own text, and may be long.
    throw new HttpError(400, 'unknown_param', `${unknown.length} parameter${unknown.length === 1 ? ' is' : 's are'} not a binding of this query.`);
  }
}
