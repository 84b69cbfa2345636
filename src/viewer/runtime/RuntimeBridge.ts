import type { ExecuteResponse } from '../../shared';
import type {
  EvaluationError, HostEffect, HostRequest, MainToWorker, RuntimeAppSpec, RuntimeGlobals, RuntimeSnapshot, WorkerToMain,
} from '../../runtime/protocol';
import { defaultWatchdogBudgets, Watchdog, type WatchdogBudgets } from '../../runtime/Watchdog';
import { WindowMessageRelay, type MessageWindow } from '../effects/windowMessages';
import { sessionStoreFor } from './sessionStore';

/** What the bridge needs of the page (the viewer or the editor provides it). */
export interface BridgeHostCallbacks {
  runQuery(queryId: string, params: Record<string, unknown>, signal: AbortSignal): Promise<ExecuteResponse>;
  onEffect(effect: HostEffect): void;
  confirm(message: string): Promise<boolean>;
}

/** The part of a Worker the bridge uses; tests pass a fake. */
export interface WorkerLike {
  postMessage(message: MainToWorker): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<WorkerToMain>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/** What the bridge publishes to React. Replaced (never mutated) on every change. */
export interface BridgeState {
  values: Record<string, Record<string, unknown>>;
  errors: EvaluationError[];
  ready: boolean;
}

export interface RuntimeBridgeOptions {
  appId: string;
  spec: RuntimeAppSpec;
  globals: Omit<RuntimeGlobals, 'store'>;
  host: BridgeHostCallbacks;
  createWorker?: () => WorkerLike;
  /** localStorage, or null where it is unavailable. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /**
   * Where `storeValue(key, value, false)` values live: kept across page switches of one tab,
   * lost on reload. Default: this app's entry in the module-level session store.
   */
  sessionStore?: Record<string, unknown>;
  /** The window whose embedding parent the app talks to (`windowMessageListener`). Default: `window`; null: none. */
  messageWindow?: MessageWindow | null;
  /** Watchdog budgets. Default: `defaultWatchdogBudgets` (bindings 1 s, handlers 5 s); see `setHandlerBudget`. */
  budgets?: WatchdogBudgets;
  pingIntervalMs?: number;
}

/** Sets an own data property, so names like `__proto__` stay ordinary keys. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Restarts allowed within a minute before the bridge gives up (a handler that hangs on every start). */
const maxRestartsPerMinute = 5;

/** Starts the evaluation worker. Vite bundles it as `assets/evaluatorWorker-[hash].js` (the server's CSP contract). */
function startEvaluatorWorker(): WorkerLike {
  return new Worker(new URL('../../runtime/host/evaluatorWorker.ts', import.meta.url), { type: 'module', name: 'evaluatorWorker' }) as unknown as WorkerLike;
}

function browserWindow(): MessageWindow | null {
  return typeof window === 'undefined' ? null : window;
}

function browserStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null {
  try { return typeof localStorage === 'undefined' ? null : localStorage; } catch { return null; }
}

/**
 * The main-thread side of the runtime: owns the evaluation worker, relays its requests to the
 * page (query runs, confirmations, effects), keeps `storeValue` data in localStorage under
 * `cordon:store:<appId>` (session-only values in memory), keeps the one window `message`
 * listener the app's `windowMessageListener`s need, and runs the watchdog that replaces a hung
 * worker with a fresh one started from the last good state (spec, meta, JS variables, query
 * results, store). `dispose()` ends everything the page started: worker (so its intervals),
 * pending requests and the window listener.
 */
export class RuntimeBridge {
  private worker: WorkerLike | null = null;
  private state: BridgeState = { values: {}, errors: [], ready: false };
  private readonly listeners = new Set<() => void>();
  private spec: RuntimeAppSpec;
  private specJson: string;
  private globals: Omit<RuntimeGlobals, 'store'>;
  private globalsJson: string;
  /** The app's store: persisted keys (also in localStorage) plus this session's keys. */
  private store: Record<string, unknown> = {};
  private persisted: Record<string, unknown> = {};
  private readonly session: Record<string, unknown>;
  private readonly relay: WindowMessageRelay;
  private snapshot: RuntimeSnapshot | undefined;
  private workerErrors: EvaluationError[] = [];
  /** Errors the bridge itself reports (watchdog), by `entity.key`. */
  private readonly bridgeErrors = new Map<string, EvaluationError>();
  private readonly watchdog: Watchdog;
  private budgets: WatchdogBudgets;
  private readonly pingTimer: ReturnType<typeof setInterval>;
  private pingSeq = 0;
  private readonly aborts = new Set<AbortController>();
  private restarts: number[] = [];
  private disposed = false;
  private readonly storageKey: string;
  private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  private readonly createWorker: () => WorkerLike;

  constructor(private readonly options: RuntimeBridgeOptions) {
    this.spec = options.spec;
    this.specJson = JSON.stringify(options.spec);
    this.globals = options.globals;
    this.globalsJson = JSON.stringify(options.globals);
    this.storageKey = `cordon:store:${options.appId}`;
    this.storage = options.storage === undefined ? browserStorage() : options.storage;
    this.createWorker = options.createWorker ?? startEvaluatorWorker;
    this.budgets = options.budgets ?? defaultWatchdogBudgets;
    this.watchdog = new Watchdog(this.budgets);
    this.persisted = this.readPersisted();
    this.session = options.sessionStore ?? sessionStoreFor(options.appId);
    this.store = {};
    for (const [key, value] of Object.entries({ ...this.persisted, ...this.session })) setOwn(this.store, key, value);
    this.relay = new WindowMessageRelay(
      options.messageWindow === undefined ? browserWindow() : options.messageWindow,
      ({ origin, data }) => this.post({ type: 'windowMessage', origin, data }),
    );
    this.start(false);
    this.pingTimer = setInterval(() => this.tick(), options.pingIntervalMs ?? 250);
  }

  getState = (): BridgeState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  setMeta(widget: string, patch: Record<string, unknown>): void {
    this.post({ type: 'setMeta', widget, patch });
  }

  trigger(widget: string, event: string): void {
    this.post({ type: 'trigger', widget, event });
  }

  runQuery(query: string): void {
    this.post({ type: 'runQuery', query });
  }

  /**
   * Sets how long a handler, query run or interval tick may keep the worker busy (the app's
   * `settings.handlerTimeoutMs`); the binding budget stays. Takes effect without a restart.
   */
  setHandlerBudget(handlerMs: number): void {
    if (handlerMs === this.budgets.handlerMs) return;
    this.budgets = { ...this.budgets, handlerMs };
    this.watchdog.setBudgets(this.budgets);
  }

  /** A new spec (editor edits): the worker re-initialises, keeping state where names still match. */
  updateSpec(spec: RuntimeAppSpec): void {
    const json = JSON.stringify(spec);
    if (json === this.specJson) return;
    this.spec = spec;
    this.specJson = json;
    this.post({ type: 'updateApp', app: spec });
  }

  updateGlobals(globals: Omit<RuntimeGlobals, 'store'>): void {
    const json = JSON.stringify(globals);
    if (json === this.globalsJson) return;
    this.globals = globals;
    this.globalsJson = json;
    this.post({ type: 'updateGlobals', globals });
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.pingTimer);
    for (const abort of this.aborts) abort.abort();
    this.aborts.clear();
    this.relay.dispose();
    this.worker?.terminate();
    this.worker = null;
    this.listeners.clear();
  }

  private start(restarted: boolean): void {
    const worker = this.createWorker();
    this.worker = worker;
    worker.onmessage = (event) => { if (this.worker === worker) this.onMessage(event.data); };
    worker.onerror = (event) => {
      if (this.worker !== worker) return;
      this.bridgeErrors.set('runtime.worker', { entity: 'runtime', key: 'worker', message: `the evaluation worker failed: ${event.message || 'it could not start'}` });
      this.publish({});
    };
    this.watchdog.reset();
    this.post({
      type: 'init',
      app: this.spec,
      globals: { ...this.globals, store: this.store },
      ...(this.snapshot ? { snapshot: this.snapshot } : {}),
      ...(restarted ? { skipRunOnLoad: true } : {}),
    });
  }

  private post(message: MainToWorker): void {
    if (!this.worker || this.disposed) return;
    this.watchdog.sent(message, Date.now());
    this.worker.postMessage(message);
  }

  private tick(): void {
    if (!this.worker) return;
    const verdict = this.watchdog.check(Date.now());
    if (verdict) {
      this.restart(verdict.culprit, verdict.message);
      return;
    }
    this.post({ type: 'ping', seq: ++this.pingSeq });
  }

  private restart(culprit: string, message: string): void {
    this.worker?.terminate();
    this.worker = null;
    for (const abort of this.aborts) abort.abort();
    this.aborts.clear();
    const dot = culprit.indexOf('.');
    const error = dot === -1 ? { entity: culprit, key: 'bindings', message } : { entity: culprit.slice(0, dot), key: culprit.slice(dot + 1), message };
    this.bridgeErrors.set(`${error.entity}.${error.key}`, error);
    // The new worker starts without listeners; it announces its origins again when it has some.
    this.relay.setOrigins([]);
    const now = Date.now();
    this.restarts = [...this.restarts.filter((t) => now - t < 60_000), now];
    if (this.restarts.length > maxRestartsPerMinute) {
      this.bridgeErrors.set('runtime.worker', { entity: 'runtime', key: 'worker', message: 'the runtime hung too often and was stopped; reload the page' });
      this.publish({ ready: false });
      return;
    }
    this.publish({});
    this.start(true);
  }

  private onMessage(message: WorkerToMain): void {
    this.watchdog.received(message, Date.now());
    switch (message.type) {
      case 'ready':
        this.publish({ ready: true });
        return;
      case 'values': {
        let values = this.state.values;
        if (message.changes.length > 0) {
          values = { ...values };
          const touched = new Set<string>();
          for (const change of message.changes) {
            if (!touched.has(change.entity)) {
              setOwn(values, change.entity, { ...values[change.entity] });
              touched.add(change.entity);
            }
            setOwn(values[change.entity] as Record<string, unknown>, change.key, change.value);
          }
        }
        this.workerErrors = message.errors;
        this.publish({ values });
        return;
      }
      case 'snapshot':
        this.snapshot = message.snapshot;
        return;
      case 'effect':
        this.applyEffect(message.effect);
        return;
      case 'request':
        void this.answer(message.requestId, message.request);
        return;
      case 'handlerDone':
        // A handler that completes again clears the watchdog's error about it.
        if (message.ok && this.bridgeErrors.delete(`${message.widget}.${message.event}`)) this.publish({});
        return;
      default:
        return;
    }
  }

  private applyEffect(effect: HostEffect): void {
    if (effect.kind === 'windowMessageOrigins') {
      this.relay.setOrigins(Array.isArray(effect.origins) ? effect.origins : []);
      return;
    }
    if (effect.kind === 'storeValue') {
      // A key lives in exactly one place: localStorage (persist) or this tab's session.
      setOwn(this.store, effect.key, effect.value);
      if (effect.persist) {
        setOwn(this.persisted, effect.key, effect.value);
        delete this.session[effect.key];
      } else {
        delete this.persisted[effect.key];
        setOwn(this.session, effect.key, effect.value);
      }
      this.writePersisted();
    } else if (effect.kind === 'removeValue') {
      delete this.store[effect.key];
      delete this.persisted[effect.key];
      delete this.session[effect.key];
      this.writePersisted();
    } else if (effect.kind === 'clearStore') {
      this.store = {};
      this.persisted = {};
      for (const key of Object.keys(this.session)) delete this.session[key];
      this.writePersisted();
    }
    try {
      this.options.host.onEffect(effect);
    } catch {
      // A failing effect handler on the page must not break the runtime.
    }
  }

  private async answer(requestId: number, request: HostRequest): Promise<void> {
    const worker = this.worker;
    const reply = (message: MainToWorker) => { if (this.worker === worker) this.post(message); };
    try {
      if (request.kind === 'confirm') {
        reply({ type: 'reply', requestId, ok: true, value: await this.options.host.confirm(request.message) });
        return;
      }
      const abort = new AbortController();
      this.aborts.add(abort);
      const timeoutMs = this.spec.queries.find((q) => q.id === request.queryId)?.timeoutMs ?? 10_000;
      const timer = setTimeout(() => abort.abort(), timeoutMs + 1_000);
      try {
        const response = await this.options.host.runQuery(request.queryId, request.params, abort.signal);
        reply({ type: 'reply', requestId, ok: true, value: response });
      } finally {
        clearTimeout(timer);
        this.aborts.delete(abort);
      }
    } catch (error) {
      reply({ type: 'reply', requestId, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private publish(patch: Partial<BridgeState>): void {
    this.state = { ...this.state, ...patch, errors: [...this.bridgeErrors.values(), ...this.workerErrors] };
    for (const listener of this.listeners) listener();
  }

  private readPersisted(): Record<string, unknown> {
    try {
      const raw = this.storage?.getItem(this.storageKey);
      const parsed: unknown = raw ? JSON.parse(raw) : {};
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }

  private writePersisted(): void {
    try {
      if (Object.keys(this.persisted).length === 0) this.storage?.removeItem(this.storageKey);
      else this.storage?.setItem(this.storageKey, JSON.stringify(this.persisted));
    } catch {
      // Storage full or disabled: the value still lives for this session.
    }
  }
}
