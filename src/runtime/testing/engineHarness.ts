import { createEngine, type Engine } from '../Engine';
import { toPlain } from '../plainData';
import type { EvaluationError, HostEffect, HostRequest, MainToWorker, RuntimeAppSpec, RuntimeGlobals, RuntimeQuerySpec, RuntimeSnapshot, RuntimeWidgetSpec, WorkerToMain } from '../protocol';
import type { RuntimeHost } from '../RuntimeHost';

/** The platform parts a test passes in (the harness itself stays platform-free). */
export type HarnessPlatform = Pick<RuntimeHost, 'fetch' | 'setInterval' | 'clearInterval'> & { baseUrl?: string };

export interface HarnessOptions {
  platform: HarnessPlatform;
  globals?: Partial<RuntimeGlobals>;
  snapshot?: RuntimeSnapshot;
  /** Answers `runQuery` requests; default: no rows. */
  runQuery?(queryId: string, params: Record<string, unknown>): Promise<unknown> | unknown;
  /** Answers `confirm` requests (may be late: a Promise); default: yes. */
  confirm?(message: string): boolean | Promise<boolean>;
}

/**
 * Drives an engine under Node the way the main-thread bridge does: it keeps the values from
 * `values` messages, answers requests, and records effects and handler results.
 */
export class EngineHarness {
  readonly engine: Engine;
  readonly messages: WorkerToMain[] = [];
  readonly values: Record<string, Record<string, unknown>> = {};
  errors: EvaluationError[] = [];
  readonly effects: HostEffect[] = [];
  readonly requests: HostRequest[] = [];
  private lastSnapshot: RuntimeSnapshot | null = null;
  private pingSeq = 0;

  /**
   * The restart snapshot as the bridge would hold it. The engine posts snapshots when it answers a
   * ping (the bridge pings every 250 ms), so reading this pings first, like a bridge tick.
   */
  get snapshot(): RuntimeSnapshot | null {
    this.send({ type: 'ping', seq: ++this.pingSeq });
    return this.lastSnapshot;
  }

  constructor(app: RuntimeAppSpec, private readonly options: HarnessOptions) {
    const host: RuntimeHost = {
      send: (message) => this.onMessage(message),
      fetch: options.platform.fetch,
      setInterval: options.platform.setInterval,
      clearInterval: options.platform.clearInterval,
      baseUrl: options.platform.baseUrl ?? 'http://127.0.0.1/',
    };
    this.engine = createEngine(host);
    const globals: RuntimeGlobals = { store: {}, user: null, url: { path: '/', query: {} }, mode: 'view', ...options.globals };
    this.send({ type: 'init', app, globals, ...(options.snapshot ? { snapshot: options.snapshot } : {}) });
  }

  send(message: MainToWorker): void {
    // Like postMessage, the engine receives a copy, never the sender's objects.
    this.engine.receive(toPlain(message) as MainToWorker);
  }

  value(entity: string, key: string): unknown {
    return this.values[entity]?.[key];
  }

  errorOf(entity: string, key: string): string | undefined {
    return this.errors.find((e) => e.entity === entity && e.key === key)?.message;
  }

  /** Lets queued microtasks and replies run. */
  async settle(rounds = 5): Promise<void> {
    for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => { void Promise.resolve().then(() => resolve()); });
  }

  /** Fires an event and resolves with its handlerDone message. */
  async trigger(widget: string, event: string): Promise<Extract<WorkerToMain, { type: 'handlerDone' }>> {
    const done = this.waitFor((m): m is Extract<WorkerToMain, { type: 'handlerDone' }> => m.type === 'handlerDone' && m.widget === widget && m.event === event);
    this.send({ type: 'trigger', widget, event });
    const result = await done;
    await this.settle();
    return result;
  }

  /** Resolves with the next message that matches. */
  waitFor<T extends WorkerToMain>(match: (m: WorkerToMain) => m is T): Promise<T> {
    const from = this.messages.length;
    return new Promise<T>((resolve) => {
      const check = () => {
        const found = this.messages.slice(from).find(match);
        if (found) resolve(found);
        else this.waiters.push(check);
      };
      check();
    });
  }

  private waiters: Array<() => void> = [];

  private onMessage(message: WorkerToMain): void {
    const copy = toPlain(message) as WorkerToMain;
    this.messages.push(copy);
    if (copy.type === 'values') {
      for (const change of copy.changes) (this.values[change.entity] ??= {})[change.key] = change.value;
      this.errors = copy.errors;
    } else if (copy.type === 'effect') {
      this.effects.push(copy.effect);
    } else if (copy.type === 'snapshot') {
      this.lastSnapshot = copy.snapshot;
    } else if (copy.type === 'request') {
      this.requests.push(copy.request);
      void this.answer(copy.requestId, copy.request);
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async answer(requestId: number, request: HostRequest): Promise<void> {
    try {
      const value = request.kind === 'runQuery'
        ? await (this.options.runQuery?.(request.queryId, request.params) ?? { rows: [], fields: [], rowCount: 0, truncated: false, durationMs: 0 })
        : await (this.options.confirm?.(request.message) ?? true);
      this.send({ type: 'reply', requestId, ok: true, value });
    } catch (error) {
      this.send({ type: 'reply', requestId, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** A widget spec with defaults, for tests. */
export function widget(name: string, type: string, props: RuntimeWidgetSpec['props'], extra: Partial<RuntimeWidgetSpec> = {}): RuntimeWidgetSpec {
  const eventProps = extra.eventProps ?? Object.keys(props).filter((k) => /^on[A-Z]/.test(k));
  return { name, type, props, eventProps, metaFromProps: {}, setters: {}, ...extra };
}

/** An Input widget as the registry describes it. */
export function input(name: string, props: RuntimeWidgetSpec['props'] = {}): RuntimeWidgetSpec {
  return widget(name, 'input', { label: '', defaultText: '', ...props }, { metaFromProps: { text: 'defaultText' }, setters: { setValue: 'text' } });
}

/** A query spec with defaults, for tests. */
export function query(name: string, bindings: string[] = [], extra: Partial<RuntimeQuerySpec> = {}): RuntimeQuerySpec {
  return { id: `${name}-id`, name, bindings, runOnLoad: false, confirm: false, timeoutMs: 10_000, ...extra };
}
