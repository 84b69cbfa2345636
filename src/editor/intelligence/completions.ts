import type { AppSymbol, AppSymbols } from './appSymbols';
import type { CodeKind } from './diagnostics';

/** One entry of a completion list, independent of Monaco. */
export interface CompletionItem {
  label: string;
  kind: AppSymbol['kind'] | 'property' | 'method';
  /** Signature or type, shown beside the label. */
  detail: string;
  doc: string;
}

export interface Completions {
  items: CompletionItem[];
  /** Offset in the text where the word being completed starts (what an accepted item replaces). */
  from: number;
}

const kindOrder: Record<CompletionItem['kind'], number> = { widget: 0, query: 1, jsObject: 2, global: 3, function: 4, property: 0, method: 1 };

/**
 * What to offer at the end of `before` (the text up to the cursor). In templates only inside
 * an open `{{`; after `Name.` the members of that entity; otherwise the names of the app, the
 * framework functions and `cordon`, filtered by the word typed so far (case-insensitive prefix).
 * Data fields (templates) leave out functions they may not call. `self` names the JS object whose
 * code this is, for `this.`. Returns null where nothing fits (outside a binding, inside a string).
 */
export function completionsAt(before: string, kind: CodeKind, symbols: AppSymbols, self?: string): Completions | null {
  if (kind === 'template' && before.lastIndexOf('{{') <= before.lastIndexOf('}}')) return null;
  if (insideStringOrComment(kind === 'template' ? before.slice(before.lastIndexOf('{{') + 2) : before)) return null;

  const member = /([A-Za-z_$][\w$]*)\s*\??\.\s*([A-Za-z_$][\w$]*)?$/.exec(before);
  if (member) {
    // In a JS object, `this.` is the object itself.
    const ownerName = member[1] === 'this' && self ? self : member[1] ?? '';
    const owner = symbols.byName.get(ownerName);
    if (!owner) return { items: [], from: before.length };
    const prefix = member[2] ?? '';
    const items = owner.members
      .filter((m) => startsWith(m.name, prefix))
      .filter((m) => !(kind === 'template' && m.sideEffect))
      .map((m): CompletionItem => ({ label: m.name, kind: m.kind, detail: m.signature, doc: m.doc }));
    return { items: sortItems(items), from: before.length - prefix.length };
  }

  const word = /[A-Za-z_$][\w$]*$/.exec(before)?.[0] ?? '';
  const items = [...symbols.byName.values()]
    .filter((s) => startsWith(s.name, word))
    .filter((s) => !(kind === 'template' && s.kind === 'function' && s.allowedInDataFields === false))
    .map((s): CompletionItem => ({ label: s.name, kind: s.kind, detail: s.detail, doc: s.doc }));
  return { items: sortItems(items), from: before.length - word.length };
}

/** Documentation of the name at `offset`: `Input1`, `Input1.text`, `storeValue`, `cordon.store`; or null. */
export function hoverAt(text: string, offset: number, symbols: AppSymbols): { start: number; end: number; title: string; doc: string } | null {
  let start = offset;
  let end = offset;
  while (start > 0 && /[\w$]/.test(text[start - 1] ?? '')) start--;
  while (end < text.length && /[\w$]/.test(text[end] ?? '')) end++;
  if (start === end) return null;
  const word = text.slice(start, end);
  const owner = /([A-Za-z_$][\w$]*)\s*\??\.\s*$/.exec(text.slice(0, start));
  if (owner) {
    const symbol = symbols.byName.get(owner[1] ?? '');
    const m = symbol?.members.find((x) => x.name === word);
    if (!symbol || !m) return null;
    return { start, end, title: `${symbol.name}.${m.signature}`, doc: m.doc };
  }
  const symbol = symbols.byName.get(word);
  if (!symbol) return null;
  return { start, end, title: symbol.kind === 'function' ? symbol.detail : `${symbol.name}: ${symbol.detail}`, doc: symbol.doc };
}

function startsWith(name: string, prefix: string): boolean {
  return name.toLowerCase().startsWith(prefix.toLowerCase());
}

function sortItems(items: CompletionItem[]): CompletionItem[] {
  return items.sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind] || a.label.localeCompare(b.label));
}

// A rough test on the text before the cursor: an odd number of unescaped quotes, or an open comment.
function insideStringOrComment(code: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '/' && code[i + 1] === '/') {
      const nl = code.indexOf('\n', i);
      if (nl === -1) return true;
      i = nl;
    } else if (c === '/' && code[i + 1] === '*') {
      const close = code.indexOf('*/', i + 2);
      if (close === -1) return true;
      i = close + 1;
    }
  }
  return quote !== null;
}
