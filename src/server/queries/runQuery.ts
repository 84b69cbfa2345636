import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DatasourceKind } from '../../shared/api/datasources';
import type { RestRequest } from '../../shared/appDocument';
import type { ExecuteResponse } from '../../shared/api/execute';
import { queryBindingExpressions } from '../../shared/queryBindings';
import '../datasources/dataDecorations';
import type { RunMode } from '../datasources/datasourceErrors';
import { driverFor } from '../datasources/drivers/createDrivers';
import type { OpenDatasource } from '../datasources/drivers/datasourceDriver';
import { requestCancelSignal } from '../datasources/requestCancelSignal';
import { type DatasourceRow, kindOf, openStoredDatasource } from '../datasources/storedDatasource';
import { HttpError } from '../http/httpError';
import { boundedMemo } from '../../shared/boundedMemo';
import { SqlTemplateError } from './rewriteSqlTemplate';
import { sqlParameterBindings } from './sqlParameterBindings';

/** A query ready to run: from a published action (view) or from the saved draft (edit). */
export interface RunnableQuery {
  workspaceId: string;
  datasourceId: string | null;
  body: string;
  /** The request of a REST query; undefined for SQL. */
  rest: RestRequest | undefined;
  preparedStatements: boolean;
  timeoutMs: number;
  /**
   * The datasource row when the caller already read it in the same store query (view mode joins
   * it to the action); it must be the row of `datasourceId` in `workspaceId`. null: no such row.
   */
  datasource?: DatasourceRow | null;
}

/**
 * Checks the params against the query's bindings (exactly those keys: 400 missing_param /
 * unknown_param), loads the datasource of the SAME workspace, and hands the query to the
 * driver of its kind: SQL bindings as prepared-statement parameters (I4) or escaped literals
 * when the builder turned that off, REST values encoded for their place. The run is cancelled
 * when the client goes away. Nothing of values, rows or the body is logged (I5).
 */
export async function runQuery(request: FastifyRequest, reply: FastifyReply, query: RunnableQuery, params: Record<string, unknown>, mode: RunMode): Promise<ExecuteResponse> {
  const app = request.server;
  const datasource = query.datasourceId === null ? undefined : query.datasource !== undefined ? query.datasource ?? undefined : await app.db.selectFrom('datasources').selectAll()
    .where('id', '=', query.datasourceId)
    .where('workspace_id', '=', query.workspaceId)
    .executeTakeFirst();
  if (!datasource) throw new HttpError(400, 'query_failed', 'The query has no datasource. Pick one in the editor.');
  const kind = kindOf(datasource);
  const isRest = kind === 'rest';
  if (isRest !== (query.rest !== undefined)) {
    throw new HttpError(400, 'query_failed', isRest ? 'This query is SQL, but its datasource is a REST API. Edit the query.' : 'This query is a REST request, but its datasource runs SQL. Edit the query.');
  }

  let parameters: readonly string[];
  let allExpressions: readonly string[];
  if (query.rest) {
    parameters = allExpressions = queryBindingExpressions(query);
  } else {
    try {
      ({ parameters, allExpressions } = sqlBindingsOf(query.body, kind));
    } catch (error) {
      if (error instanceof SqlTemplateError) throw new HttpError(400, 'query_failed', `The query cannot run: ${error.message}.`);
      throw error;
    }
  }
  checkParams(parameters, allExpressions, params);

  return driverFor(app.drivers, kind).run(openStoredDatasourceOnce(app, datasource), {
    body: query.body, rest: query.rest, preparedStatements: query.preparedStatements, timeoutMs: query.timeoutMs,
  }, params, { mode, signal: requestCancelSignal(request, reply), log: request.log });
}

interface SqlBindings {
  parameters: readonly string[];
  allExpressions: readonly string[];
}

/**
 * The parameter bindings and all binding expressions of a SQL body, parsed once per body and
 * kind (they depend on nothing else; a published body never changes). A body that does not
 * compile throws every time and is not kept.
 */
const sqlBindingsOf = boundedMemo((body: string, kind: DatasourceKind): SqlBindings => Object.freeze({
  parameters: sqlParameterBindings(body, kind),
  allExpressions: Object.freeze(queryBindingExpressions({ body, rest: undefined })),
}), { key: (body, kind) => `${kind}\u0000${body}` });

interface OpenedDatasource {
  row: DatasourceRow;
  open: OpenDatasource;
}

const openedDatasources = new WeakMap<FastifyInstance, Map<string, OpenedDatasource>>();

/**
 * openStoredDatasource (parse and check the config, check every secret decrypts) once per
 * version of a datasource row rather than on every run: the entry is used only while the row's
 * kind, config, secrets and updated_at are exactly the ones it was opened from. It holds the
 * encrypted envelopes, never a decrypted secret (drivers decrypt when they connect). A row
 * whose secrets cannot be decrypted is not kept (502 every time).
 */
function openStoredDatasourceOnce(app: FastifyInstance, row: DatasourceRow): OpenDatasource {
  let opened = openedDatasources.get(app);
  if (!opened) {
    opened = new Map();
    openedDatasources.set(app, opened);
  }
  const cached = opened.get(row.id);
  if (cached && cached.row.updated_at === row.updated_at && cached.row.kind === row.kind && cached.row.config === row.config
    && cached.row.secrets === row.secrets && cached.row.workspace_id === row.workspace_id) {
    return cached.open;
  }
  const open = openStoredDatasource(app, row);
  // Bounded: a server with more datasources than this simply opens some of them again.
  if (opened.size >= 1_000) opened.clear();
  opened.set(row.id, { row: { ...row }, open });
  return open;
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
