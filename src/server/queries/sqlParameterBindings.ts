import type { DatasourceKind } from '../../shared/api/datasources';
import { compileDialectSqlTemplate } from './compileDialectSqlTemplate';
import { compileSqlTemplate } from './compileSqlTemplate';

/**
 * The parameter bindings of a SQL body as the datasource's own dialect reads it (MySQL `#`
 * comments and "" strings, SQLite [identifiers]...): the params a run needs. PostgreSQL's lexer
 * for PostgreSQL and for a query without a datasource yet. Throws SqlTemplateError.
 */
export function sqlParameterBindings(body: string, kind: DatasourceKind | undefined): readonly string[] {
  if (kind === 'mysql' || kind === 'sqlite') return compileDialectSqlTemplate(body, kind).bindings;
  return compileSqlTemplate(body).bindings;
}
