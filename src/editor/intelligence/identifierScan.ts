import { tokenize, type Token, type TokenProblem } from './jsTokens';

/**
 * Finds the free names of a piece of code: the identifiers it reads from the surrounding scope
 * (`Input1` in `Input1.text`), as opposed to property names, object keys, and names the code
 * declares itself (variables, parameters, functions, methods). Scope is approximated by the
 * whole piece: a name declared anywhere in it counts as declared everywhere, which can miss an
 * unknown name but never flags a declared one.
 */

/** A read of a name from the surrounding scope. */
export interface NameReference {
  name: string;
  start: number;
  end: number;
  /** Directly called: `storeValue(...)`. */
  called: boolean;
  /** When the reference is `Name.member` or `Name?.member`: the member read. */
  member?: { name: string; start: number; end: number };
  /** When the reference is `Name.member(...)`: the member called. */
  calledMember?: { name: string; start: number; end: number };
}

export interface IdentifierScan {
  references: NameReference[];
  declared: Set<string>;
  tokens: Token[];
  problems: TokenProblem[];
}

/** Reserved words and literal keywords: never references. */
export const keywords = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'export', 'extends',
  'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'return', 'super', 'switch', 'this', 'throw', 'try',
  'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'await', 'async', 'of', 'get', 'set',
  'true', 'false', 'null',
]);

// Contextual words that are also valid names; they are keywords only in their position.
const contextual = new Set(['async', 'of', 'get', 'set', 'static', 'let', 'await', 'yield']);

export function scanIdentifiers(code: string): IdentifierScan {
  const { tokens, problems } = tokenize(code);
  const match = matchBrackets(tokens);
  const notReference = new Set<number>();
  const declared = new Set<string>();
  const at = (i: number) => tokens[i];
  const is = (i: number, text: string) => at(i)?.kind === 'punct' && at(i)?.text === text;
  const isName = (i: number) => at(i)?.kind === 'name';

  const declare = (i: number) => {
    const t = at(i);
    if (t?.kind !== 'name') return;
    declared.add(t.text);
    notReference.add(i);
  };

  // Names bound by a pattern between brackets `open` and its match: parameters or destructuring.
  const declarePattern = (open: number) => {
    const close = match.get(open) ?? tokens.length;
    for (let i = open + 1; i < close; i++) {
      if (!isName(i)) continue;
      const prev = at(i - 1);
      const prevText = prev?.kind === 'punct' ? prev.text : '';
      if (prevText === '=' ) continue; // a default value reads a name
      if (is(i + 1, ':')) { notReference.add(i); continue; } // `{ key: local }`: the key is not a binding
      if (['(', '[', '{', ',', '...', ':'].includes(prevText)) declare(i);
    }
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    if (t.kind === 'name') {
      if ((t.text === 'let' || t.text === 'const' || t.text === 'var')) {
        if (isName(i + 1)) declare(i + 1);
        else if (is(i + 1, '{') || is(i + 1, '[')) declarePattern(i + 1);
        continue;
      }
      if (t.text === 'function' || t.text === 'class') {
        let j = i + 1;
        if (is(j, '*')) j++;
        if (isName(j)) { declare(j); j++; }
        if (t.text === 'function' && is(j, '(')) declarePattern(j);
        continue;
      }
      if (t.text === 'catch' && is(i + 1, '(')) { declarePattern(i + 1); continue; }
      // `x => ...`
      if (is(i + 1, '=>') && !keywords.has(t.text)) { declare(i); continue; }
      // Method definition `name(...) {` (also after async/get/set/*): the name is a key, its parameters are bound.
      if (is(i + 1, '(')) {
        const close = match.get(i + 1);
        if (close !== undefined && is(close + 1, '{') && !keywords.has(t.text)) {
          const prev = at(i - 1);
          const inObject = prev?.kind === 'punct' ? ['{', ',', '*'].includes(prev.text) : prev?.kind === 'name' && ['async', 'get', 'set', 'static'].includes(prev.text);
          if (inObject) { notReference.add(i); declared.add(t.text); declarePattern(i + 1); continue; }
        }
      }
      // Object key `{ key: value }` or `, key: value`.
      if (is(i + 1, ':')) {
        const prev = at(i - 1);
        if (prev?.kind === 'punct' && (prev.text === '{' || prev.text === ',')) { notReference.add(i); continue; }
      }
    } else if (t.kind === 'punct' && t.text === '(') {
      const close = match.get(i);
      if (close !== undefined && is(close + 1, '=>')) declarePattern(i);
    }
  }

  const references: NameReference[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t?.kind !== 'name' || notReference.has(i)) continue;
    if (keywords.has(t.text) && !(contextual.has(t.text) && !isContextualKeywordUse(tokens, i))) continue;
    if (is(i - 1, '.') || is(i - 1, '?.')) continue;
    if (declared.has(t.text)) continue;
    const ref: NameReference = { name: t.text, start: t.start, end: t.end, called: is(i + 1, '(') };
    const member = at(i + 2);
    if ((is(i + 1, '.') || is(i + 1, '?.')) && member?.kind === 'name') {
      ref.member = { name: member.text, start: member.start, end: member.end };
      if (is(i + 3, '(') || (is(i + 3, '?.') && is(i + 4, '('))) ref.calledMember = ref.member;
    }
    references.push(ref);
  }
  return { references, declared, tokens, problems };
}

// `async`, `of`, `get`... are keywords where followed by what their keyword use needs; otherwise names.
function isContextualKeywordUse(tokens: Token[], i: number): boolean {
  const next = tokens[i + 1];
  const word = tokens[i]?.text;
  if (!next) return false;
  if (word === 'async' || word === 'get' || word === 'set' || word === 'static') return next.kind === 'name' || next.text === '(' || next.text === '*';
  if (word === 'of') return true;
  if (word === 'let') return next.kind === 'name' || next.text === '[' || next.text === '{';
  return next.kind !== 'punct' || ['(', '[', '{', '!', '-', '+', '`'].includes(next.text);
}

/** Index of each opening bracket token mapped to the index of its closing token. */
export function matchBrackets(tokens: Token[]): Map<number, number> {
  const pairs = new Map<number, number>();
  const stack: number[] = [];
  const closers: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  tokens.forEach((t, i) => {
    if (t.kind !== 'punct') return;
    if (t.text === '(' || t.text === '[' || t.text === '{') stack.push(i);
    else if (t.text in closers) {
      const open = stack[stack.length - 1];
      if (open !== undefined && tokens[open]?.text === closers[t.text]) {
        stack.pop();
        pairs.set(open, i);
      }
    }
  });
  return pairs;
}
