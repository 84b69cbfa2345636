import { parseTemplate } from '../../shared/template';
import { type EmitBinding, SqlTemplateError } from './rewriteSqlTemplate';

/** SQL dialects other than PostgreSQL (which has rewriteSqlTemplate); both use `?` placeholders. */
export type SqlDialect = 'mysql' | 'sqlite';

interface Quote {
  kind: 'string' | 'identifier';
  close: string;
  /** A backslash escapes the next character (MySQL strings, unless NO_BACKSLASH_ESCAPES). */
  backslash: boolean;
  /** The closing character written twice stands for itself. */
  doubled: boolean;
}

interface DialectRules {
  quotes: Record<string, Quote>;
  /** `#` starts a line comment (MySQL). */
  hashComment: boolean;
  /** `--` starts a comment only when a space or control character follows (MySQL). */
  dashNeedsSpace: boolean;
  /** `/*!` and `/*M!` are executable comments: their text is SQL code (MySQL, MariaDB). */
  executableComments: boolean;
  /** Named placeholders a builder could write by hand, refused in code like `?`: bindings are the only way in. */
  namedPlaceholders: RegExp;
  /** How a string with bindings amid its text is put back together. */
  concat: (parts: string[]) => string;
}

const rules: Record<SqlDialect, DialectRules> = {
  mysql: {
    quotes: {
      "'": { kind: 'string', close: "'", backslash: true, doubled: true },
      // A string unless ANSI_QUOTES is set; the MySQL driver takes ANSI_QUOTES off the session when it splices literals.
      '"': { kind: 'string', close: '"', backslash: true, doubled: true },
      '`': { kind: 'identifier', close: '`', backslash: false, doubled: true },
    },
    hashComment: true,
    dashNeedsSpace: true,
    executableComments: true,
    namedPlaceholders: /(?!)/,
    // `||` is OR in MySQL unless PIPES_AS_CONCAT: CONCAT works in every sql_mode.
    concat: (parts) => `CONCAT(${parts.join(', ')})`,
  },
  sqlite: {
    quotes: {
      "'": { kind: 'string', close: "'", backslash: false, doubled: true },
      '"': { kind: 'identifier', close: '"', backslash: false, doubled: true },
      '`': { kind: 'identifier', close: '`', backslash: false, doubled: true },
      '[': { kind: 'identifier', close: ']', backslash: false, doubled: false },
    },
    hashComment: false,
    dashNeedsSpace: false,
    executableComments: false,
    namedPlaceholders: /^[:@$][A-Za-z_\u0080-\uffff]/,
    concat: (parts) => `(${parts.join(' || ')})`,
  },
};

const identifierChar = /[A-Za-z0-9_$\u0080-\uffff]/;

interface Literal {
  quote: Quote;
  open: string;
  pieces: Array<{ text: string } | { expression: string }>;
  current: string;
}

type LexState = 'code' | 'quoted' | 'lineComment' | 'blockComment';

/**
 * rewriteSqlTemplate for MySQL/MariaDB and SQLite: walks the body with a lexer of the dialect
 * (its quotes, identifiers, comments and escapes) and replaces every binding by `emit(...)`.
 * - In code, the binding becomes `emit(expr, 'code')`.
 * - Inside a string literal, the quotes are taken away: `'{{ x }}'` becomes `emit(x, 'string')`
 *   and `'%{{ x }}%'` a concatenation (`CONCAT('%', <emit>, '%')` in MySQL, `('%' || <emit> || '%')`
 *   in SQLite), so a value never lands inside a literal written by the builder.
 * - Inside a comment, a binding is dropped; inside a quoted identifier it is refused.
 * - MySQL: `#` and `-- ` comments, backslash escapes in '' and "" strings, backtick identifiers,
 *   executable comments (`/*! ... *\/`) read as code. SQLite: `"`, backtick and `[ ]` identifiers.
 * Placeholders the builder writes by hand (`?`, and `:name`/`@name`/`$name` in SQLite) are refused,
 * as is a backslash right before a binding in a MySQL string (it would escape the closing quote).
 */
export function rewriteDialectSqlTemplate(body: string, dialect: SqlDialect, emit: EmitBinding): string {
  const rule = rules[dialect];
  let out = '';
  let state: LexState = 'code';
  let inExecutable = false;
  // `/*!NNNNN … */` runs only on a server of at least that version, `/*M! … */` only on MariaDB:
  // elsewhere the server skips it up to the first `*/`, strings and all, so a value holding `*/`
  // would end it and run as SQL. A binding in such a comment is refused.
  let executableDependsOnServer = false;
  let literal: Literal | null = null;
  let identifier: Quote | null = null;

  const closeLiteral = (): void => {
    if (!literal) return;
    const { open, quote, pieces, current } = literal;
    if (current !== '' || pieces.length === 0) pieces.push({ text: current });
    if (!pieces.some((p) => 'expression' in p)) {
      out += `${open}${pieces.map((p) => ('text' in p ? p.text : '')).join('')}${quote.close}`;
    } else {
      const parts = pieces
        .filter((p) => !('text' in p) || p.text !== '')
        .map((p) => ('text' in p ? `${open}${p.text}${quote.close}` : emit(p.expression, 'string')));
      out += parts.length === 1 ? (parts[0] ?? '') : rule.concat(parts);
    }
    literal = null;
  };

  for (const segment of parseTemplate(body)) {
    if (segment.kind === 'binding') {
      if (inExecutable && executableDependsOnServer && (state === 'code' || state === 'quoted')) {
        throw new SqlTemplateError('a {{ }} binding cannot be used inside an executable comment with a version (/*!50700 */) or /*M! */: some servers skip it as a comment; use /*! */ or move it');
      }
      switch (state) {
        case 'code':
          out += emit(segment.expression, 'code');
          break;
        case 'quoted':
          if (identifier) throw new SqlTemplateError('a {{ }} binding cannot be used inside a quoted identifier');
          if (literal) {
            if (literal.quote.backslash && /(^|[^\\])(\\\\)*\\$/.test(literal.current)) {
              throw new SqlTemplateError('a backslash right before a {{ }} binding in a string would escape the quote; write \\\\ or move it');
            }
            if (literal.current !== '') literal.pieces.push({ text: literal.current });
            literal.current = '';
            literal.pieces.push({ expression: segment.expression });
          }
          break;
        case 'lineComment':
        case 'blockComment':
          break;
      }
      continue;
    }

    const text = segment.text;
    for (let i = 0; i < text.length; i++) {
      const c = text[i] ?? '';
      const next = text[i + 1];
      switch (state) {
        case 'code': {
          const quote = rule.quotes[c];
          if (quote) {
            state = 'quoted';
            if (quote.kind === 'identifier') {
              identifier = quote;
              out += c;
            } else {
              // A prefixed literal (N'', X'', B'', _utf8mb4'') keeps its prefix; bindings inside are refused when it closes.
              const m = /(^|[^A-Za-z0-9_$\u0080-\uffff])([NnXxBb]|_[A-Za-z0-9]+)$/.exec(out);
              const prefix = m?.[2] ?? '';
              out = out.slice(0, out.length - prefix.length);
              literal = { quote, open: `${prefix}${c}`, pieces: [], current: '' };
            }
          } else if (rule.hashComment && c === '#') {
            out += c;
            state = 'lineComment';
          } else if (c === '-' && next === '-' && (!rule.dashNeedsSpace || (text[i + 2] !== undefined && text.charCodeAt(i + 2) <= 32))) {
            out += '--';
            i++;
            state = 'lineComment';
          } else if (c === '/' && next === '*') {
            if (inExecutable) throw new SqlTemplateError('a comment inside an executable comment (/*! */) is not supported');
            const executable = rule.executableComments ? /^\/\*(!|M!)/.exec(text.slice(i)) : null;
            if (executable) {
              out += executable[0];
              i += executable[0].length - 1;
              inExecutable = true;
              executableDependsOnServer = executable[1] === 'M!' || /^[0-9]/.test(text.slice(i + 1));
            } else {
              out += '/*';
              i++;
              state = 'blockComment';
            }
          } else if (inExecutable && c === '*' && next === '/') {
            out += '*/';
            i++;
            inExecutable = false;
          } else if (c === '?' || (rule.namedPlaceholders.test(text.slice(i, i + 2)) && !identifierChar.test(out.slice(-1)))) {
            throw new SqlTemplateError('placeholders such as ? are not supported: write {{ }} bindings, each becomes a parameter');
          } else {
            out += c;
          }
          break;
        }
        case 'quoted': {
          if (identifier) {
            out += c;
            if (c === identifier.close) {
              if (identifier.doubled && next === identifier.close) {
                out += next;
                i++;
              } else {
                identifier = null;
                state = 'code';
              }
            }
            break;
          }
          if (!literal) break;
          const { quote } = literal;
          if (c === quote.close) {
            if (quote.doubled && next === quote.close) {
              literal.current += c + next;
              i++;
            } else {
              if (literal.open.length > 1 && literal.pieces.some((p) => 'expression' in p)) {
                throw new SqlTemplateError(`a {{ }} binding cannot be used inside a ${literal.open.slice(0, -1)}'' literal`);
              }
              closeLiteral();
              state = 'code';
            }
          } else if (c === '\\' && quote.backslash && next !== undefined) {
            literal.current += c + next;
            i++;
          } else {
            literal.current += c;
          }
          break;
        }
        case 'lineComment':
          out += c;
          if (c === '\n') state = 'code';
          break;
        case 'blockComment':
          // Neither MySQL nor SQLite nests block comments.
          if (c === '*' && next === '/') {
            out += '*/';
            i++;
            state = 'code';
          } else {
            out += c;
          }
          break;
      }
    }
  }

  const open = literal as Literal | null;
  if (state === 'quoted' && open) {
    if (open.pieces.some((p) => 'expression' in p)) {
      throw new SqlTemplateError('a string literal that holds a {{ }} binding is not closed');
    }
    // An unclosed literal without bindings passes through; the database reports the syntax error.
    out += `${open.open}${open.pieces.map((p) => ('text' in p ? p.text : '')).join('')}${open.current}`;
  }
  return out;
}
