import type { Token, TokenProblem } from './jsTokens';
import { keywords } from './identifierScan';

/**
 * Syntax checks that need no parser: unterminated strings and comments (from the tokenizer),
 * unbalanced brackets, two values side by side (`Input1 text`), a `.` with no name after it,
 * and an expression that ends in an operator. Real parse errors beyond these are left to the
 * engine, which reports them when it evaluates the code.
 */

export interface SyntaxProblem {
  message: string;
  start: number;
  end: number;
}

const closers: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const openers: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
// Literal keywords are values; other keywords (typeof, new, in...) are operators or statements.
const valueKeywords = new Set(['this', 'true', 'false', 'null']);
const trailingOperators = new Set(['.', '?.', '+', '-', '*', '/', '%', '**', '=', '==', '===', '!=', '!==', '<', '>', '<=', '>=', '&&', '||', '??', '!', '?', ':', '=>', '&', '|', '^', '<<', '>>', '>>>', '...', '(', '[', '{', ',']);

function isValueEnd(t: Token): boolean {
  if (t.kind === 'name') return !keywords.has(t.text) || valueKeywords.has(t.text);
  return t.kind === 'number' || t.kind === 'string' || t.kind === 'regex';
}

function isValueStart(t: Token): boolean {
  if (t.kind === 'name') return !keywords.has(t.text) || valueKeywords.has(t.text);
  return t.kind === 'number' || t.kind === 'string';
}

/** Problems in `code`, offsets relative to it. `expression`: the code is one `{{ }}` expression. */
export function checkSyntax(code: string, tokens: Token[], tokenProblems: TokenProblem[], options: { expression: boolean }): SyntaxProblem[] {
  const problems: SyntaxProblem[] = tokenProblems.map((p) => ({ ...p }));
  if (options.expression && tokens.length === 0 && problems.length === 0) {
    problems.push({ message: 'Empty binding: write an expression between {{ and }}', start: 0, end: code.length });
    return problems;
  }
  const stack: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    if (t.kind === 'punct' && t.text in openers) stack.push(t);
    else if (t.kind === 'punct' && t.text in closers) {
      const open = stack.pop();
      if (!open) problems.push({ message: `Unexpected '${t.text}'`, start: t.start, end: t.end });
      else if (open.text !== closers[t.text]) problems.push({ message: `Expected '${openers[open.text] ?? ''}' but found '${t.text}'`, start: t.start, end: t.end });
    }
    const next = tokens[i + 1];
    if (t.kind === 'punct' && (t.text === '.' || t.text === '?.') && next && next.kind !== 'name' && !(t.text === '?.' && (next.text === '(' || next.text === '['))) {
      problems.push({ message: `Expected a property name after '${t.text}'`, start: t.start, end: next.end });
    }
    // Two values in a row on one line (a missing operator or comma). Across lines, automatic
    // semicolon insertion may make it valid statements.
    if (next && isValueEnd(t) && isValueStart(next) && !code.slice(t.end, next.start).includes('\n')) {
      problems.push({ message: `Unexpected ${next.kind === 'name' ? `name '${next.text}'` : next.kind}: is an operator or a comma missing?`, start: next.start, end: next.end });
    }
  }
  for (const open of stack) problems.push({ message: `'${open.text}' is never closed`, start: open.start, end: open.end });
  const last = tokens[tokens.length - 1];
  if (options.expression && last && last.kind === 'punct' && trailingOperators.has(last.text) && stack.length === 0) {
    problems.push({ message: `Unexpected end of expression after '${last.text}'`, start: last.start, end: last.end });
  }
  return problems;
}
