import { parseTemplate } from '../../shared/template';

/** A query body that cannot be turned into safe SQL (for example a binding inside a quoted identifier). */
export class SqlTemplateError extends Error {
  override name = 'SqlTemplateError';
}

/**
 * How a binding is written into the SQL: `code` is a binding in SQL code (`id = {{ x }}`),
 * `string` a binding that was written inside a string literal (`'{{ x }}'`, `'%{{ x }}%'`),
 * which builders coming from other tools write; its value is used as text.
 */
export type BindingContext = 'code' | 'string';

/** Writes the SQL for one binding occurrence; `expression` is exactly as bindingExpressions returns it. */
export type EmitBinding = (expression: string, context: BindingContext) => string;

interface Literal {
  prefix: string;
  /** E'' strings: a backslash escapes the next character. */
  escapes: boolean;
  pieces: Array<{ text: string } | { expression: string }>;
  current: string;
}

type LexState = 'code' | 'string' | 'identifier' | 'lineComment' | 'blockComment' | 'dollar';

const identifierChar = /[A-Za-z0-9_$\u0080-\uffff]/;
const dollarTag = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

/**
 * A builder's string literal as written, except that a plain one holding a backslash becomes
 * E'' with its backslashes doubled: the same text under standard_conforming_strings = on (which
 * this lexer assumes), and still the same text when a database, role or earlier statement turned
 * it off. Read as written, `'C:\'` would there run on into the next spliced value, and the
 * value's text would be SQL. N'' cannot take an E, so a backslash in it is refused.
 */
function quotedText(prefix: string, text: string): string {
  if (!text.includes('\\')) return `${prefix}'${text}'`;
  if (prefix === '') return `E'${text.replace(/\\/g, '\\\\')}'`;
  if (prefix === 'N' || prefix === 'n') throw new SqlTemplateError("a backslash in an N'' string is read differently by servers with standard_conforming_strings off; use E'' or a binding");
  return `${prefix}'${text}'`;
}

/**
 * Walks a query body with `{{ }}` bindings through a small PostgreSQL lexer (strings, E'' strings,
 * quoted identifiers, comments, dollar quotes) and replaces every binding by what `emit` returns.
 * - In code, the binding becomes `emit(expr, 'code')`.
 * - Inside a string literal, the quotes are taken away: `'{{ x }}'` becomes `emit(x, 'string')`,
 *   and `'%{{ x }}%'` becomes `('%' || <emit> || '%')`, so a value never lands inside a literal.
 * - Inside a comment, a binding is dropped (it could not take effect anyway).
 * - Inside a quoted identifier or a dollar-quoted string it is refused (identifiers and
 *   function bodies cannot be parameters).
 * Positional parameters (`$1`) written by the builder are refused: bindings are the only way in.
 */
export function rewriteSqlTemplate(body: string, emit: EmitBinding): string {
  let out = '';
  let state: LexState = 'code';
  let blockDepth = 0;
  let tag = '';
  // The string literal being read: its prefix (E, U&), its text pieces and the bindings between them.
  let literal: Literal | null = null;

  const closeLiteral = (): void => {
    if (!literal) return;
    const { prefix, pieces, current } = literal;
    if (current !== '' || pieces.length === 0) pieces.push({ text: current });
    const hasBinding = pieces.some((p) => 'expression' in p);
    if (!hasBinding) {
      const quoted = quotedText(prefix, pieces.map((p) => ('text' in p ? p.text : '')).join(''));
      // `select'a\'` must not become the identifier `selectE`.
      out += quoted.startsWith('E') && prefix === '' && identifierChar.test(out.slice(-1)) ? ` ${quoted}` : quoted;
    } else {
      const parts = pieces
        .filter((p) => !('text' in p) || p.text !== '')
        .map((p) => ('text' in p ? quotedText(prefix, p.text) : emit(p.expression, 'string')));
      out += parts.length === 1 ? (parts[0] ?? '') : `(${parts.join(' || ')})`;
    }
    literal = null;
  };

  for (const segment of parseTemplate(body)) {
    if (segment.kind === 'binding') {
      switch (state) {
        case 'code':
          out += emit(segment.expression, 'code');
          break;
        case 'string':
          if (literal) {
            // In E'' a backslash right before the binding would escape the closing quote of the
            // text piece before it, and the value after it would be read as SQL.
            if (literal.escapes && /(^|[^\\])(\\\\)*\\$/.test(literal.current)) {
              throw new SqlTemplateError('a backslash right before a {{ }} binding in an E\'\' string would escape the quote; write \\\\ or move it');
            }
            if (literal.current !== '') literal.pieces.push({ text: literal.current });
            literal.current = '';
            literal.pieces.push({ expression: segment.expression });
          }
          break;
        case 'lineComment':
        case 'blockComment':
          break;
        case 'identifier':
          throw new SqlTemplateError('a {{ }} binding cannot be used inside a quoted identifier');
        case 'dollar':
          throw new SqlTemplateError('a {{ }} binding cannot be used inside a dollar-quoted string');
      }
      continue;
    }

    const text = segment.text;
    for (let i = 0; i < text.length; i++) {
      const c = text[i] ?? '';
      const next = text[i + 1];
      switch (state) {
        case 'code': {
          if (c === "'") {
            let prefix = '';
            const m = /(^|[^A-Za-z0-9_$\u0080-\uffff])([Ee]|[Uu]&|[BbXxNn])$/.exec(out);
            if (m?.[2]) {
              prefix = m[2];
              out = out.slice(0, out.length - prefix.length);
            }
            literal = { prefix, escapes: prefix === 'E' || prefix === 'e', pieces: [], current: '' };
            state = 'string';
          } else if (c === '"') {
            out += c;
            state = 'identifier';
          } else if (c === '-' && next === '-') {
            out += '--';
            i++;
            state = 'lineComment';
          } else if (c === '/' && next === '*') {
            out += '/*';
            i++;
            state = 'blockComment';
            blockDepth = 1;
          } else if (c === '$' && !identifierChar.test(out.slice(-1))) {
            if (next !== undefined && /[0-9]/.test(next)) {
              throw new SqlTemplateError('positional parameters such as $1 are not supported: write {{ }} bindings, each becomes a parameter');
            }
            const m = dollarTag.exec(text.slice(i));
            if (m) {
              out += m[0];
              i += m[0].length - 1;
              tag = m[0];
              state = 'dollar';
            } else {
              out += c;
            }
          } else {
            out += c;
          }
          break;
        }
        case 'string': {
          if (!literal) break;
          if (c === "'") {
            if (next === "'") {
              literal.current += "''";
              i++;
            } else {
              closeLiteral();
              state = 'code';
            }
          } else if (c === '\\' && literal.escapes && next !== undefined) {
            literal.current += c + next;
            i++;
          } else {
            literal.current += c;
          }
          break;
        }
        case 'identifier':
          out += c;
          if (c === '"') {
            if (next === '"') {
              out += next;
              i++;
            } else {
              state = 'code';
            }
          }
          break;
        case 'lineComment':
          out += c;
          if (c === '\n') state = 'code';
          break;
        case 'blockComment':
          if (c === '/' && next === '*') {
            blockDepth++;
            out += '/*';
            i++;
          } else if (c === '*' && next === '/') {
            blockDepth--;
            out += '*/';
            i++;
            if (blockDepth === 0) state = 'code';
          } else {
            out += c;
          }
          break;
        case 'dollar':
          if (text.startsWith(tag, i)) {
            out += tag;
            i += tag.length - 1;
            state = 'code';
          } else {
            out += c;
          }
          break;
      }
    }
  }

  const open = literal as Literal | null;
  if (state === 'string' && open) {
    if (open.pieces.some((p) => 'expression' in p)) {
      throw new SqlTemplateError('a string literal that holds a {{ }} binding is not closed');
    }
    // An unclosed literal without bindings passes through; PostgreSQL reports the syntax error.
    out += `${open.prefix}'${open.pieces.map((p) => ('text' in p ? p.text : '')).join('')}${open.current}`;
  }
  return out;
}
