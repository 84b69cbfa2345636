import { rewriteSqlTemplate } from './rewriteSqlTemplate';
import { sqlLiteral } from './sqlLiteral';

/**
 * Writes the values of the bindings into the SQL as escaped literals. Used only when the
 * builder turned prepared statements off for a query (shown to them as a warning, I4).
 * `params` is keyed by binding expression; a missing key is written as NULL (callers check keys first).
 */
export function spliceSqlLiterals(body: string, params: Record<string, unknown>): string {
  return rewriteSqlTemplate(body, (expression, context) =>
    sqlLiteral(Object.hasOwn(params, expression) ? params[expression] : null, context),
  );
}
