import type { BindingContext } from './rewriteSqlTemplate';
import { type SqlDialect, rewriteDialectSqlTemplate } from './rewriteDialectSqlTemplate';

/** A MySQL or SQLite body compiled for a prepared statement with `?` placeholders (I4). */
export interface CompiledDialectSql {
  /** The SQL with a `?` for each binding occurrence. */
  text: string;
  /** The binding of each `?`, in order: an expression used twice appears twice. */
  placeholders: Array<{ expression: string; context: BindingContext }>;
  /** The distinct binding expressions, in order of first use (the params the query needs). */
  bindings: string[];
}

/**
 * compileSqlTemplate for `?` placeholders: every binding becomes a `?` (also one written inside
 * quotes, whose value is then sent as text, see placeholderValues); the same expression used
 * twice is two placeholders with the same value. Throws SqlTemplateError like compileSqlTemplate.
 */
export function compileDialectSqlTemplate(body: string, dialect: SqlDialect): CompiledDialectSql {
  const placeholders: CompiledDialectSql['placeholders'] = [];
  const text = rewriteDialectSqlTemplate(body, dialect, (expression, context) => {
    placeholders.push({ expression, context });
    return '?';
  });
  return { text, placeholders, bindings: [...new Set(placeholders.map((p) => p.expression))] };
}

/**
 * The value of each placeholder from params keyed by expression. A binding written inside quotes
 * is text whatever the client sent (`'{{ x }}'` with 0 must not become MySQL's `name = 0`, which
 * matches every non-numeric string); `convert` turns the rest into what the driver binds.
 */
export function placeholderValues(compiled: CompiledDialectSql, params: Record<string, unknown>, convert: (value: unknown) => unknown): unknown[] {
  return compiled.placeholders.map(({ expression, context }) => {
    const value = Object.hasOwn(params, expression) ? params[expression] : null;
    if (value === null || value === undefined) return null;
    return context === 'string' ? valueAsText(value) : convert(value);
  });
}

/** A value used as text: strings as they are, objects and arrays as JSON. */
export function valueAsText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}
