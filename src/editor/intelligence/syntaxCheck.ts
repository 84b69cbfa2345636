import { parse, parseExpressionAt, tokenizer, tokTypes, type Node, type Options, type Token } from 'acorn';

/**
 * Parses app code with acorn, as the engine will read it, and turns a parse error into a
 * problem at the exact characters. acorn's terse "Unexpected token" is reworded for the common
 * slips (an unclosed bracket, an expression cut short, two values side by side) from the tokens
 * around the error.
 */

export interface SyntaxProblem {
  message: string;
  start: number;
  end: number;
}

/**
 * How the code is read:
 * - `expression`: one `{{ }}` binding;
 * - `handler`: the body of an async function (so `await` and `return` are allowed at top level);
 * - `module`: a JS object's `export default { ... }`.
 */
export type ParseMode = 'expression' | 'handler' | 'module';

export interface ParseResult {
  /** The syntax tree, when the code parses. */
  ast?: Node;
  problems: SyntaxProblem[];
}

const optionsFor = (mode: ParseMode): Options => mode === 'module'
  ? { ecmaVersion: 'latest', sourceType: 'module' }
  : { ecmaVersion: 'latest', sourceType: 'script', allowAwaitOutsideFunction: mode === 'handler', allowReturnOutsideFunction: mode === 'handler' };

/** Parses `code`; offsets of problems are relative to it. */
export function checkSyntax(code: string, mode: ParseMode): ParseResult {
  const options = optionsFor(mode);
  const tokens = readTokens(code, options);
  if (mode === 'expression' && tokens.length === 0 && !tokenizerError(code, options)) {
    return { problems: [{ message: 'Empty binding: write an expression between {{ and }}', start: 0, end: code.length }] };
  }
  try {
    if (mode !== 'expression') return { ast: parse(code, options), problems: [] };
    const ast = parseExpressionAt(code, 0, options);
    // parseExpressionAt stops after one expression: anything but comments after it is an error.
    const extra = tokens.find((t) => t.start >= ast.end);
    if (extra) return { problems: [explain(code, tokens, extra.start, 'Unexpected token', mode)] };
    return { ast, problems: [] };
  } catch (e) {
    if (!(e instanceof SyntaxError) || typeof (e as { pos?: unknown }).pos !== 'number') throw e;
    const message = e.message.replace(/ \(\d+:\d+\)$/, '');
    return { problems: [explain(code, tokens, (e as SyntaxError & { pos: number }).pos, message, mode)] };
  }
}

/** The tokens of `code` up to the first one the tokenizer cannot read. */
function readTokens(code: string, options: Options): Token[] {
  const out: Token[] = [];
  try {
    for (const t of tokenizer(code, options)) out.push(t);
  } catch {
    // The parser reports the same error, with its position.
  }
  return out;
}

function tokenizerError(code: string, options: Options): boolean {
  try {
    for (const _ of tokenizer(code, options)) { /* read to the end */ }
    return false;
  } catch {
    return true;
  }
}

const unterminated: Record<string, string> = {
  'Unterminated string constant': 'Unterminated string',
  'Unterminated template': 'Unterminated template literal',
  'Unterminated comment': 'Unterminated comment',
  'Unterminated regular expression': 'Unterminated regular expression',
};
const openers = new Map([[tokTypes.parenL, ')'], [tokTypes.bracketL, ']'], [tokTypes.braceL, '}'], [tokTypes.dollarBraceL, '}']]);
const closers = new Map([[tokTypes.parenR, ')'], [tokTypes.bracketR, ']'], [tokTypes.braceR, '}']]);
const valueKeywords = new Set(['this', 'true', 'false', 'null']);

const text = (code: string, t: Token) => code.slice(t.start, t.end);
const isValue = (t: Token) => t.type === tokTypes.name || t.type === tokTypes.num || t.type === tokTypes.string || valueKeywords.has(t.type.keyword ?? '');
const valueLabel = (code: string, t: Token) => t.type === tokTypes.name ? `name '${text(code, t)}'` : t.type === tokTypes.string ? 'string' : t.type === tokTypes.num ? 'number' : `'${text(code, t)}'`;

/** A problem for a parse error `message` at `pos`, reworded where the tokens show what went wrong. */
function explain(code: string, tokens: Token[], pos: number, message: string, mode: ParseMode): SyntaxProblem {
  const friendly = unterminated[message];
  // acorn places an unterminated template after its backtick: the marker starts on the backtick.
  if (friendly) return { message: friendly, start: code[pos - 1] === '`' ? pos - 1 : pos, end: code.length };
  const index = tokens.findIndex((t) => t.end > pos);
  const at = index === -1 ? undefined : tokens[index];
  const before = tokens.slice(0, index === -1 ? tokens.length : index);
  // Brackets still open before the error, innermost last.
  const stack: Token[] = [];
  for (const t of before) {
    if (openers.has(t.type)) stack.push(t);
    else if (closers.has(t.type) && stack.length > 0) stack.pop();
  }
  const prev = before[before.length - 1];
  if (message === 'Unexpected token') {
    if (!at) {
      const open = stack[stack.length - 1];
      if (open) return { message: `'${text(code, open)}' is never closed`, start: open.start, end: open.end };
      if (prev) return { message: `Unexpected end of ${mode === 'expression' ? 'expression' : 'code'} after '${text(code, prev)}'`, start: prev.start, end: prev.end };
    } else if (closers.has(at.type)) {
      const open = stack[stack.length - 1];
      const found = text(code, at);
      if (!open) return { message: `Unexpected '${found}'`, start: at.start, end: at.end };
      const expected = openers.get(open.type);
      if (expected !== found) return { message: `Expected '${expected ?? ''}' but found '${found}'`, start: at.start, end: at.end };
    } else if (prev?.type === tokTypes.name && ['await', 'let'].includes(text(code, prev))) {
      // Outside an async function `await` and `let` read as names, so acorn blames the next token.
      const word = text(code, prev);
      const message = word === 'await' && mode === 'expression'
        ? "'await' cannot be used in a data field: it is evaluated synchronously. Read the result where it is kept (Query1.data, a JS object variable)."
        : `Unexpected keyword '${word}'`;
      return { message, start: prev.start, end: prev.end };
    } else if (prev && isValue(at) && (isValue(prev) || prev.type === tokTypes.parenR || prev.type === tokTypes.bracketR)) {
      return { message: `Unexpected ${valueLabel(code, at)}: is an operator or a comma missing?`, start: at.start, end: at.end };
    }
    if (at) return { message: at.type.keyword ? `Unexpected keyword '${at.type.keyword}'` : `Unexpected '${text(code, at)}'`, start: at.start, end: at.end };
  }
  if (at && at.start <= pos) return { message, start: at.start, end: at.end };
  // At the end of the code, mark its last character so the marker stays visible.
  const start = Math.min(pos, Math.max(0, code.trimEnd().length - 1));
  return { message, start, end: Math.min(code.length, start + 1) };
}
