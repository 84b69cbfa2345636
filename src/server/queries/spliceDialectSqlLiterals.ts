import { dialectSqlLiteral } from './dialectSqlLiteral';
import { type SqlDialect, rewriteDialectSqlTemplate } from './rewriteDialectSqlTemplate';

/**
 * spliceSqlLiterals for MySQL and SQLite: the values of the bindings written into the SQL as
 * escaped literals, used only when the builder turned prepared statements off (I4). A missing
 * key is written as NULL (callers check keys first).
 */
export function spliceDialectSqlLiterals(body: string, params: Record<string, unknown>, dialect: SqlDialect): string {
  return rewriteDialectSqlTemplate(body, dialect, (expression, context) =>
    dialectSqlLiteral(Object.hasOwn(params, expression) ? params[expression] : null, context, dialect),
  );
}
