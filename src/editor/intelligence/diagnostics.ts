import { parseTemplate } from '../../shared';
import { javascriptGlobals, type AppSymbols } from './appSymbols';
import { scanIdentifiers } from './identifierScan';
import { checkSyntax, type ParseMode } from './syntaxCheck';

/** One problem in a field or editor, with offsets into the field's whole text. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  message: string;
  start: number;
  end: number;
}

/**
 * What kind of code a text holds:
 * - `template`: literal text with `{{ }}` bindings, evaluated as data (widget properties, query bodies);
 * - `handler`: an event handler, plain code or one `{{ }}` around it, run on an event;
 * - `jsObject`: a JS object's `export default { ... }`.
 */
export type CodeKind = 'template' | 'handler' | 'jsObject';

/** The problems of a field's or editor's text, given what the app defines. */
export function diagnose(text: string, kind: CodeKind, symbols: AppSymbols): Diagnostic[] {
  if (kind === 'template') {
    const out: Diagnostic[] = [];
    let offset = 0;
    for (const s of parseTemplate(text)) {
      if (s.kind === 'binding') {
        out.push(...diagnoseCode(s.expression, s.start + 2, 'expression', symbols));
        offset = s.end;
      } else {
        // A `{{` left in text was never closed (or holds an unterminated string): the whole rest is literal text.
        const open = s.text.indexOf('{{');
        if (open !== -1) out.push({ severity: 'error', message: 'This {{ is never closed by }} (or holds an unterminated string)', start: offset + open, end: offset + open + 2 });
        offset += s.text.length;
      }
    }
    return out;
  }
  if (kind === 'handler') {
    const segments = parseTemplate(text).filter((s) => !(s.kind === 'text' && s.text.trim() === ''));
    const only = segments[0];
    if (segments.length === 1 && only?.kind === 'binding') return diagnoseCode(only.expression, only.start + 2, 'handler', symbols);
    return diagnoseCode(text, 0, 'handler', symbols);
  }
  return diagnoseCode(text, 0, 'module', symbols);
}

/** Problems of one piece of code; `offset` is where it starts in the field's text. A binding (`expression`) is a data field. */
function diagnoseCode(code: string, offset: number, mode: ParseMode, symbols: AppSymbols): Diagnostic[] {
  const dataField = mode === 'expression';
  const { ast, problems } = checkSyntax(code, mode);
  const out: Diagnostic[] = problems.map((p) => ({ severity: 'error', ...p }));
  // Names are checked only in code that parses: a broken tree says nothing reliable about scopes.
  for (const ref of ast ? scanIdentifiers(ast) : []) {
    const symbol = symbols.byName.get(ref.name);
    if (!symbol) {
      if (javascriptGlobals.has(ref.name)) continue;
      out.push({ severity: 'warning', message: `'${ref.name}' is not defined in this app: it reads as undefined`, start: ref.start, end: ref.end });
      continue;
    }
    const read = ref.member ? symbol.members.find((m) => m.name === ref.member?.name) : undefined;
    if (ref.member && !read && symbol.membersKnown && !(symbol.name === 'cordon' && ref.member.name === 'url')) {
      out.push({ severity: 'warning', message: `${ref.name} has no '${ref.member.name}': it reads as undefined`, start: ref.member.start, end: ref.member.end });
    }
    if (!dataField) continue;
    if (read?.async && ref.calledMember) {
      out.push({ severity: 'error', message: `${ref.name}.${read.name}() is async: a data field cannot wait for its result. Keep the result in a variable of ${ref.name}, or make the function synchronous.`, start: ref.start, end: ref.calledMember.end });
    }
    if (symbol.kind === 'function' && ref.called && symbol.allowedInDataFields === false) {
      out.push({ severity: 'error', message: `${ref.name}() cannot be called in a data field: data fields are evaluated without side effects. Call it from an event handler or a JS object function.`, start: ref.start, end: ref.end });
    }
    const member = ref.calledMember ? symbol.members.find((m) => m.name === ref.calledMember?.name) : undefined;
    if (member?.sideEffect && ref.calledMember) {
      out.push({ severity: 'error', message: `${ref.name}.${member.name}() cannot be called in a data field: data fields are evaluated without side effects. Call it from an event handler or a JS object function.`, start: ref.start, end: ref.calledMember.end });
    }
  }
  return out.map((d) => ({ ...d, start: d.start + offset, end: d.end + offset })).sort((a, b) => a.start - b.start);
}
