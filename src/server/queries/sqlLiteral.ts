import pg from 'pg';
import type { BindingContext } from './rewriteSqlTemplate';

/**
 * A value as a PostgreSQL literal, for bodies whose builder turned prepared statements off.
 * Strings go through pg's escapeLiteral (which also handles backslashes), numbers are wrapped
 * in parentheses so that `1-{{ -1 }}` cannot become a `--` comment, and objects are JSON text.
 * In a string context (`'{{ x }}'`), the value is always used as text.
 */
export function sqlLiteral(value: unknown, context: BindingContext): string {
  if (value === null || value === undefined) return 'NULL';
  if (context === 'string') return pg.escapeLiteral(asText(value));
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? `(${String(value)})` : `${pg.escapeLiteral(String(value))}::double precision`;
    case 'bigint':
      return `(${value.toString()})`;
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'string':
      return pg.escapeLiteral(value);
    default:
      // An empty ARRAY[] has no type; '{}' lets PostgreSQL take the type from the context.
      if (Array.isArray(value)) return value.length === 0 ? "'{}'" : `ARRAY[${value.map((v) => sqlLiteral(v, 'code')).join(', ')}]`;
      return pg.escapeLiteral(asText(value));
  }
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value) ?? '';
  return String(value);
}
