import type { BindingContext } from './rewriteSqlTemplate';
import type { SqlDialect } from './rewriteDialectSqlTemplate';
import { valueAsText } from './compileDialectSqlTemplate';

/**
 * A value as a MySQL or SQLite literal, for bodies whose builder turned prepared statements off.
 * Numbers are wrapped in parentheses (so `1-{{ -1 }}` cannot become a `--` comment), objects and
 * arrays are JSON text (as with prepared statements), booleans TRUE/FALSE (MySQL) or 1/0 (SQLite).
 * In a string context (`'{{ x }}'`) the value is always text.
 */
export function dialectSqlLiteral(value: unknown, context: BindingContext, dialect: SqlDialect): string {
  const quote = dialect === 'mysql' ? mysqlString : sqliteString;
  if (value === null || value === undefined) return 'NULL';
  if (context === 'string') return quote(valueAsText(value));
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? `(${String(value)})` : 'NULL';
    case 'bigint':
      return `(${value.toString()})`;
    case 'boolean':
      if (dialect === 'mysql') return value ? 'TRUE' : 'FALSE';
      return value ? '1' : '0';
    default:
      return quote(valueAsText(value));
  }
}

const mysqlEscapes: Record<string, string> = { "'": "''", '\\': '\\\\', '\0': '\\0', '\n': '\\n', '\r': '\\r', '\x1a': '\\Z' };

/**
 * A MySQL string literal. Unlike mysql2's escape (which writes `\'`), a quote is doubled: `''`
 * means a quote whether or not the session has NO_BACKSLASH_ESCAPES, so a value can never end
 * its literal early in either mode (with that mode on, a backslash is merely kept twice). The
 * driver also takes NO_BACKSLASH_ESCAPES off the session before it runs spliced SQL.
 */
export function mysqlString(text: string): string {
  let out = '';
  for (const c of text) out += mysqlEscapes[c] ?? c;
  return `'${out}'`;
}

/**
 * A SQLite string literal: quotes doubled (SQLite has no backslash escapes). SQLite stops reading
 * SQL text at a NUL character, so NULs are written as char(0) between the pieces.
 */
export function sqliteString(text: string): string {
  const pieces = text.split('\0').map((piece) => `'${piece.replace(/'/g, "''")}'`);
  return pieces.length === 1 ? (pieces[0] ?? "''") : `(${pieces.join(' || char(0) || ')})`;
}
