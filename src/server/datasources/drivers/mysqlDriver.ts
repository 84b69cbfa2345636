import type { MysqlConfig } from '../../../shared/api/datasources';
import { compileDialectSqlTemplate, placeholderValues, valueAsText } from '../../queries/compileDialectSqlTemplate';
import { spliceDialectSqlLiterals } from '../../queries/spliceDialectSqlLiterals';
import { MysqlPools } from '../mysql/mysqlPools';
import { type MysqlQuery, runMysqlQuery } from '../mysql/runMysqlQuery';
import { movesDatabaseServer } from './movesDatabaseServer';
import type { DatasourceDriver, DriverEnvironment, OpenDatasource } from './datasourceDriver';

/**
 * MySQL and MariaDB: a mysql2 pool per datasource; `{{ }}` become `?` parameters of a prepared
 * statement (I4). Values: numbers, booleans, strings and null as they are; objects AND arrays
 * as JSON text (mysql2's execute does not expand arrays; `JSON_CONTAINS(?, ...)` or
 * `JSON_TABLE` use them). A binding written inside quotes is always sent as text.
 */
export function createMysqlDriver(environment: DriverEnvironment): DatasourceDriver<MysqlConfig> {
  const pools = new MysqlPools(environment);
  const poolOf = (datasource: OpenDatasource<MysqlConfig>) => pools.get({
    datasourceId: datasource.id ?? `draft:${datasource.updatedAt}`,
    updatedAt: datasource.updatedAt,
    config: datasource.config,
    password: () => datasource.secret('password'),
  });
  return {
    kind: 'mysql',
    movesTarget: movesDatabaseServer,
    async test(datasource, context) {
      try {
        await runMysqlQuery(poolOf(datasource), {
          sql: 'select 1', values: undefined, pinSqlMode: false, timeoutMs: 10_000, mode: 'edit', secrets: () => datasource.secretValues(), signal: context.signal,
        }, (failure) => {
          context.log.info({ datasourceId: datasource.id, mysqlCode: failure.sqlState, kind: failure.kind }, 'datasource test failed');
        });
      } finally {
        if (datasource.id === undefined) await pools.evict(`draft:${datasource.updatedAt}`);
      }
    },
    run(datasource, query, params, context) {
      let sql: Pick<MysqlQuery, 'sql' | 'values' | 'pinSqlMode'>;
      if (query.preparedStatements) {
        const compiled = compileDialectSqlTemplate(query.body, 'mysql');
        sql = compiled.placeholders.length === 0
          ? { sql: compiled.text, values: undefined, pinSqlMode: false }
          : { sql: compiled.text, values: placeholderValues(compiled, params, mysqlParam), pinSqlMode: false };
      } else {
        sql = { sql: spliceDialectSqlLiterals(query.body, params, 'mysql'), values: undefined, pinSqlMode: true };
      }
      return runMysqlQuery(poolOf(datasource), {
        ...sql, timeoutMs: query.timeoutMs, mode: context.mode, secrets: () => datasource.secretValues(), signal: context.signal,
      }, (failure) => {
        context.log.info({ datasourceId: datasource.id, mysqlCode: failure.sqlState, kind: failure.kind }, 'query failed');
      });
    },
    evict: (datasourceId) => pools.evict(datasourceId),
    close: () => pools.closeAll(),
  };
}

/** A param as mysql2's execute binds it: objects and arrays as JSON text. */
function mysqlParam(value: unknown): unknown {
  if (typeof value === 'object' && value !== null) return valueAsText(value);
  if (typeof value === 'bigint') return value.toString();
  return value;
}
