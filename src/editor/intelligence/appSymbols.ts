import type { AppDocument, Page } from '../../shared';
import { cordonGlobal, cordonMembers, frameworkFunctions, queryMembers, type FrameworkEntry } from '../../shared';
import { widgetConfigs } from '../../widgets/widgetConfigs';
import { jsObjectMembers } from './jsObjectMembers';

/** A readable or callable member of an entity (`Input1.text`, `Query1.run`). */
export interface SymbolMember {
  name: string;
  kind: 'property' | 'method';
  /** What the completion list and hover show: `run(params = {})`, `text`. */
  signature: string;
  doc: string;
  /** A method with side effects: refused in data fields. */
  sideEffect: boolean;
  /** An async JS object function: its result is a Promise, which a data field cannot wait for. */
  async?: boolean;
}

/** An entity of the app, or a global, as code sees it. */
export interface AppSymbol {
  name: string;
  kind: 'widget' | 'query' | 'jsObject' | 'function' | 'global';
  /** Widget type display name, `Query`, `JS object`, or the function's signature. */
  detail: string;
  doc: string;
  members: SymbolMember[];
  /** The member list is complete: reading another member is reported (it reads as undefined). */
  membersKnown: boolean;
  /** For framework functions: may be called from data fields. */
  allowedInDataFields?: boolean;
}

/** What code in this app can name: entities of the current page and app, framework functions, `cordon`. */
export interface AppSymbols {
  byName: Map<string, AppSymbol>;
}

const configsByType = new Map(widgetConfigs.map((c) => [c.type, c]));

const fromEntry = (e: FrameworkEntry): SymbolMember => ({
  name: e.name,
  kind: e.kind === 'function' ? 'method' : 'property',
  signature: e.signature,
  doc: e.doc,
  sideEffect: e.kind === 'function' && !e.allowedInDataFields,
});

/**
 * The symbol table of an app for the page being edited: the page's widgets (other pages'
 * widgets are not in scope at run time), every query and JS object, the framework functions
 * and the `cordon` global.
 */
export function buildAppSymbols(doc: AppDocument, page: Page | undefined): AppSymbols {
  const byName = new Map<string, AppSymbol>();
  for (const f of frameworkFunctions) {
    byName.set(f.name, { name: f.name, kind: 'function', detail: f.signature, doc: f.doc, members: [], membersKnown: false, allowedInDataFields: f.allowedInDataFields });
  }
  byName.set(cordonGlobal.name, { name: cordonGlobal.name, kind: 'global', detail: 'cordon', doc: cordonGlobal.doc, members: cordonMembers.map(fromEntry), membersKnown: true });
  for (const widget of page?.widgets ?? []) {
    const config = configsByType.get(widget.type);
    const members: SymbolMember[] = [];
    for (const p of config?.properties ?? []) {
      if (p.control === 'event') continue;
      members.push({ name: p.name, kind: 'property', signature: p.name, doc: p.help ?? p.label, sideEffect: false });
    }
    for (const [key, source] of Object.entries(config?.metaFromProps ?? {})) {
      if (members.some((m) => m.name === key)) continue;
      members.push({ name: key, kind: 'property', signature: key, doc: `State the user changes; starts as ${source}.`, sideEffect: false });
    }
    // Properties stored on the widget but unknown to its config still exist on the entity.
    for (const [key, value] of Object.entries(widget.props)) {
      if (members.some((m) => m.name === key) || config?.properties.some((p) => p.name === key && p.control === 'event')) continue;
      members.push({ name: key, kind: 'property', signature: key, doc: `${JSON.stringify(value)?.slice(0, 60) ?? ''}`, sideEffect: false });
    }
    for (const [setter, key] of Object.entries(config?.setters ?? {})) {
      members.push({ name: setter, kind: 'method', signature: `${setter}(value)`, doc: `Sets ${widget.name}.${key}.`, sideEffect: true });
    }
    byName.set(widget.name, { name: widget.name, kind: 'widget', detail: config?.displayName ?? widget.type, doc: config?.description ?? 'A widget of an unknown type.', members, membersKnown: !!config });
  }
  for (const query of doc.queries) {
    byName.set(query.name, { name: query.name, kind: 'query', detail: 'Query', doc: 'A query of this app.', members: queryMembers.map(fromEntry), membersKnown: true });
  }
  for (const js of doc.jsObjects) {
    const members = jsObjectMembers(js.code).map((m): SymbolMember => m.kind === 'function'
      ? { name: m.name, kind: 'method', signature: `${m.async ? 'async ' : ''}${m.name}(${m.params ?? ''})`, doc: `A function of ${js.name}.`, sideEffect: false, async: m.async }
      : { name: m.name, kind: 'property', signature: m.name, doc: `A variable of ${js.name}.`, sideEffect: false });
    // An object the reader could not make out (no members found) is not held to its list.
    byName.set(js.name, { name: js.name, kind: 'jsObject', detail: 'JS object', doc: 'A JS object of this app.', members, membersKnown: members.length > 0 });
  }
  return { byName };
}

/** Globals of the language that every piece of app code may read. */
export const javascriptGlobals: ReadonlySet<string> = new Set([
  'undefined', 'NaN', 'Infinity', 'globalThis', 'arguments',
  'Object', 'Array', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt', 'Function', 'Math', 'JSON', 'Date', 'RegExp', 'Promise', 'Proxy', 'Reflect',
  'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'Intl',
  'Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError',
  'ArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
  'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI', 'escape', 'unescape',
  'console', 'harden',
]);
