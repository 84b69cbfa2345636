/**
 * Parsing of `{{ }}` templates, shared by the runtime (which evaluates bindings), the server
 * (which turns each binding of a SQL body into a prepared-statement parameter) and the editor.
 *
 * A template is literal text with embedded JavaScript expressions: `Hello {{ user.name }}!`.
 * Braces inside the expression are matched, and string literals are skipped, so
 * `{{ {a: '}}'}.a }}` is one binding whose expression is ` {a: '}}'}.a `.
 */

/** One piece of a parsed template. */
export type TemplateSegment =
  | { kind: 'text'; text: string }
  | { kind: 'binding'; expression: string; start: number; end: number };

/** Parses a template into text and bindings. An unclosed `{{` is kept as text. */
export function parseTemplate(template: string): TemplateSegment[] {
  const segments: TemplateSegment[] = [];
  let textStart = 0;
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{{', i);
    if (open === -1) break;
    const close = findBindingEnd(template, open + 2);
    if (close === -1) break;
    if (open > textStart) segments.push({ kind: 'text', text: template.slice(textStart, open) });
    segments.push({ kind: 'binding', expression: template.slice(open + 2, close), start: open, end: close + 2 });
    i = textStart = close + 2;
  }
  if (textStart < template.length) segments.push({ kind: 'text', text: template.slice(textStart) });
  return segments;
}

/** Index of the `}}` that closes a binding whose expression starts at `from`, or -1. */
function findBindingEnd(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(s, i);
      if (i === -1) return -1;
    } else if (c === '{') {
      depth++;
    } else if (c === '}') {
      if (depth === 0 && s[i + 1] === '}') return i;
      if (depth > 0) depth--;
    }
  }
  return -1;
}

/** Index of the quote closing the string literal opened at `start`, or -1. Template literals may nest `${ }`. */
function skipString(s: string, start: number): number {
  const quote = s[start];
  for (let i = start + 1; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') { i++; continue; }
    if (c === quote) return i;
    if (quote === '`' && c === '$' && s[i + 1] === '{') {
      let depth = 1;
      for (i += 2; i < s.length && depth > 0; i++) {
        const d = s[i];
        if (d === '"' || d === "'" || d === '`') { i = skipString(s, i); if (i === -1) return -1; }
        else if (d === '{') depth++;
        else if (d === '}') depth--;
      }
      i--; // the loop's i++ lands on the character after the closing brace
    }
  }
  return -1;
}

/** True when the value holds at least one `{{ }}` binding. */
export function isDynamic(value: unknown): value is string {
  return typeof value === 'string' && parseTemplate(value).some((s) => s.kind === 'binding');
}

/** The binding expressions of a template, in order of appearance (duplicates kept). */
export function bindingExpressions(template: string): string[] {
  return parseTemplate(template).flatMap((s) => (s.kind === 'binding' ? [s.expression] : []));
}

/**
 * True when the whole template is exactly one binding (`{{ expr }}` with only white space around).
 * Such a template evaluates to the expression's value itself; any other template evaluates to a string.
 */
export function isSingleBinding(template: string): boolean {
  const parts = parseTemplate(template).filter((s) => !(s.kind === 'text' && s.text.trim() === ''));
  return parts.length === 1 && parts[0]?.kind === 'binding';
}

/**
 * The code of an event handler. Builders write handlers either as plain JavaScript
 * (`Query1.run()`) or, as in other tools, wrapped in one binding (`{{ Query1.run() }}`).
 */
export function handlerCode(template: string): string {
  if (isSingleBinding(template)) {
    const binding = parseTemplate(template).find((s) => s.kind === 'binding');
    if (binding && binding.kind === 'binding') return binding.expression;
  }
  return template;
}
