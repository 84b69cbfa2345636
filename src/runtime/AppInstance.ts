/// <reference types="ses" />
import { handlerCode, parseTemplate, type TemplateSegment } from '../shared/template';
import { DependencyGraph } from './DependencyGraph';
import { extractDependencies, type Dependency } from './dependencies';
import { makeFrameworkFunctions } from './frameworkFunctions';
import { jsObjectExpression } from './jsObjectSource';
import { errorMessage } from './errorMessage';
import { GuestCallbacks } from './GuestCallbacks';
import { VersionedMap } from './VersionedMap';
import { frozenPlain, isThenable, plainKey, toPlain } from './plainData';
import type { EvaluationError, HostEffect, HostRequest, RuntimeAppSpec, RuntimeGlobals, RuntimeQuerySpec, RuntimeSnapshot, RuntimeWidgetSpec } from './protocol';
import type { RuntimeHost } from './RuntimeHost';

/** A handler by entity and event (`Button1`, `onClick`), as errors and the watchdog name it. */
export interface HandlerRef { entity: string; event: string }

/** What an app instance needs from the engine around it. */
export interface AppInstanceHooks {
  host: RuntimeHost;
  /** Sends a request to the main thread and resolves with its reply. */
  request(request: HostRequest): Promise<unknown>;
  effect(effect: HostEffect): void;
  /** Values changed: the engine flushes them (batched) to the main thread. */
  changed(ids: Iterable<string>): void;
  /** Widget values changed (re-evaluated nodes): as `changed`, by slot instead of by id. */
  changedSlots(slots: readonly ValueSlot[]): void;
  /**
   * Runs a handler with watchdog reporting and error capture; resolves when it settled.
   * `owner` is the handler that registered a callback (an interval tick runs as its owner).
   */
  runHandler(entity: string, event: string, body: () => unknown, owner?: HandlerRef): Promise<{ ok: boolean; error?: string }>;
  /**
   * The handler user code is running in now (the owner of callbacks it registers), or null.
   * Exact during a handler's synchronous steps; after an `await` it is the latest handler still running.
   */
  currentHandler?(): HandlerRef | null;
}

/**
 * A node of the graph. Widget nodes hold their own current value (`value`, set once `evaluated`)
 * and their widget's state, so an update reaches them by graph index without a lookup by id.
 */
type NodeDef = PropNode | MetaNode | { kind: 'jsFunction'; id: string };

/** An evaluated widget property. Its value is what user code sees unless a meta key of the same name shadows it. */
interface PropNode extends ValueSlot {
  kind: 'prop';
  /** Graph node id (`Text1.text`, or `Table1.tableData (property)` when shadowed). */
  id: string;
  parsed: ParsedTemplate;
  /** The data field's name in messages: `Text1.text` (the id itself unless shadowed). */
  label: string;
  state: WidgetState;
}

/** A widget meta key: the value written by the user or a setter, else the property it starts from. */
interface MetaNode extends ValueSlot {
  kind: 'meta';
  id: string;
  fromProp: string;
  /** The property node it starts from (undefined: no such property, or an event property). */
  source: PropNode | undefined;
  state: WidgetState;
}

/**
 * A value user code and the main thread see (`Input1.text`), as `id`, `widget` and `key`;
 * `evaluated` is false until it has one. `exposed` is false for a property node shadowed by a meta
 * key of the same name (user code and the main thread see the meta node instead). `sentRecord`
 * belongs to the engine: its bookkeeping of what the main thread last received for this value.
 * Slots never reach user code.
 */
export interface ValueSlot {
  readonly id: string;
  readonly widget: string;
  readonly key: string;
  value: unknown;
  evaluated: boolean;
  exposed: boolean;
  sentRecord: unknown;
}

/** A property value parsed once: a constant, one binding (its value), or text mixed with bindings (a string). */
type ParsedTemplate =
  | { kind: 'constant'; value: unknown }
  | { kind: 'single'; expression: string; fn?: CompiledBinding }
  | { kind: 'mixed'; segments: TemplateSegment[]; fns?: Array<CompiledBinding | undefined> };

/** A binding expression compiled in the app's compartment; kept on its parsed template after the first run. */
type CompiledBinding = (...args: unknown[]) => unknown;

interface WidgetState {
  /** The app instance the widget belongs to: its getters read no other instance's widgets. */
  owner: AppInstance;
  spec: RuntimeWidgetSpec;
  /** What user code and the main thread see, by key: property nodes, and meta nodes (which shadow a property of the same name). */
  slots: Map<string, PropNode | MetaNode>;
  /** Meta keys written by the user or a setter. */
  meta: Map<string, unknown>;
  /** Meta key -> the property it starts from (the spec's `metaFromProps`, plus implied keys). */
  metaFromProps: Record<string, string>;
}
interface QueryState { spec: RuntimeQuerySpec; data: unknown; isLoading: boolean; error: string | null }
interface JsObjectState { vars: Map<string, unknown>; functions: string[]; raw: Record<string, unknown> | null }

/** The name under which user code sees session facts and the store. */
export const cordonGlobalName = 'cordon';

/** The values of a query entity. */
const queryKeys = ['data', 'isLoading', 'error'] as const;

/** Widget type whose meta key `isOpen` `showModal` / `closeModal` set. */
export const modalWidgetType = 'modal';

/**
 * Node id suffix of a property shadowed by a meta key of the same name (`Table1.tableData` is
 * the meta key, `Table1.tableData (property)` the evaluated property it starts from).
 */
const shadowedPropSuffix = ' (property)';

/**
 * One running app: its compartment, its entities as seen by user code, its dependency graph and
 * its current values. The engine builds a new instance when the app's spec changes, seeding it
 * from the previous instance's snapshot.
 */
export class AppInstance {
  readonly compartment: Compartment;
  readonly widgets = new Map<string, WidgetState>();
  /** Names of the widgets whose meta is not empty, so `snapshot()` does not walk every widget. */
  private readonly widgetsWithMeta = new Set<string>();
  readonly queries = new Map<string, QueryState>();
  readonly jsObjects = new Map<string, JsObjectState>();
  store: Record<string, unknown>;
  globals: Omit<RuntimeGlobals, 'store'>;
  /** Binding errors by node id; handler errors by `entity.event`. */
  readonly bindingErrors = new VersionedMap<string, string>();
  readonly handlerErrors = new VersionedMap<string, string>();
  /** Bumped whenever state in the snapshot (meta, JS variables, query results) may have changed. */
  snapshotVersion = 1;
  /** The label of the data field being evaluated, or null outside bindings. Side effects check it. */
  bindingContext: string | null = null;
  private readonly nodes = new Map<string, NodeDef>();
  /** The nodes by graph index (`graph.ids` order): an update walks these, not the map by id. */
  private readonly nodeAt: NodeDef[];
  private readonly graph: DependencyGraph;
  private readonly compiled = new Map<string, (...args: unknown[]) => unknown>();
  /** Binding expression -> its compiled function (a cache in front of `compiled`, without building the source). */
  private readonly compiledExpressions = new Map<string, (...args: unknown[]) => unknown>();
  private readonly widgetGetters = new Map<string, () => unknown>();
  /** Intervals and window message listeners of this page. */
  readonly callbacks: GuestCallbacks;
  /** Set when the page is left: framework functions of a late async step then refuse to act. */
  disposed = false;
  /** The compartment's own Error: errors handed to user code never come from the host realm. */
  private GuestError: ErrorConstructor = Error;
  /** Builds an error in the app's compartment. */
  readonly makeError = (message: string): Error => new this.GuestError(message);

  constructor(
    readonly spec: RuntimeAppSpec,
    globals: RuntimeGlobals,
    snapshot: RuntimeSnapshot | undefined,
    private readonly hooks: AppInstanceHooks,
  ) {
    this.store = frozenPlain(globals.store ?? {}) as Record<string, unknown>;
    this.globals = sessionFacts(globals);
    const entityNames = new Set<string>([cordonGlobalName, ...spec.widgets.map((w) => w.name), ...spec.queries.map((q) => q.name), ...spec.jsObjects.map((j) => j.name)]);

    this.callbacks = new GuestCallbacks(hooks, this.makeError);
    for (const w of spec.widgets) {
      const metaFromProps = effectiveMetaFromProps(w);
      const meta = new Map<string, unknown>();
      for (const [key, value] of Object.entries(snapshot?.meta[w.name] ?? {})) {
        if (key in metaFromProps) meta.set(key, frozenValue(value));
      }
      const state: WidgetState = { owner: this, spec: w, slots: new Map(), meta, metaFromProps };
      this.widgets.set(w.name, state);
      if (meta.size > 0) this.widgetsWithMeta.add(w.name);
      let shadowed: Map<string, PropNode> | null = null;
      for (const key in w.props) {
        if (!Object.hasOwn(w.props, key) || w.eventProps.includes(key)) continue;
        const label = `${w.name}.${key}`;
        const node: PropNode = { kind: 'prop', id: label, widget: w.name, key, parsed: parseValue(w.props[key]), label, state, value: undefined, evaluated: false, exposed: true, sentRecord: undefined };
        if (key in metaFromProps) {
          // A property shadowed by a meta key of the same name is seen through that meta key.
          node.id = `${label}${shadowedPropSuffix}`;
          node.exposed = false;
          (shadowed ??= new Map()).set(key, node);
        } else {
          state.slots.set(key, node);
        }
        this.nodes.set(node.id, node);
      }
      for (const key in metaFromProps) {
        const fromProp = metaFromProps[key] as string;
        const source = shadowed?.get(fromProp) ?? state.slots.get(fromProp);
        const node: MetaNode = { kind: 'meta', id: `${w.name}.${key}`, widget: w.name, key, fromProp, source: source?.kind === 'prop' ? source : undefined, state, value: undefined, evaluated: false, exposed: true, sentRecord: undefined };
        this.nodes.set(node.id, node);
        state.slots.set(key, node);
      }
    }
    for (const q of spec.queries) {
      const previous = snapshot?.queries[q.name];
      this.queries.set(q.name, {
        spec: q,
        data: frozenPlain((previous?.data ?? [])),
        isLoading: false,
        error: typeof previous?.error === 'string' ? previous.error : null,
      });
    }
    const jsSources = new Map<string, string>();
    const jsDeps = new Map<string, Dependency[]>();
    for (const j of spec.jsObjects) {
      const shape = discoverJsObjectShape(j.code, entityNames);
      const state: JsObjectState = { vars: new Map(), functions: shape.functions, raw: null };
      for (const key of shape.vars) state.vars.set(key, undefined);
      this.jsObjects.set(j.name, state);
      if ('error' in shape) this.bindingErrors.set(`${j.name}.code`, shape.error);
      else jsSources.set(j.name, shape.expression);
      const deps = [...extractDependencies(j.code, entityNames), ...shape.vars.map((key) => ({ entity: j.name, key }))];
      jsDeps.set(j.name, deps);
      for (const fn of shape.functions) this.nodes.set(`${j.name}.${fn}`, { kind: 'jsFunction', id: `${j.name}.${fn}` });
    }

    const nodeDeps = new Map<string, Dependency[]>();
    for (const [id, node] of this.nodes) {
      if (node.kind === 'prop') nodeDeps.set(id, node.parsed.kind === 'constant' ? [] : extractDependencies(bindingSource(node.parsed), entityNames));
      else if (node.kind === 'meta') {
        const w = this.widgets.get(node.widget) as WidgetState;
        const source = propNodeId(node.widget, node.fromProp, w.metaFromProps);
        nodeDeps.set(id, [{ entity: node.widget, key: source.slice(node.widget.length + 1) }]);
      }
      else nodeDeps.set(id, jsDeps.get(id.slice(0, id.indexOf('.'))) ?? []);
    }
    this.graph = new DependencyGraph(nodeDeps);
    this.nodeAt = this.graph.ids.map((id) => this.nodes.get(id) as NodeDef);
    for (const [id, message] of this.graph.cyclic) this.bindingErrors.set(id, message);

    const framework = makeFrameworkFunctions(this, hooks);
    const endowments: Record<string, unknown> = {
      ...framework,
      // Time and randomness: the start compartment's working Date and Math.random (tamed ones throw).
      Date,
      Math: mathWithRandom(),
      [cordonGlobalName]: this.cordonGlobal(),
    };
    for (const w of spec.widgets) endowments[w.name] = this.widgetEntity(w);
    for (const q of spec.queries) endowments[q.name] = this.queryEntity(q.name, framework.runQueryByName);
    for (const j of spec.jsObjects) endowments[j.name] = this.jsObjectEntity(j.name);
    delete endowments.runQueryByName;
    this.compartment = new Compartment({ __options__: true, name: 'cordon-app', globals: endowments as never });
    // Before the first evaluation: the evaluator then captures the globals as constants (fast) and
    // user code can neither add nor replace a global.
    harden(this.compartment.globalThis);
    this.GuestError = this.compartment.globalThis.Error as ErrorConstructor;

    for (const [name, expression] of jsSources) this.instantiateJsObject(name, expression, snapshot?.jsObjects[name]);
    this.precompileBindings();
    for (const id of this.graph.order) this.evaluateNode(this.nodes.get(id) as NodeDef);
  }

  /** All entity value ids (`Entity.key`) this instance exposes to the main thread. */
  valueIds(): string[] {
    const ids: string[] = [];
    this.forEachValue((id) => { ids.push(id); });
    return ids;
  }

  /**
   * Every value this instance exposes to the main thread, as its id, entity and key, with the
   * slot holding it for a widget value (queries and JS objects: undefined, read by name).
   */
  forEachValue(visit: (id: string, entity: string, key: string, slot: ValueSlot | undefined) => void): void {
    for (const w of this.widgets.values()) for (const slot of w.slots.values()) if (slot.evaluated) visit(slot.id, slot.widget, slot.key, slot);
    for (const name of this.queries.keys()) for (const key of queryKeys) visit(`${name}.${key}`, name, key, undefined);
    for (const [name, j] of this.jsObjects) for (const key of j.vars.keys()) visit(`${name}.${key}`, name, key, undefined);
  }

  /** The current value of `entity.key` as the main thread sees it (plain data). */
  readValue(entity: string, key: string): unknown {
    const w = this.widgets.get(entity);
    if (w) return w.slots.get(key)?.value;
    const q = this.queries.get(entity);
    if (q) return key === 'data' ? q.data : key === 'isLoading' ? q.isLoading : key === 'error' ? q.error : undefined;
    const j = this.jsObjects.get(entity);
    if (j) return copyPlainOrUndefined(j.vars.get(key));
    return undefined;
  }

  /** Moves whenever `errors()` may return something else: the engine compares it instead of the list. */
  get errorsVersion(): number {
    return this.bindingErrors.version + this.handlerErrors.version;
  }

  errors(): EvaluationError[] {
    const out: EvaluationError[] = [];
    for (const [id, message] of [...this.bindingErrors, ...this.handlerErrors]) {
      const dot = id.indexOf('.');
      const key = id.slice(dot + 1);
      out.push({ entity: id.slice(0, dot), key: key.endsWith(shadowedPropSuffix) ? key.slice(0, -shadowedPropSuffix.length) : key, message });
    }
    return out;
  }

  snapshot(): RuntimeSnapshot {
    const meta: RuntimeSnapshot['meta'] = {};
    for (const name of this.widgetsWithMeta) {
      const w = this.widgets.get(name);
      if (w && w.meta.size > 0) meta[name] = Object.fromEntries(w.meta);
    }
    const jsObjects: RuntimeSnapshot['jsObjects'] = {};
    for (const [name, j] of this.jsObjects) jsObjects[name] = Object.fromEntries([...j.vars].map(([k, v]) => [k, copyPlainOrUndefined(v)]));
    const queries: RuntimeSnapshot['queries'] = {};
    for (const [name, q] of this.queries) queries[name] = { data: q.data, error: q.error };
    return { meta, jsObjects, queries };
  }

  /**
   * The value of `entity.key` for the engine's flush, when it is a widget value: the slot holding
   * it, read again on every flush without a lookup by name (queries and JS objects: undefined).
   */
  valueSlot(entity: string, key: string): ValueSlot | undefined {
    return this.widgets.get(entity)?.slots.get(key);
  }

  /** Re-evaluates everything that depends on the changed ids, in dependency order, and reports the changes. */
  propagate(changedIds: readonly string[]): void {
    const affected = this.graph.affectedIndices(changedIds);
    const changed: ValueSlot[] = [];
    for (const i of affected) {
      const node = this.nodeAt[i] as NodeDef;
      this.evaluateNode(node);
      // Only values the main thread can see: not a shadowed property, not a JS object function.
      if (node.kind !== 'jsFunction' && node.exposed) changed.push(node);
    }
    this.hooks.changed(changedIds);
    this.hooks.changedSlots(changed);
  }

  /** Writes meta keys of a widget (user input or a setter) and re-evaluates what depends on them. */
  setMeta(widget: string, patch: Record<string, unknown>): void {
    const w = this.widgets.get(widget);
    if (!w) return;
    const changed: string[] = [];
    for (const [key, value] of Object.entries(patch)) {
      if (!(key in w.metaFromProps)) continue;
      const copy = frozenValue(value);
      w.meta.set(key, copy);
      this.widgetsWithMeta.add(widget);
      const slot = w.slots.get(key) as ValueSlot;
      slot.value = copy;
      slot.evaluated = true;
      changed.push(`${widget}.${key}`);
    }
    if (changed.length > 0) {
      this.snapshotVersion++;
      this.propagate(changed);
    }
  }

  /**
   * `resetWidget(name)`: forgets what the user and setters wrote, so every meta key follows its
   * property again. Pages are flat (no widget contains another), so there are no children to reset.
   */
  resetWidget(widget: string): void {
    const w = this.widgets.get(widget);
    if (!w) throw this.makeError(`resetWidget: there is no widget named ${widget}`);
    w.meta.clear();
    this.widgetsWithMeta.delete(widget);
    const ids = Object.keys(w.metaFromProps).map((key) => `${widget}.${key}`);
    for (const id of ids) this.evaluateNode(this.nodes.get(id) as NodeDef);
    this.snapshotVersion++;
    this.propagate(ids);
  }

  /** `showModal` / `closeModal`: sets meta `isOpen` of the modal widget `name`. */
  setModalOpen(fn: string, name: unknown, open: boolean): void {
    const w = this.widgets.get(String(name));
    if (!w || w.spec.type !== modalWidgetType) {
      const kind = w ? `${w.spec.name} is a ${w.spec.type} widget, not a modal` : `there is no modal named ${String(name)}`;
      throw this.makeError(`${fn}: ${kind}`);
    }
    this.setMeta(w.spec.name, { isOpen: open });
  }

  /** Replaces the session facts; `cordon` reads them live. */
  setGlobals(globals: Omit<RuntimeGlobals, 'store'>): void {
    this.globals = sessionFacts(globals);
    this.propagate([`${cordonGlobalName}.user`, `${cordonGlobalName}.url`, `${cordonGlobalName}.URL`, `${cordonGlobalName}.mode`]);
  }

  /** The compiled async function of a widget's event handler, or null when the property is empty. */
  handlerFunction(widget: string, event: string): (() => unknown) | null {
    const w = this.widgets.get(widget);
    if (!w || !w.spec.eventProps.includes(event)) return null;
    const raw = w.spec.props[event];
    const code = typeof raw === 'string' ? handlerCode(raw).trim() : '';
    if (code === '') return null;
    // A handler that is one expression (`Query1.run()`) is awaited, so its failure is the handler's
    // failure; anything else runs as the body of an async function.
    try {
      return this.compile(`(async function () {\n return await (\n${code}\n);\n})`) as () => unknown;
    } catch {
      return this.compile(`(async function () {\n${code}\n})`) as () => unknown;
    }
  }

  /** Compiles code to a function inside the compartment, once per distinct source. */
  compile(source: string): (...args: unknown[]) => unknown {
    let fn = this.compiled.get(source);
    if (!fn) {
      const value: unknown = this.compartment.evaluate(source);
      if (typeof value !== 'function') throw this.makeError('the code does not form a single expression');
      fn = value as (...args: unknown[]) => unknown;
      this.compiled.set(source, fn);
    }
    return fn;
  }

  /**
   * Compiles every binding expression of the widgets in as few `compartment.evaluate` calls as
   * possible (each call pays SES's source checks and a parse): all of them as one array of
   * functions. A batch that fails (one expression that does not parse, or breaks out of its
   * wrapper) is halved until the culprits stand alone; those are left to `evaluateExpression`,
   * which compiles them one by one and reports their own errors, as without batching. All
   * bindings of an app share one compartment already, so a batch adds no trust boundary.
   */
  private precompileBindings(): void {
    const expressions = new Set<string>();
    for (const node of this.nodes.values()) {
      if (node.kind !== 'prop') continue;
      const parsed = node.parsed;
      if (parsed.kind === 'single') expressions.add(parsed.expression);
      else if (parsed.kind === 'mixed') for (const segment of parsed.segments) if (segment.kind === 'binding') expressions.add(segment.expression);
    }
    for (const expression of this.compiledExpressions.keys()) expressions.delete(expression);
    if (expressions.size > 1) this.compileBatch([...expressions]);
  }

  private compileBatch(expressions: readonly string[]): void {
    const wrappers = expressions.map(bindingWrapper);
    const previous = this.bindingContext;
    // Compiling runs no user code unless an expression breaks out of its wrapper; such code must
    // then have no side effects, as in any data field.
    this.bindingContext = 'data fields';
    let fns: unknown[] | null = null;
    try {
      const value: unknown = this.compartment.evaluate(`[${wrappers.join(',\n')}]`);
      if (Array.isArray(value) && value.length === expressions.length) fns = value as unknown[];
    } catch {
      fns = null;
    } finally {
      this.bindingContext = previous;
    }
    // Each element must be exactly its own wrapper: then no expression spilled into another.
    const ok = fns !== null && fns.every((fn, i) => typeof fn === 'function' && isWrappedIn(Function.prototype.toString.call(fn), wrappers[i] as string));
    if (ok && fns) {
      for (let i = 0; i < expressions.length; i++) this.compiledExpressions.set(expressions[i] as string, fns[i] as (...args: unknown[]) => unknown);
      return;
    }
    if (expressions.length === 1) return;
    const half = expressions.length >> 1;
    this.compileBatch(expressions.slice(0, half));
    this.compileBatch(expressions.slice(half));
  }

  /** Evaluates a binding expression synchronously as data field `label`, with `thisArg` as `this`. */
  evaluateExpression(expression: string, label: string, thisArg?: unknown): unknown {
    return this.runBinding(expression, label, thisArg);
  }

  private runBinding(expression: string, label: string, thisArg: unknown): unknown {
    const previous = this.bindingContext;
    this.bindingContext = label;
    try {
      return this.checkNotThenable(this.bindingFunction(expression).call(thisArg), label);
    } finally {
      this.bindingContext = previous;
    }
  }

  /** The compiled function of a binding expression: from the batch compiled at start, else compiled now (with the caller's data-field context set). */
  private bindingFunction(expression: string): CompiledBinding {
    let fn = this.compiledExpressions.get(expression);
    if (!fn) {
      fn = this.compile(bindingWrapper(expression));
      this.compiledExpressions.set(expression, fn);
    }
    return fn;
  }

  /** A data field's value, refused when it is a Promise or another thenable: data fields are synchronous. */
  private checkNotThenable(value: unknown, label: string): unknown {
    if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
      if (isThenable(value)) throw this.makeError(`${label} returned a Promise, but data fields are synchronous. Run async code in an event handler (or a JS object function it calls) and bind to its result, for example through storeValue.`);
    }
    return value;
  }

  /** Throws the "no side effects in data fields" error when called from a binding, and refuses to act for a page that was left. */
  assertNotInBinding(what: string): void {
    if (this.disposed) throw this.makeError(`${what} was not run: the page was left`);
    if (this.bindingContext !== null) {
      throw this.makeError(`${what} cannot be called from the data field ${this.bindingContext}: data fields are synchronous and must not have side effects. Call it from an event handler, or a JS object function run by one.`);
    }
  }

  /** Stops everything this page started (intervals, window message listeners); late async steps then fail. */
  dispose(): void {
    this.disposed = true;
    this.callbacks.dispose();
  }

  /** Run-on-load functions of JS objects, as `[object, function]` pairs in document order. */
  runOnLoadFunctions(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const j of this.spec.jsObjects) {
      const functions = this.jsObjects.get(j.name)?.functions ?? [];
      for (const fn of functions) if (j.functionSettings?.[fn]?.runOnLoad === true) out.push([j.name, fn]);
    }
    return out;
  }

  /** Sets a query's run state and re-evaluates its dependents. */
  setQueryState(name: string, patch: Partial<Omit<QueryState, 'spec'>>): void {
    const q = this.queries.get(name);
    if (!q) return;
    const changed: string[] = [];
    for (const key of ['data', 'isLoading', 'error'] as const) {
      if (!(key in patch)) continue;
      const value = key === 'data' ? frozenPlain((patch.data)) : patch[key];
      if (plainKey(q[key]) === plainKey(value)) continue;
      (q as unknown as Record<string, unknown>)[key] = value;
      changed.push(`${name}.${key}`);
    }
    if (changed.length > 0) {
      this.snapshotVersion++;
      this.propagate(changed);
    }
  }

  setStore(store: Record<string, unknown>): void {
    this.store = harden(store);
    this.propagate([`${cordonGlobalName}.store`]);
  }

  /** Finds JS object variables changed in place (`this.items.push(x)`) since the last sweep. */
  sweepJsVariables(lastKey: (id: string) => string | undefined): string[] {
    const changed: string[] = [];
    for (const [name, j] of this.jsObjects) {
      for (const [key, value] of j.vars) {
        const id = `${name}.${key}`;
        const last = lastKey(id);
        if (last !== undefined && last !== plainKey(copyPlainOrUndefined(value))) changed.push(id);
      }
    }
    if (changed.length > 0) this.snapshotVersion++;
    return changed;
  }

  private evaluateNode(node: NodeDef): void {
    if (node.kind === 'jsFunction') return;
    if (node.kind === 'meta') {
      const meta = node.state.meta;
      node.value = meta.has(node.key) ? meta.get(node.key) : node.source?.value;
      node.evaluated = true;
      return;
    }
    let value: unknown;
    try {
      value = frozenValue(this.evaluateTemplate(node.parsed, node.label));
      if (this.bindingErrors.size > 0) this.bindingErrors.delete(node.id);
    } catch (error) {
      value = undefined;
      this.bindingErrors.set(node.id, errorMessage(error));
    }
    node.value = value;
    node.evaluated = true;
  }

  /**
   * Evaluates a property's template as data field `label`. The data-field context is set once for
   * the whole template, around compiling (code that breaks out of its wrapper runs then) and
   * running each binding; the compiled functions are kept on the parsed template.
   */
  private evaluateTemplate(parsed: ParsedTemplate, label: string): unknown {
    if (parsed.kind === 'constant') return parsed.value;
    const previous = this.bindingContext;
    this.bindingContext = label;
    try {
      if (parsed.kind === 'single') return this.checkNotThenable(this.callBinding(parsed.fn ??= this.bindingFunction(parsed.expression)), label);
      const fns = (parsed.fns ??= []);
      let text = '';
      for (let i = 0; i < parsed.segments.length; i++) {
        const s = parsed.segments[i] as TemplateSegment;
        if (s.kind === 'text') { text += s.text; continue; }
        text += textOf(this.checkNotThenable(this.callBinding(fns[i] ??= this.bindingFunction(s.expression)), label));
      }
      return text;
    } finally {
      this.bindingContext = previous;
    }
  }

  /** Runs a compiled binding with `undefined` as `this` (a separate method keeps the call site monomorphic). */
  private callBinding(fn: CompiledBinding): unknown {
    return fn();
  }

  private instantiateJsObject(name: string, expression: string, saved: Record<string, unknown> | undefined): void {
    const j = this.jsObjects.get(name) as JsObjectState;
    try {
      // Initial values are data: no side effects while the object is built.
      const previous = this.bindingContext;
      this.bindingContext = `${name}.code`;
      let raw: unknown;
      try { raw = this.compartment.evaluate(expression); } finally { this.bindingContext = previous; }
      if (raw === null || typeof raw !== 'object') throw this.makeError('export default must be an object');
      j.raw = raw as Record<string, unknown>;
      for (const key of j.vars.keys()) {
        const desc = Reflect.getOwnPropertyDescriptor(raw, key);
        j.vars.set(key, saved && key in saved ? copyPlain(saved[key]) : desc && 'value' in desc ? desc.value : undefined);
      }
    } catch (error) {
      this.bindingErrors.set(`${name}.code`, errorMessage(error));
    }
  }

  private widgetEntity(w: RuntimeWidgetSpec): object {
    const state = this.widgets.get(w.name) as WidgetState;
    const entity: Record<string, unknown> = {};
    WidgetStates.stamp(entity, state);
    // Its properties (not the event ones), then the meta keys that are not properties.
    for (const key in w.props) {
      if (Object.hasOwn(w.props, key) && !w.eventProps.includes(key)) Object.defineProperty(entity, key, { enumerable: true, get: this.widgetGetter(key) });
    }
    for (const key in state.metaFromProps) {
      if (!Object.hasOwn(entity, key)) Object.defineProperty(entity, key, { enumerable: true, get: this.widgetGetter(key) });
    }
    for (const [setter, metaKey] of Object.entries(w.setters)) {
      entity[setter] = (value: unknown) => {
        this.assertNotInBinding(`${w.name}.${setter}()`);
        this.setMeta(w.name, { [metaKey]: value });
        return Promise.resolve();
      };
    }
    return entity;
  }

  /**
   * The getter of widget property `key`, one per key for all widgets of the app: `harden` then
   * visits one function per key instead of one per widget and key. It finds the widget by its
   * receiver (the entity, or an object inheriting from it); any other receiver reads undefined.
   */
  private widgetGetter(key: string): () => unknown {
    let get = this.widgetGetters.get(key);
    if (!get) {
      get = widgetPropertyGetter(this, key);
      this.widgetGetters.set(key, get);
    }
    return get;
  }

  private queryEntity(name: string, run: (name: string, params: unknown) => Promise<unknown>): object {
    const state = this.queries.get(name) as QueryState;
    return {
      get data() { return state.data; },
      get isLoading() { return state.isLoading; },
      get error() { return state.error; },
      run: (params?: unknown) => {
        // Checked before the async part, so a binding gets this error rather than a rejected Promise.
        this.assertNotInBinding(`${name}.run()`);
        return run(name, params);
      },
      clear: () => {
        this.assertNotInBinding(`${name}.clear()`);
        this.setQueryState(name, { data: [], error: null });
        return Promise.resolve();
      },
    };
  }

  private jsObjectEntity(name: string): object {
    const state = this.jsObjects.get(name) as JsObjectState;
    const entity: Record<string, unknown> = {};
    for (const key of state.vars.keys()) {
      Object.defineProperty(entity, key, {
        enumerable: true,
        get: () => state.vars.get(key),
        set: (value: unknown) => {
          if (this.bindingContext !== null) throw this.makeError(`${name}.${key} cannot be changed from the data field ${this.bindingContext}: data fields must not have side effects.`);
          state.vars.set(key, value);
          this.snapshotVersion++;
          this.propagate([`${name}.${key}`]);
        },
      });
    }
    const settings = this.spec.jsObjects.find((j) => j.name === name)?.functionSettings ?? {};
    for (const fn of state.functions) {
      // Always called with the entity as `this`, so `this.count` reads and writes the live variable.
      const call = (args: unknown[]) => {
        const f = state.raw?.[fn];
        if (typeof f !== 'function') throw this.makeError(`${name}.${fn} is not a function`);
        return (f as (...a: unknown[]) => unknown).apply(entity, args);
      };
      if (settings[fn]?.confirm === true) {
        // Like a query marked confirm: the user is asked first, so the call is always async.
        entity[fn] = (...args: unknown[]) => {
          if (this.bindingContext !== null) throw this.makeError(`${name}.${fn}() asks the user for confirmation, so it cannot be called from the data field ${this.bindingContext}. Call it from an event handler.`);
          this.assertNotInBinding(`${name}.${fn}()`);
          return this.hooks.request({ kind: 'confirm', message: `Run ${name}.${fn}?` }).then((yes) => {
            if (yes !== true) throw this.makeError(`${name}.${fn} was cancelled`);
            return call(args);
          }, (error: unknown) => {
            // A rejected request (the page was left) carries a host Error: hand user code its own.
            throw this.makeError(`${name}.${fn} failed: ${errorMessage(error)}`);
          });
        };
      } else {
        entity[fn] = (...args: unknown[]) => call(args);
      }
    }
    return entity;
  }

  private cordonGlobal(): object {
    const cordon = {};
    const live: Record<string, () => unknown> = {
      store: () => this.store,
      user: () => this.globals.user,
      url: () => this.globals.url,
      URL: () => this.globals.url,
      mode: () => this.globals.mode,
    };
    for (const [key, get] of Object.entries(live)) Object.defineProperty(cordon, key, { enumerable: true, get });
    return cordon;
  }
}

/**
 * What `cordon` shows of the session: only the user's name, email and role (whatever else the
 * host passes stays out), the URL's path and query as strings, and the mode. Frozen plain data.
 */
function sessionFacts(globals: Omit<RuntimeGlobals, 'store'>): Omit<RuntimeGlobals, 'store'> {
  const u = globals.user;
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(globals.url?.query ?? {})) if (typeof value === 'string') Object.defineProperty(query, key, { value, enumerable: true });
  return frozenPlain({
    user: u ? { name: String(u.name ?? ''), email: String(u.email ?? ''), role: String(u.role ?? '') } : null,
    url: { path: String(globals.url?.path ?? '/'), query },
    mode: globals.mode === 'edit' ? 'edit' : 'view',
  }) as Omit<RuntimeGlobals, 'store'>;
}

/**
 * The meta keys of a widget: those its config declares, plus the key of every setter (a setter
 * without a declared key starts from the property of the same name, so `Button1.setDisabled`
 * works with `disabled` alone), plus `isOpen` on a modal (what `showModal` sets).
 */
function effectiveMetaFromProps(w: RuntimeWidgetSpec): Record<string, string> {
  const out: Record<string, string> = { ...w.metaFromProps };
  for (const key of Object.values(w.setters)) if (!(key in out)) out[key] = key;
  if (w.type === modalWidgetType && !('isOpen' in out)) out.isOpen = 'isOpen';
  return out;
}

/** The graph node id of a widget property: shadowed when a meta key has its name. */
function propNodeId(widget: string, key: string, metaFromProps: Record<string, string>): string {
  return key in metaFromProps ? `${widget}.${key}${shadowedPropSuffix}` : `${widget}.${key}`;
}

function parseValue(template: unknown): ParsedTemplate {
  if (typeof template !== 'string') return { kind: 'constant', value: template };
  const segments = parseTemplate(template);
  const bindings = segments.filter((s) => s.kind === 'binding');
  if (bindings.length === 0) return { kind: 'constant', value: template };
  const first = bindings[0];
  // As `isSingleBinding`, on the segments already parsed: one binding and only white space around it.
  const single = bindings.length === 1 && segments.every((s) => s.kind === 'binding' || s.text.trim() === '');
  if (single && first?.kind === 'binding') return { kind: 'single', expression: first.expression };
  return { kind: 'mixed', segments };
}

/** The source of a binding expression's function: `(function () { return (expression); })` with line breaks. */
function bindingWrapper(expression: string): string {
  return `(function () {\n return (\n${expression}\n);\n})`;
}

/** True when `source` is exactly `wrapper` without its outer parentheses. */
function isWrappedIn(source: string, wrapper: string): boolean {
  // A slice of a long string is a view in V8, not a copy; comparing it is faster than startsWith.
  return source.length === wrapper.length - 2 && source === wrapper.slice(1, -1);
}

/** Prototypes a shared getter follows from its receiver to the entity (an inheriting object); more is not an entity. */
const maxReceiverDepth = 32;

/** Returns its argument from a constructor, so that a subclass field is added to that object. */
class ReturnsArgument {
  constructor(target: object) {
    return target as ReturnsArgument;
  }
}

/** The getter of widget property `key` for the widgets of `owner` (entities, or objects inheriting from one). */
function widgetPropertyGetter(owner: AppInstance, key: string): () => unknown {
  // A method: no `prototype` to freeze and not a constructor, like the arrow it replaces.
  return ({ get(this: unknown): unknown {
    const state = WidgetStates.of(this);
    return state !== undefined && state.owner === owner ? state.slots.get(key)?.value : undefined;
  } }).get;
}

/**
 * Widget state stamped on entity objects as a private field: like a `WeakMap` from entity to
 * state, only the code in this class can read it (user code cannot name the field, harden does
 * not see it, a Proxy does not forward it), but it is read like a property. One class for the
 * module, so the getters' inline caches see one private name; the state names its app instance,
 * which the getters check.
 */
class WidgetStates extends ReturnsArgument {
  readonly #state: WidgetState;
  private constructor(entity: object, state: WidgetState) {
    super(entity);
    this.#state = state;
  }

  static stamp(entity: object, state: WidgetState): void {
    new WidgetStates(entity, state);
  }

  /** The widget state of a getter's receiver: the entity itself or an object inheriting from it. */
  static of(receiver: unknown): WidgetState | undefined {
    let o = receiver;
    for (let depth = 0; depth < maxReceiverDepth && (typeof o === 'object' || typeof o === 'function') && o !== null; depth++) {
      if (#state in o) return (o as WidgetStates).#state;
      o = Reflect.getPrototypeOf(o);
    }
    return undefined;
  }
}

/** The binding expressions of a parsed template as one source, for dependency analysis. */
function bindingSource(parsed: ParsedTemplate): string {
  if (parsed.kind === 'constant') return '';
  if (parsed.kind === 'single') return parsed.expression;
  return parsed.segments.map((s) => (s.kind === 'binding' ? s.expression : '')).join('\n;\n');
}

/** Finds the variables and functions of a JS object by evaluating it in a throwaway compartment. */
function discoverJsObjectShape(code: string, entityNames: ReadonlySet<string>): { vars: string[]; functions: string[] } & ({ expression: string } | { error: string }) {
  const parsed = jsObjectExpression(code);
  if ('error' in parsed) return { vars: [], functions: [], error: parsed.error };
  try {
    // Entities are empty objects here: an initialiser like `Input1.text` reads undefined instead of throwing.
    const stand = Object.fromEntries([...entityNames].map((n) => [n, harden({})]));
    const probe = new Compartment({ __options__: true, name: 'cordon-js-shape', globals: stand as never });
    harden(probe.globalThis);
    const raw: unknown = probe.evaluate(parsed.expression);
    if (raw === null || typeof raw !== 'object') return { vars: [], functions: [], error: 'export default must be an object' };
    const vars: string[] = [];
    const functions: string[] = [];
    for (const key of Reflect.ownKeys(raw)) {
      if (typeof key !== 'string') continue;
      const desc = Reflect.getOwnPropertyDescriptor(raw, key);
      if (!desc || !('value' in desc)) continue;
      (typeof desc.value === 'function' ? functions : vars).push(key);
    }
    return { vars, functions, expression: parsed.expression };
  } catch (error) {
    return { vars: [], functions: [], error: errorMessage(error) };
  }
}

let sharedMath: object | null = null;

/**
 * `Math` with the start compartment's working `random`: one hardened copy for every app instance
 * of the worker (it is immutable, so instances cannot talk through it), instead of a copy per start.
 */
function mathWithRandom(): object {
  if (!sharedMath) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.getOwnPropertyNames(Math)) copy[key] = (Math as unknown as Record<string, unknown>)[key];
    sharedMath = harden(copy);
  }
  return sharedMath;
}

function copyPlain(value: unknown): unknown {
  return toPlain(value);
}

function copyPlainOrUndefined(value: unknown): unknown {
  try { return toPlain(value); } catch { return undefined; }
}

/**
 * `frozenPlain(value)` without its work for the common case: a string, number, boolean, undefined
 * or null is its own plain copy (`toPlain` returns it as it is), so no copy state is allocated for
 * it on every evaluation. Everything else (objects, bigints, functions, symbols) goes through
 * `frozenPlain` as before.
 */
function frozenValue(value: unknown): unknown {
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean' || type === 'undefined' || value === null) return value;
  return frozenPlain(value);
}

/** Text of a value inside mixed text: objects as JSON, nothing for null and undefined. */
function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(toPlain(value));
  return String(value);
}
