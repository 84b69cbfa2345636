import './host/sesLockdown';
import { describe, expect, it } from 'vitest';
import { AppInstance, type AppInstanceHooks } from './AppInstance';
import { errorMessage } from './errorMessage';
import { escapeCorpus } from './escapeCorpus';
import { toPlain } from './plainData';
import type { HostEffect, RuntimeAppSpec } from './protocol';
import type { HostFetchRequest, RuntimeHost } from './RuntimeHost';
import { input, query, widget } from './testing/engineHarness';

// I3: every attempt of the corpus runs in a fresh app, next to a second app that must never
// notice, and under a host whose intrinsics and globals must not change.

const spec: RuntimeAppSpec = {
  widgets: [input('Input1', { defaultText: 'hello' }), widget('Text1', 'text', { text: '{{ Input1.text + "!" }}' })],
  queries: [query('Query1', ['this.params.limit ?? 1'])],
  jsObjects: [{ name: 'JSObject1', code: 'export default { count: 1, items: [1], total() { return this.count * 10; } }' }],
};

interface TestApp { app: AppInstance; host: RuntimeHost; hooks: AppInstanceHooks; effects: HostEffect[]; fetches: HostFetchRequest[]; intervalDelays: number[] }

function makeApp(): TestApp {
  const effects: HostEffect[] = [];
  const fetches: HostFetchRequest[] = [];
  const intervalDelays: number[] = [];
  const host: RuntimeHost = {
    send: () => undefined,
    fetch: (request) => { fetches.push(request); return Promise.reject(new TypeError('network disabled in the escape corpus')); },
    setInterval: (cb, ms) => { intervalDelays.push(ms); return setInterval(cb, ms); },
    clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
    baseUrl: 'http://127.0.0.1/',
  };
  const hooks: AppInstanceHooks = {
    host,
    request: async (request) => (request.kind === 'runQuery' ? { rows: [{ id: 1, name: 'Ada' }] } : true),
    effect: (effect) => { effects.push(effect); },
    changed: () => undefined,
    changedSlots: () => undefined,
    runHandler: async (_entity, _event, body) => { await body(); return { ok: true }; },
  };
  const app = new AppInstance(spec, { store: { token: 't' }, user: { name: 'Ada', email: 'a@example.com', role: 'developer' }, url: { path: '/', query: {} }, mode: 'view' }, undefined, hooks);
  return { app, host, hooks, effects, fetches, intervalDelays };
}

/** The intrinsics every compartment shares; any change to them would be visible to the host and other apps. */
function sharedIntrinsics(): Record<string, object> {
  const typedArray = Object.getPrototypeOf(Uint8Array) as { prototype: object };
  const arrayIterator = Object.getPrototypeOf([][Symbol.iterator]()) as object;
  const targets: Record<string, object> = {
    Object, 'Object.prototype': Object.prototype, Array, 'Array.prototype': Array.prototype, Function, 'Function.prototype': Function.prototype,
    Promise, 'Promise.prototype': Promise.prototype, 'String.prototype': String.prototype, Error, 'Error.prototype': Error.prototype,
    'TypeError.prototype': TypeError.prototype, JSON, Math, Reflect, Symbol, 'Symbol.prototype': Symbol.prototype,
    'Map.prototype': Map.prototype, 'Set.prototype': Set.prototype, 'WeakMap.prototype': WeakMap.prototype, 'RegExp.prototype': RegExp.prototype,
    Date, 'Date.prototype': Date.prototype, 'Number.prototype': Number.prototype, 'Boolean.prototype': Boolean.prototype,
    'TypedArray.prototype': typedArray.prototype, 'ArrayIterator.prototype': arrayIterator, 'Iterator.prototype': Object.getPrototypeOf(arrayIterator) as object,
    'Array.prototype[@@unscopables]': (Array.prototype as unknown as Record<symbol, object>)[Symbol.unscopables] as object,
  };
  const g = globalThis as Record<string, unknown>;
  for (const name of ['TextEncoder', 'TextDecoder', 'URL', 'Event', 'EventTarget', 'DOMException', 'MessageChannel', 'Blob']) {
    const ctor = g[name];
    const prototype = typeof ctor === 'function' ? (ctor as { prototype?: object }).prototype : undefined;
    if (prototype) targets[`${name}.prototype`] = prototype;
  }
  return targets;
}

/** Every own property of the shared intrinsics, by identity (values, getters, setters) and frozenness. */
function intrinsicShape(): Map<string, unknown> {
  const shape = new Map<string, unknown>();
  for (const [name, target] of Object.entries(sharedIntrinsics())) {
    shape.set(`${name} frozen`, Object.isFrozen(target));
    shape.set(`${name} [[Prototype]]`, Reflect.getPrototypeOf(target));
    for (const key of Reflect.ownKeys(target)) {
      const desc = Reflect.getOwnPropertyDescriptor(target, key);
      const id = `${name}.${String(key)}`;
      shape.set(id, desc && ('value' in desc ? desc.value : [desc.get, desc.set]));
    }
  }
  return shape;
}

/** Names of `shape` whose entry differs from `baseline` (added, removed or replaced), by identity. */
function changedEntries(baseline: Map<string, unknown>, shape: Map<string, unknown>): string[] {
  const changed: string[] = [];
  for (const key of new Set([...baseline.keys(), ...shape.keys()])) {
    const a = baseline.get(key);
    const b = shape.get(key);
    const same = Array.isArray(a) && Array.isArray(b) ? Object.is(a[0], b[0]) && Object.is(a[1], b[1]) : Object.is(a, b);
    if (!same || baseline.has(key) !== shape.has(key)) changed.push(key);
  }
  return changed;
}

/** The host's global object, by identity of each own property. */
function hostGlobalShape(): Map<string, unknown> {
  // Node defines some globals (AbortController, ...) as lazy accessors that turn into data
  // properties when first read; read them all so that the first read is not taken for a change.
  for (const key of Reflect.ownKeys(globalThis)) {
    try { void (globalThis as Record<PropertyKey, unknown>)[key]; } catch { /* a throwing accessor stays an accessor */ }
  }
  const shape = new Map<string, unknown>();
  for (const key of Reflect.ownKeys(globalThis)) {
    const desc = Reflect.getOwnPropertyDescriptor(globalThis, key);
    shape.set(String(key), desc && ('value' in desc ? desc.value : [desc.get, desc.set]));
  }
  return shape;
}

const otherAppProbe = "[({}).polluted, [].polluted, typeof Array.prototype.push, JSON.stringify({ a: [1] }), String(new Error('e')), typeof leaked, Input1.text, Query1.data.length, Text1.text, JSObject1.count, JSObject1.total(), cordon.store.token, typeof postMessage, typeof leakedVar, typeof leakedFn, Symbol('s').toString(), typeof Promise.prototype.catch, Math.PI, new Date(0).getTime(), Object.keys(globalThis).length]";

/** Host objects user code must never hold. */
function forbiddenObjects(t: TestApp): Set<unknown> {
  const g = globalThis as Record<string, unknown>;
  return new Set<unknown>([
    globalThis, g.Function, g.eval, g.process, g.setTimeout, g.setInterval, g.fetch, g.queueMicrotask, g.structuredClone, g.Buffer,
    t.app, t.hooks, t.host, t.host.fetch, t.host.send, t.host.setInterval, t.app.compartment, t.app.widgets, t.app.queries, t.app.jsObjects,
  ].filter((v) => v !== undefined));
}

/** Walks the object graph reachable from `root` (properties, accessors' functions, prototypes) without running user code. */
function findForbidden(root: unknown, forbidden: Set<unknown>): string | null {
  const seen = new Set<unknown>();
  const queue: Array<[unknown, string]> = [[root, 'result']];
  while (queue.length > 0 && seen.size < 20_000) {
    const [value, path] = queue.shift() as [unknown, string];
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) continue;
    seen.add(value);
    if (forbidden.has(value)) return path;
    const proto = Reflect.getPrototypeOf(value);
    // V8 CallSite objects expose getThis/getFunction: a stack trick that returns them has escaped.
    if (proto && Reflect.getOwnPropertyDescriptor(proto, 'getThis')) return `${path} (CallSite)`;
    queue.push([proto, `${path}.__proto__`]);
    for (const key of Reflect.ownKeys(value)) {
      const desc = Reflect.getOwnPropertyDescriptor(value, key);
      if (!desc) continue;
      const name = `${path}.${String(key)}`;
      if ('value' in desc) queue.push([desc.value, name]);
      if (desc.get) queue.push([desc.get, `${name}[get]`]);
      if (desc.set) queue.push([desc.set, `${name}[set]`]);
    }
  }
  return null;
}

async function run(t: TestApp, where: 'binding' | 'handler', code: string): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  try {
    if (where === 'binding') return { ok: true, value: t.app.evaluateExpression(code, 'Probe.value') };
    const fn = t.app.compile(`(async function () {\n${code}\n})`);
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

describe('escape corpus', () => {
  const other = makeApp();
  const otherBaseline = JSON.stringify(toPlain(other.app.evaluateExpression(otherAppProbe, 'Other.probe')));
  const hostBaseline = intrinsicShape();
  const hostGlobals = hostGlobalShape();

  it('has at least 150 attempts with unique ids, covering every category', () => {
    expect(escapeCorpus.length).toBeGreaterThanOrEqual(150);
    expect(new Set(escapeCorpus.map((a) => a.category))).toEqual(new Set(['constructor', 'eval', 'import', 'pollution', 'unscopables', 'with', 'endowment', 'timer', 'fetch', 'globals', 'platform', 'stack', 'scope', 'data']));
    expect(new Set(escapeCorpus.map((a) => a.id)).size).toBe(escapeCorpus.length);
  });

  it.each(escapeCorpus.map((a) => [a.id, a] as const))('%s', async (_id, attempt) => {
    const t = makeApp();
    const before = JSON.stringify(['JSObject1.count', 'JSObject1.items'].map((id) => t.app.readValue(id.split('.')[0] as string, id.split('.')[1] as string)));
    const outcome = await run(t, attempt.where, attempt.code);
    const forbidden = forbiddenObjects(t);

    // 1. Nothing it returned, threw or handed to the host leads to a host object.
    const reached = outcome.ok ? outcome.value : outcome.error;
    expect(findForbidden(reached, forbidden), 'host object reachable from the outcome').toBeNull();
    expect(findForbidden(t.effects, forbidden), 'host object reachable from effects').toBeNull();
    for (const effect of t.effects) expect(toPlain(effect)).toEqual(effect);
    // What the host was asked to do is bounded: plain http(s) requests without credentials or
    // cookies (I7), and intervals no faster than the runtime's floor.
    for (const request of t.fetches) {
      expect(toPlain(request)).toEqual(request);
      expect(request.credentials).toBe('omit');
      expect(new URL(request.url, t.host.baseUrl).protocol).toMatch(/^https?:$/);
      expect(Object.keys(request.headers).map((h) => h.toLowerCase())).not.toEqual(expect.arrayContaining(['cookie']));
      expect(Object.keys(request.headers).map((h) => h.toLowerCase()).filter((h) => /cookie/.test(h))).toEqual([]);
      expect(request.body ?? '').not.toMatch(/postMessage|process/);
    }
    for (const ms of t.intervalDelays) {
      expect(ms).toBeGreaterThanOrEqual(10);
      expect(ms).toBeLessThanOrEqual(2_147_483_647);
    }
    const text = outcome.ok ? JSON.stringify(toPlain(outcome.value)) ?? '' : errorMessage(outcome.error);
    expect(text).not.toContain(process.cwd());
    expect(text).not.toMatch(/node_modules|node:internal|file:\/\//);

    // 2. Nothing changed that the host, this app's host-visible values or another app can see.
    expect(changedEntries(hostBaseline, intrinsicShape()), 'shared intrinsics changed').toEqual([]);
    expect(changedEntries(hostGlobals, hostGlobalShape()), 'host globals changed').toEqual([]);
    expect(JSON.stringify(toPlain(other.app.evaluateExpression(otherAppProbe, 'Other.probe')))).toBe(otherBaseline);
    const after = JSON.stringify(['JSObject1.count', 'JSObject1.items'].map((id) => t.app.readValue(id.split('.')[0] as string, id.split('.')[1] as string)));
    expect(after).toBe(before);

    // 3. Where the corpus states the outcome, it is exactly that.
    if ('expect' in attempt) {
      expect(outcome.ok ? toPlain(outcome.value) : `error: ${errorMessage(outcome.error)}`).toEqual(attempt.expect);
    }
    t.app.dispose();
  });

  it('the other app is still intact at the end', () => {
    const now = JSON.stringify(toPlain(other.app.evaluateExpression(otherAppProbe, 'Other.probe')));
    expect(now).toBe(otherBaseline);
    const probe = JSON.parse(otherBaseline) as unknown[];
    expect(probe.slice(0, -1)).toEqual([null, null, 'function', '{"a":[1]}', 'Error: e', 'undefined', 'hello', 0, 'hello!', 1, 10, 't', 'undefined', 'undefined', 'undefined', 'Symbol(s)', 'function', Math.PI, 0]);
    expect(probe.at(-1)).toBeGreaterThan(10);
  });
});
