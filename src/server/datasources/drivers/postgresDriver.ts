import type { PostgresConfig } from '../../../shared/api/datasources';
import { compileSqlTemplate } from '../../queries/compileSqlTemplate';
import { spliceSqlLiterals } from '../../queries/spliceSqlLiterals';
import { PostgresPools } from '../postgresPool';
import { runPostgresQuery } from '../runPostgresQuery';
import { movesDatabaseServer } from './movesDatabaseServer';
import type { DatasourceDriver, DriverEnvironment, OpenDatasource } from './datasourceDriver';

/** PostgreSQL: a pg pool per datasource; `{{ }}` become `$n` parameters (I4). */
export function createPostgresDriver(environment: DriverEnvironment): DatasourceDriver<PostgresConfig> {
  const pools = new PostgresPools(environment);
  const poolOf = (datasource: OpenDatasource<PostgresConfig>) => pools.get({
    datasourceId: datasource.id ?? `draft:${datasource.updatedAt}`,
    updatedAt: datasource.updatedAt,
    config: datasource.config,
    password: () => datasource.secret('password'),
  });
  return {
    kind: 'postgres',
    movesTarget: movesDatabaseServer,
    async test(datasource, context) {
      const pool = poolOf(datasource);
      try {
        await runPostgresQuery(pool, { text: 'select 1', values: [], timeoutMs: 5_000, mode: 'edit', secrets: () => datasource.secretValues(), signal: context.signal }, (failure) => {
          context.log.info({ datasourceId: datasource.id, sqlState: failure.sqlState, kind: failure.kind }, 'datasource test failed');
        });
      } finally {
        if (datasource.id === undefined) await pools.evict(`draft:${datasource.updatedAt}`);
      }
    },
    run(datasource, query, params, context) {
      const sql = query.preparedStatements
        ? (() => {
          const compiled = compileSqlTemplate(query.body);
          return { text: compiled.text, values: compiled.bindings.map((binding) => params[binding]) };
        })()
        : { text: spliceSqlLiterals(query.body, params), values: [] };
      return runPostgresQuery(poolOf(datasource), {
        ...sql, timeoutMs: query.timeoutMs, mode: context.mode, secrets: () => datasource.secretValues(), signal: context.signal,
      }, (failure) => {
        context.log.info({ datasourceId: datasource.id, sqlState: failure.sqlState, kind: failure.kind }, 'query failed');
      });
    },
    evict: (datasourceId) => pools.evict(datasourceId),
    close: () => pools.closeAll(),
  };
}
