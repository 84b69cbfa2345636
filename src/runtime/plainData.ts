/// <reference types="ses" />
/**
 * Plain-data copies: the only form in which values cross between user code, the engine and
 * the main thread. A copy holds primitives, arrays and plain objects only, so no host object,
 * function or shared mutable prototype survives it, and reading it never runs user code
 * (accessor properties are skipped, not called).
 */

/** Thrown when a value cannot be copied (too deep, circular). */
export class PlainDataError extends Error {}

const maxDepth = 200;

/**
 * A JSON-like deep copy of `value`: functions, symbols and accessors are dropped, `undefined`
 * is kept, dates become ISO strings, bigints become strings, Maps and Sets become objects and
 * arrays. Throws PlainDataError for circular or absurdly deep values.
 */
export function toPlain(value: unknown): unknown {
  return copy(value, 0, new Set());
}

function copy(value: unknown, depth: number, seen: Set<object>): unknown {
  switch (typeof value) {
    case 'string': case 'number': case 'boolean': case 'undefined':
      return value;
    case 'bigint':
      return value.toString();
    case 'function': case 'symbol':
      return undefined;
  }
  if (value === null) return null;
  const object = value as object;
  if (depth >= maxDepth) throw new PlainDataError('value is nested too deeply');
  if (seen.has(object)) throw new PlainDataError('value is circular');
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      const length = ownDataValue(object, 'length');
      const out: unknown[] = [];
      for (let i = 0; i < (typeof length === 'number' ? length : 0); i++) out.push(copy(ownDataValue(object, String(i)), depth + 1, seen));
      return out;
    }
    if (object instanceof Date) return Number.isNaN(Date.prototype.getTime.call(object)) ? null : Date.prototype.toISOString.call(object);
    if (object instanceof Map) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Map.prototype.entries.call(object)) out[String(k)] = copy(v, depth + 1, seen);
      return out;
    }
    if (object instanceof Set) return Array.from(Set.prototype.values.call(object), (v) => copy(v, depth + 1, seen));
    const out: Record<string, unknown> = {};
    for (const key of Reflect.ownKeys(object)) {
      if (typeof key !== 'string') continue;
      const desc = Reflect.getOwnPropertyDescriptor(object, key);
      // Accessors are skipped, never called: reading a copy must not run user code.
      if (!desc || !desc.enumerable || !('value' in desc)) continue;
      const v = copy(desc.value, depth + 1, seen);
      if (typeof desc.value === 'function' || typeof desc.value === 'symbol') continue;
      // Own keys named __proto__ stay data properties on the copy instead of changing its prototype.
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  } finally {
    seen.delete(object);
  }
}

function ownDataValue(object: object, key: string): unknown {
  const desc = Reflect.getOwnPropertyDescriptor(object, key);
  return desc && 'value' in desc ? desc.value : undefined;
}

/** True for a Promise or any object with a callable `then` (read without running getters). */
export function isThenable(value: unknown): boolean {
  if (value instanceof Promise) return true;
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  let o: object | null = value;
  while (o) {
    const desc = Reflect.getOwnPropertyDescriptor(o, 'then');
    if (desc) return typeof desc.value === 'function' || typeof desc.get === 'function';
    o = Reflect.getPrototypeOf(o);
  }
  return false;
}

/** A stable text form of plain data, used to tell whether a value changed. */
export function plainKey(value: unknown): string {
  return value === undefined ? 'u' : `j${JSON.stringify(value)}`;
}

/** Objects known to be frozen plain-data copies made by `frozenPlain`: safe to share without copying again. */
const frozenCopies = new WeakSet<object>();

/**
 * A hardened plain-data copy of `value`. A value that already is such a copy (or part of one) is
 * returned as it is, so `{{ Query1.data }}` shares the rows instead of copying them on every run.
 */
export function frozenPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return toPlain(value);
  if (frozenCopies.has(value)) return value;
  const copy = toPlain(value);
  harden(copy);
  register(copy);
  return copy;
}

function register(value: unknown): void {
  if (value === null || typeof value !== 'object' || frozenCopies.has(value)) return;
  frozenCopies.add(value);
  for (const v of Object.values(value)) register(v);
}
