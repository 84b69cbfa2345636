/**
 * A small JavaScript tokenizer for the editor's linter and completion. It is not a parser:
 * the page's CSP forbids eval and no parser is bundled for the browser, so the editor reads
 * code as tokens (identifiers, punctuation, literals) and reasons about them. Template
 * literals are read whole; the expressions inside `${ }` are tokenized too, so names there count.
 */

export type TokenKind = 'name' | 'punct' | 'string' | 'number' | 'template' | 'regex';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

/** A problem found while tokenizing: an unterminated string, comment or template. */
export interface TokenProblem {
  message: string;
  start: number;
  end: number;
}

const punctuators = [
  '>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=',
  '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '**', '<<', '>>',
];

const isIdStart = (c: string) => /[A-Za-z_$\u00c0-\uffff]/.test(c);
const isIdPart = (c: string) => /[A-Za-z0-9_$\u00c0-\uffff]/.test(c);

/** Keywords after which a `/` starts a regular expression, not a division. */
const regexAfterKeyword = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

export function tokenize(code: string): { tokens: Token[]; problems: TokenProblem[] } {
  const tokens: Token[] = [];
  const problems: TokenProblem[] = [];
  scan(code, 0, code.length, tokens, problems);
  return { tokens, problems };
}

function scan(code: string, from: number, to: number, tokens: Token[], problems: TokenProblem[]): void {
  let i = from;
  while (i < to) {
    const c = code[i] ?? '';
    if (/\s/.test(c)) { i++; continue; }
    if (c === '/' && code[i + 1] === '/') {
      const nl = code.indexOf('\n', i);
      i = nl === -1 || nl > to ? to : nl;
      continue;
    }
    if (c === '/' && code[i + 1] === '*') {
      const close = code.indexOf('*/', i + 2);
      if (close === -1 || close + 2 > to) { problems.push({ message: 'Unterminated comment', start: i, end: to }); return; }
      i = close + 2;
      continue;
    }
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < to && isIdPart(code[j] ?? '')) j++;
      tokens.push({ kind: 'name', text: code.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(code[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < to && /[0-9A-Za-z_.]/.test(code[j] ?? '')) j++;
      tokens.push({ kind: 'number', text: code.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < to && code[j] !== c && code[j] !== '\n') j += code[j] === '\\' ? 2 : 1;
      if (j >= to || code[j] !== c) { problems.push({ message: 'Unterminated string', start: i, end: Math.min(j, to) }); i = Math.min(j, to); continue; }
      tokens.push({ kind: 'string', text: code.slice(i, j + 1), start: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const end = scanTemplate(code, i, to, tokens, problems);
      if (end === -1) { problems.push({ message: 'Unterminated template literal', start: i, end: to }); return; }
      i = end;
      continue;
    }
    if (c === '/' && regexAllowed(tokens)) {
      let j = i + 1;
      let inClass = false;
      while (j < to && code[j] !== '\n') {
        const d = code[j];
        if (d === '\\') { j += 2; continue; }
        if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        else if (d === '/' && !inClass) break;
        j++;
      }
      if (j >= to || code[j] !== '/') { problems.push({ message: 'Unterminated regular expression', start: i, end: Math.min(j, to) }); i = Math.min(j, to); continue; }
      j++;
      while (j < to && isIdPart(code[j] ?? '')) j++;
      tokens.push({ kind: 'regex', text: code.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    const p = punctuators.find((q) => code.startsWith(q, i) && i + q.length <= to);
    // `?.` followed by a digit is a conditional and a number (`a?.5:1`), not optional chaining.
    const text = p && !(p === '?.' && /[0-9]/.test(code[i + 2] ?? '')) ? p : c;
    tokens.push({ kind: 'punct', text, start: i, end: i + text.length });
    i += text.length;
  }
}

/** Scans a template literal starting at `start`; returns the index after it, or -1. */
function scanTemplate(code: string, start: number, to: number, tokens: Token[], problems: TokenProblem[]): number {
  tokens.push({ kind: 'template', text: '`', start, end: start + 1 });
  let i = start + 1;
  while (i < to) {
    const c = code[i];
    if (c === '\\') { i += 2; continue; }
    if (c === '`') return i + 1;
    if (c === '$' && code[i + 1] === '{') {
      const close = matchingBrace(code, i + 2, to);
      if (close === -1) return -1;
      // Marks around each interpolation keep `${a}-${b}` from reading as two values side by side.
      tokens.push({ kind: 'template', text: '${', start: i, end: i + 2 });
      scan(code, i + 2, close, tokens, problems);
      tokens.push({ kind: 'template', text: '}', start: close, end: close + 1 });
      i = close + 1;
      continue;
    }
    i++;
  }
  return -1;
}

/** Index of the `}` closing a `${` whose body starts at `from`, skipping strings and nested templates; or -1. */
function matchingBrace(code: string, from: number, to: number): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = code[i];
    if (c === '"' || c === "'" || c === '`') {
      const quote = c;
      for (i++; i < to && code[i] !== quote; i++) if (code[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function regexAllowed(tokens: Token[]): boolean {
  const prev = tokens[tokens.length - 1];
  if (!prev) return true;
  if (prev.kind === 'name') return regexAfterKeyword.has(prev.text);
  if (prev.kind === 'punct') return ![')', ']', '}', '++', '--'].includes(prev.text);
  return false;
}
