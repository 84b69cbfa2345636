import { tokenize, type Token } from './jsTokens';
import { matchBrackets } from './identifierScan';

/** A top-level member of a JS object's `export default { ... }`. */
export interface JsObjectMember {
  name: string;
  kind: 'variable' | 'function';
  /** For functions: the parameter list as written, e.g. `name, greeting = 'Hi'`. */
  params?: string;
  async?: boolean;
}

/**
 * The variables and functions of a JS object, read from its source without running it (the
 * engine finds the same by evaluating it in the worker; the editor cannot evaluate code).
 * Returns an empty list when the source has no `export default {`.
 */
export function jsObjectMembers(code: string): JsObjectMember[] {
  const { tokens } = tokenize(code);
  const start = tokens.findIndex((t, i) => t.text === 'export' && tokens[i + 1]?.text === 'default' && tokens[i + 2]?.text === '{');
  if (start === -1) return [];
  const open = start + 2;
  const match = matchBrackets(tokens);
  const close = match.get(open) ?? tokens.length;
  const members: JsObjectMember[] = [];
  let i = open + 1;
  while (i < close) {
    // One member runs to the next comma at depth 1.
    let end = i;
    while (end < close && tokens[end]?.text !== ',') {
      const m = tokens[end]?.kind === 'punct' ? match.get(end) : undefined;
      end = m !== undefined ? m + 1 : end + 1;
    }
    const member = readMember(code, tokens, i, end, match);
    if (member) members.push(member);
    i = end + 1;
  }
  return members;
}

function readMember(code: string, tokens: Token[], from: number, to: number, match: Map<number, number>): JsObjectMember | undefined {
  let i = from;
  let isAsync = false;
  if (tokens[i]?.text === 'async' && tokens[i + 1]?.kind === 'name') { isAsync = true; i++; }
  if (tokens[i]?.text === '*') i++;
  if ((tokens[i]?.text === 'get' || tokens[i]?.text === 'set') && tokens[i + 1]?.kind === 'name') return { name: tokens[i + 1]?.text ?? '', kind: 'variable' };
  const key = tokens[i];
  if (!key || (key.kind !== 'name' && key.kind !== 'string')) return undefined;
  const name = key.kind === 'string' ? key.text.slice(1, -1) : key.text;
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return undefined;
  const next = tokens[i + 1];
  if (next?.text === '(') return { name, kind: 'function', params: paramsText(code, tokens, i + 1, match), async: isAsync };
  if (next?.text !== ':') return i + 1 >= to ? { name, kind: 'variable' } : undefined; // shorthand `{ a }`
  // `key: value`: a function when the value is a function or arrow expression.
  let v = i + 2;
  let valueAsync = false;
  if (tokens[v]?.text === 'async') { valueAsync = true; v++; }
  if (tokens[v]?.text === 'function') {
    let p = v + 1;
    if (tokens[p]?.text === '*') p++;
    if (tokens[p]?.kind === 'name') p++;
    return { name, kind: 'function', params: tokens[p]?.text === '(' ? paramsText(code, tokens, p, match) : '', async: valueAsync };
  }
  if (tokens[v]?.text === '(') {
    const closeParen = match.get(v);
    if (closeParen !== undefined && tokens[closeParen + 1]?.text === '=>') return { name, kind: 'function', params: paramsText(code, tokens, v, match), async: valueAsync };
  }
  if (tokens[v]?.kind === 'name' && tokens[v + 1]?.text === '=>') return { name, kind: 'function', params: tokens[v]?.text, async: valueAsync };
  return { name, kind: 'variable' };
}

function paramsText(code: string, tokens: Token[], open: number, match: Map<number, number>): string {
  const close = match.get(open);
  const openToken = tokens[open];
  const closeToken = close !== undefined ? tokens[close] : undefined;
  if (!openToken || !closeToken) return '';
  return code.slice(openToken.end, closeToken.start).replace(/\s+/g, ' ').trim();
}
