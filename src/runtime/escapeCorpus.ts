/**
 * The escape corpus: attempts by user code to reach the host (the worker's global scope, the
 * engine, the platform) or to change something another app or the host can see. Plain data,
 * so the Node tests and a browser run can share it; issue 3 grows it to 150+.
 *
 * Every attempt runs in an app whose entities are `Input1` (input), `Text1` (text), `Query1`
 * (query with rows `[{ id: 1, name: 'Ada' }]`) and `JSObject1` (`{ count: 1, items: [1], total() }`).
 * The test asserts for each one, whether it throws or returns: no host object is reachable from
 * what it returns; no host intrinsic, host global, host-visible value or other app changed; and
 * when `expect` is given, the returned value (as plain data) equals it.
 */
export interface EscapeAttempt {
  id: string;
  category: 'constructor' | 'eval' | 'import' | 'pollution' | 'endowment' | 'globals' | 'stack' | 'scope' | 'data';
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
] as const;

const typeofAll = `[${hostGlobalNames.map((n) => `typeof ${n}`).join(', ')}]`;
const allUndefined = hostGlobalNames.map(() => 'undefined');
/** Tries `f()`; returns 'threw' when it throws, else the typeof of the global-ish result's postMessage/process. */
const probe = (expr: string) => `(() => { try { const g = ${expr}; return [typeof g?.postMessage, typeof g?.process, typeof g?.importScripts, typeof g?.document]; } catch (e) { return 'threw'; } })()`;
const fourUndefined = ['undefined', 'undefined', 'undefined', 'undefined'];
const attempt = (expr: string) => `(() => { try { return ${expr}; } catch (e) { return 'threw'; } })()`;

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
  { id: 'fetch-url-object', category: 'endowment', where: 'handler', code: "try { await fetch({ toString() { return 'file:///etc/passwd'; } }); return 'fetched'; } catch (e) { return String(e.message).includes('passwd') ? 'reached' : 'refused'; }", expect: 'refused' },
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
];
