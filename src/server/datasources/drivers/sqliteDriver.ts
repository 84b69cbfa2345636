import type { SqliteConfig } from '../../../shared/api/datasources';
import { compileDialectSqlTemplate, placeholderValues, valueAsText } from '../../queries/compileDialectSqlTemplate';
import { spliceDialectSqlLiterals } from '../../queries/spliceDialectSqlLiterals';
import { HttpError } from '../../http/httpError';
import { rowLimit } from '../runPostgresQuery';
import { sqliteCodeOf, sqliteQueryFailedError, sqliteUnreachableError } from '../sqlite/sqliteErrors';
import { resolveSqliteFile, sqliteDatabasesDir } from '../sqlite/sqlitePath';
import { SqliteQueryError, SqliteRunners } from '../sqlite/sqliteRunners';
import { refuseFileStatements } from '../sqlite/sqliteStatementGuard';
import type { DatasourceDriver, DriverEnvironment, OpenDatasource, RunContext } from './datasourceDriver';
import type { ExecuteResponse } from '../../../shared/api/execute';

/**
 * SQLite: a file under DATA_DIR/databases (checked on save and again on every open), run in a
 * child process per datasource (see SqliteRunner). `{{ }}` become `?` parameters: numbers,
 * strings, null; booleans as 1/0; objects and arrays as JSON text (use json_each() on them).
 */
export function createSqliteDriver(environment: DriverEnvironment): DatasourceDriver<SqliteConfig> {
  const databasesDir = sqliteDatabasesDir(environment.config.dataDir);
  const runners = new SqliteRunners();

  const runSql = async (datasource: OpenDatasource<SqliteConfig>, sql: string, params: unknown[], timeoutMs: number, context: RunContext): Promise<ExecuteResponse> => {
    const started = performance.now();
    refuseFileStatements(sql);
    // Checked again at every run: the file may have been replaced by a symlink since it was saved.
    const file = await resolveSqliteFile(databasesDir, datasource.config.file);
    const id = datasource.id ?? `draft:${datasource.updatedAt}`;
    const runner = runners.get(id, datasource.updatedAt, file, datasource.config.readOnly);
    try {
      const collected = await runner.run(sql, params, rowLimit, Math.max(1, Math.floor(timeoutMs)), context.signal);
      return { ...collected, durationMs: Math.round(performance.now() - started) };
    } catch (error) {
      if (!(error instanceof SqliteQueryError)) throw error;
      const { failure } = error;
      context.log.info({ datasourceId: datasource.id, sqliteCode: sqliteCodeOf(failure), kind: failure.phase === 'open' ? 'unreachable' : 'query_failed' }, 'query failed');
      throw failure.phase === 'open' ? sqliteUnreachableError() : sqliteQueryFailedError(failure, context.mode);
    } finally {
      if (datasource.id === undefined) runners.evict(id);
    }
  };

  return {
    kind: 'sqlite',
    movesTarget: (before, after) => before.file !== after.file,
    async validateConfig(config) {
      await resolveSqliteFile(databasesDir, config.file);
    },
    async test(datasource, context) {
      await runSql(datasource, 'select 1', [], 5_000, { ...context, mode: 'edit' });
    },
    run(datasource, query, params, context) {
      if (query.preparedStatements) {
        const compiled = compileDialectSqlTemplate(query.body, 'sqlite');
        return runSql(datasource, compiled.text, placeholderValues(compiled, params, sqliteParam), query.timeoutMs, context);
      }
      return runSql(datasource, spliceDialectSqlLiterals(query.body, params, 'sqlite'), [], query.timeoutMs, context);
    },
    evict: async (datasourceId) => runners.evict(datasourceId),
    close: async () => runners.closeAll(),
  };
}

/** A param as better-sqlite3 binds it: booleans as 1/0, objects and arrays as JSON text. */
function sqliteParam(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object' && value !== null) return valueAsText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) throw new HttpError(400, 'query_failed', 'A parameter is not a finite number.');
  return value;
}
