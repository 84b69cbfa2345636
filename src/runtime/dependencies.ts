/**
 * Static dependency analysis of user code: which entity properties an expression reads.
 * `Input1.text + Query1.data.length` reads `Input1.text` and `Query1.data`. A bare entity
 * reference (`JSON.stringify(Input1)`, `Input1[key]`) depends on the whole entity. The analysis
 * over-approximates (a local variable named like an entity counts too), which only costs an
 * extra re-run, never a missed one.
 */

/** One read: `key` is null when the whole entity is read. */
export interface Dependency {
  entity: string;
  key: string | null;
}

// Character classes as lookup tables: this scanner runs over every binding of an app when it
// starts (30,000 of them in a 10,000-widget app), so it avoids a regex test per character.
const identStartTable = new Uint8Array(128);
const identPartTable = new Uint8Array(128);
const spaceTable = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  identStartTable[c] = /[A-Za-z_$]/.test(ch) ? 1 : 0;
  identPartTable[c] = /[A-Za-z0-9_$]/.test(ch) ? 1 : 0;
  spaceTable[c] = /\s/.test(ch) ? 1 : 0;
}
// NaN (past the end) and non-ASCII characters are neither identifier characters nor digits.
const isIdentStart = (code: number) => code < 128 && identStartTable[code] === 1;
const isIdentPart = (code: number) => code < 128 && identPartTable[code] === 1;
const isSpace = (code: number) => (code < 128 ? spaceTable[code] === 1 : /\s/.test(String.fromCharCode(code)));
const isDigit = (code: number) => code >= 48 && code <= 57;

/** The entity reads of `code`, deduplicated, for the given entity names. */
export function extractDependencies(code: string, entityNames: ReadonlySet<string>): Dependency[] {
  const found = new Map<string, Dependency>();
  scan(code, 0, code.length, entityNames, found);
  return [...found.values()];
}

/** Scans code[from, to) and returns where it stopped (used for `${ }` in template literals). */
function scan(code: string, from: number, to: number, names: ReadonlySet<string>, found: Map<string, Dependency>, stopAtBrace = false): number {
  let depth = 0;
  let i = from;
  while (i < to) {
    const c = code[i] as string;
    if (c === '/' && code[i + 1] === '/') { const nl = code.indexOf('\n', i); i = nl === -1 ? to : nl; continue; }
    if (c === '/' && code[i + 1] === '*') { const end = code.indexOf('*/', i + 2); i = end === -1 ? to : end + 2; continue; }
    if (c === '"' || c === "'") { i = skipQuoted(code, i, to); continue; }
    if (c === '`') { i = skipTemplate(code, i, to, names, found); continue; }
    if (stopAtBrace) {
      if (c === '{') depth++;
      else if (c === '}') { if (depth === 0) return i + 1; depth--; }
    }
    const cc = code.charCodeAt(i);
    if (isIdentStart(cc)) {
      let j = i + 1;
      while (j < to && isIdentPart(code.charCodeAt(j))) j++;
      const ident = code.slice(i, j);
      if (names.has(ident) && !isMemberName(code, i)) record(ident, memberAfter(code, j, to), found);
      i = j;
      continue;
    }
    if (isDigit(cc)) { while (i < to && isIdentPart(code.charCodeAt(i))) i++; continue; }
    i++;
  }
  return i;
}

/** True when the identifier at `i` follows a `.` (a property name, not a variable), but not a spread `...`. */
function isMemberName(code: string, i: number): boolean {
  let k = i - 1;
  while (k >= 0 && isSpace(code.charCodeAt(k))) k--;
  if (code[k] !== '.') return false;
  return !(code[k - 1] === '.' && code[k - 2] === '.');
}

/** The property read right after an entity name: `.key`, `?.key`, `['key']`; null for anything else. */
function memberAfter(code: string, j: number, to: number): string | null {
  let k = j;
  while (k < to && isSpace(code.charCodeAt(k))) k++;
  if (code[k] === '?' && code[k + 1] === '.') k += 2;
  else if (code[k] === '.') k += 1;
  else if (code[k] === '[') {
    const m = /^\[\s*(['"])([A-Za-z0-9_$]*)\1\s*\]/.exec(code.slice(k, Math.min(to, k + 80)));
    return m ? (m[2] as string) : null;
  } else return null;
  while (k < to && isSpace(code.charCodeAt(k))) k++;
  if (k >= to || !isIdentStart(code.charCodeAt(k))) return null;
  let e = k + 1;
  while (e < to && isIdentPart(code.charCodeAt(e))) e++;
  return code.slice(k, e);
}

function record(entity: string, key: string | null, found: Map<string, Dependency>): void {
  const id = key === null ? `${entity}.*` : `${entity}.${key}`;
  if (!found.has(id)) found.set(id, { entity, key });
}

function skipQuoted(code: string, start: number, to: number): number {
  const quote = code[start];
  for (let i = start + 1; i < to; i++) {
    if (code[i] === '\\') { i++; continue; }
    if (code[i] === quote || code[i] === '\n') return i + 1;
  }
  return to;
}

function skipTemplate(code: string, start: number, to: number, names: ReadonlySet<string>, found: Map<string, Dependency>): number {
  for (let i = start + 1; i < to; i++) {
    const c = code[i];
    if (c === '\\') { i++; continue; }
    if (c === '`') return i + 1;
    if (c === '$' && code[i + 1] === '{') i = scan(code, i + 2, to, names, found, true) - 1;
  }
  return to;
}
