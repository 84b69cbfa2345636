/// <reference types="ses" />
import { AppInstance, type HandlerRef, type ValueSlot } from './AppInstance';
import { errorMessage } from './errorMessage';
import { plainKey } from './plainData';
import type { EvaluationError, HostEffect, HostRequest, MainToWorker, RuntimeAppSpec, RuntimeGlobals, RuntimeSnapshot, ValueChange } from './protocol';
import type { RuntimeHost } from './RuntimeHost';

/** The evaluation engine as its host drives it: messages in, messages out through `host.send`. */
export interface Engine {
  receive(message: MainToWorker): void;
  /** Stops intervals and rejects pending requests. */
  dispose(): void;
}

/** What the main thread last received for one `Entity.key`, and where the engine reads it now. */
interface SentValue {
  readonly id: string;
  readonly entity: string;
  readonly key: string;
  /** False until a value was sent (a record is made for every id flushed, sent or not). */
  sent: boolean;
  /** The value last sent: a frozen plain copy or a primitive. */
  value: unknown;
  /** plainKey of `value`, built only when an object had to be compared. */
  plain: string | undefined;
  /** The app instance `slot` was looked up in: a new instance (an edit, a new page) looks again. */
  app: AppInstance | null;
  /** The widget value slot of `entity.key` in `app`, or undefined for queries and JS objects (read by name). */
  slot: ValueSlot | undefined;
  /** Waiting in the engine's list of values to flush. */
  dirty: boolean;
  /** The app instance that listed this value among its own when it started (then it is sent even when undefined). */
  exposedIn: AppInstance | null;
}

function newRecord(id: string, entity: string, key: string): SentValue {
  return { id, entity, key, sent: false, value: undefined, plain: undefined, app: null, slot: undefined, dirty: false, exposedIn: null };
}

const isObject = (value: unknown): boolean => (typeof value === 'object' && value !== null) || typeof value === 'function';

/** Flushes in a row caused only by JS variables changing in place (not by input) before the engine gives up. */
const maxSweepRounds = 20;

/**
 * Creates the engine. It needs SES's `lockdown()` to have run in this realm (the worker host
 * and the tests import src/runtime/host/sesLockdown.ts first). One engine runs one app at a time.
 */
export function createEngine(host: RuntimeHost): Engine {
  let app: AppInstance | null = null;
  let globals: Omit<RuntimeGlobals, 'store'> | null = null;
  let nextRequestId = 1;
  /** Requests awaiting a reply, with the page (app instance) that made them. */
  const pending = new Map<number, { owner: AppInstance | null; resolve(value: unknown): void; reject(error: Error): void }>();
  /** Handlers running now, oldest first; `syncHandler` is the one whose synchronous step runs. */
  const running: Array<HandlerRef & { owner: HandlerRef }> = [];
  let syncHandler: HandlerRef | null = null;
  /** `Entity.key` -> what the main thread last received for it; one lookup per changed value. */
  const sent = new Map<string, SentValue>();
  /** Values to flush, each once (`record.dirty`). */
  let dirty: SentValue[] = [];
  let lastErrorsKey = '';
  let lastErrors: EvaluationError[] = [];
  /** The app instance and `errorsVersion` of the errors last compared: unchanged, no list is built. */
  let lastErrorsVersion: { app: AppInstance | null; version: number } = { app: null, version: -1 };
  /** The app instance and `snapshotVersion` of the snapshot last posted. */
  let lastSnapshotVersion: { app: AppInstance | null; version: number } = { app: null, version: 0 };
  let flushScheduled = false;
  let sweepRounds = 0;

  const hooks = {
    host,
    request(request: HostRequest): Promise<unknown> {
      const requestId = nextRequestId++;
      return new Promise<unknown>((resolve, reject) => {
        pending.set(requestId, { owner: app, resolve, reject });
        host.send({ type: 'request', requestId, request });
      });
    },
    effect(effect: HostEffect) {
      host.send({ type: 'effect', effect });
    },
    changed(ids: Iterable<string>) {
      for (const id of ids) markDirty(recordOf(id));
      scheduleFlush();
    },
    changedSlots(slots: readonly ValueSlot[]) {
      for (const slot of slots) {
        // The slot carries its record once the engine has seen it: no lookup by id per update.
        const record = slot.sentRecord as SentValue | undefined;
        if (record !== undefined && record.slot === slot) markDirty(record);
        else markDirty(recordOf(slot.id));
      }
      scheduleFlush();
    },
    currentHandler(): HandlerRef | null {
      return syncHandler ?? running[running.length - 1]?.owner ?? null;
    },
    async runHandler(entity: string, event: string, body: () => unknown, registeredBy?: HandlerRef): Promise<{ ok: boolean; error?: string }> {
      const owner = app;
      // A handler may run away and get the worker restarted: the restart state then holds all
      // input up to its start, as when the snapshot was posted after every flush.
      postSnapshotIfChanged();
      host.send({ type: 'handlerStart', widget: entity, event });
      const record = { entity, event, owner: registeredBy ?? { entity, event } };
      running.push(record);
      let result: { ok: boolean; error?: string };
      try {
        let step: unknown;
        const previous = syncHandler;
        syncHandler = record.owner;
        try { step = body(); } finally { syncHandler = previous; }
        await step;
        owner?.handlerErrors.delete(`${entity}.${event}`);
        result = { ok: true };
      } catch (error) {
        const message = errorMessage(error);
        owner?.handlerErrors.set(`${entity}.${event}`, message);
        result = { ok: false, error: message };
      } finally {
        running.splice(running.indexOf(record), 1);
      }
      sweepRounds = 0;
      host.send({ type: 'handlerDone', widget: entity, event, ...result });
      scheduleFlush();
      return result;
    },
  };

  /** The record of `id`, made on first use. */
  function recordOf(id: string): SentValue {
    let record = sent.get(id);
    if (!record) {
      const dot = id.indexOf('.');
      sent.set(id, (record = newRecord(id, id.slice(0, dot), id.slice(dot + 1))));
    }
    return record;
  }

  function markDirty(record: SentValue): void {
    if (record.dirty) return;
    record.dirty = true;
    dirty.push(record);
  }

  /** plainKey of the value last sent for `id`, or undefined when nothing was sent (JS variables swept for in-place changes). */
  function sentKeyOf(id: string): string | undefined {
    const record = sent.get(id);
    if (!record?.sent) return undefined;
    return (record.plain ??= plainKey(record.value));
  }

  function scheduleFlush(): void {
    if (flushScheduled) return;
    flushScheduled = true;
    void Promise.resolve().then(flush);
  }

  function flush(): void {
    flushScheduled = false;
    if (!app) return;
    // JS object variables mutated in place (`this.items.push(x)`) are found here.
    const swept = app.sweepJsVariables(sentKeyOf);
    if (swept.length > 0) {
      if (++sweepRounds <= maxSweepRounds) app.propagate(swept);
      else for (const id of swept) app.bindingErrors.set(id, 'this variable changes every time it is read (a data field mutates it in place)');
    }
    const changes: ValueChange[] = [];
    let exposed: Set<string> | null = null;
    const flushing = dirty;
    dirty = [];
    for (const record of flushing) {
      record.dirty = false;
      if (record.app !== app) {
        record.app = app;
        record.slot = app.valueSlot(record.entity, record.key);
        if (record.slot) record.slot.sentRecord = record;
      }
      const value = record.slot ? record.slot.value : app.readValue(record.entity, record.key);
      if (record.sent) {
        // Values the engine reads are frozen plain copies or primitives: the same value means the
        // same content, and two different primitives differ. Only objects are compared as JSON.
        if (Object.is(record.value, value)) continue;
        if (isObject(value) || isObject(record.value)) {
          const k = plainKey(value);
          if ((record.plain ??= plainKey(record.value)) === k) {
            record.value = value;
            continue;
          }
          record.plain = k;
        } else {
          record.plain = undefined;
        }
      } else if (value === undefined && record.exposedIn !== app) {
        // Never sent and undefined: only worth sending when the entity really has this key.
        exposed ??= new Set(app.valueIds());
        if (!exposed.has(record.id)) continue;
        record.plain = undefined;
      } else {
        record.plain = undefined;
      }
      record.sent = true;
      record.value = value;
      changes.push({ entity: record.entity, key: record.key, value });
    }
    // The error list is built and serialised only when an error map changed since the last flush
    // (or the app instance was replaced); otherwise the list last compared is still current.
    let errorsChanged = false;
    if (lastErrorsVersion.app !== app || lastErrorsVersion.version !== app.errorsVersion) {
      lastErrorsVersion = { app, version: app.errorsVersion };
      lastErrors = app.errors();
      const errorsKey = JSON.stringify(lastErrors);
      errorsChanged = errorsKey !== lastErrorsKey;
      lastErrorsKey = errorsKey;
    }
    if (changes.length > 0 || errorsChanged) host.send({ type: 'values', changes, errors: lastErrors });
  }

  /**
   * Posts the restart snapshot if it may have changed since the last one posted. Called when
   * answering a ping and before a handler starts, not after every flush: building it walks all
   * meta, JS variables and query results, too much per keystroke. The watchdog only restarts a
   * worker that stopped answering pings: a runaway handler restarts from the state at its start;
   * otherwise the bridge's snapshot is at most one ping interval older than what it last saw.
   */
  function postSnapshotIfChanged(): void {
    if (!app) return;
    if (lastSnapshotVersion.app === app && lastSnapshotVersion.version === app.snapshotVersion) return;
    lastSnapshotVersion = { app, version: app.snapshotVersion };
    host.send({ type: 'snapshot', snapshot: app.snapshot() });
  }

  function start(spec: RuntimeAppSpec, g: RuntimeGlobals, snapshot: RuntimeSnapshot | undefined, runOnLoad: boolean, newPage: boolean): void {
    app?.dispose();
    if (newPage) {
      // Requests of the page being left end with it; their late replies are ignored.
      for (const [id, waiter] of pending) {
        if (waiter.owner === null || waiter.owner !== app) continue;
        pending.delete(id);
        waiter.reject(new Error('the page was left'));
      }
    }
    const next = new AppInstance(spec, g, snapshot, hooks);
    app = next;
    // Every value of the new instance is flushed (unchanged ones are not sent again).
    next.forEachValue((id, entity, key, slot) => {
      let record = sent.get(id);
      if (!record) sent.set(id, (record = newRecord(id, entity, key)));
      record.app = next;
      record.slot = slot;
      if (slot) slot.sentRecord = record;
      record.exposedIn = next;
      markDirty(record);
    });
    // Values of entities that no longer exist are cleared on the main thread.
    for (const record of sent.values()) if (record.sent && record.app !== next) markDirty(record);
    flush();
    if (runOnLoad) {
      const current = app;
      for (const q of spec.queries) {
        if (q.runOnLoad) void hooks.runHandler(q.name, 'run', () => (current.compartment.globalThis[q.name] as { run(): Promise<unknown> }).run());
      }
      // JS functions marked run-on-load run once, in view mode only (the editor does not run handlers).
      if (current.globals.mode === 'view') {
        for (const [object, fn] of current.runOnLoadFunctions()) {
          void hooks.runHandler(object, fn, () => (current.compartment.globalThis[object] as Record<string, () => unknown>)[fn]?.());
        }
      }
    }
  }

  function receive(message: MainToWorker): void {
    switch (message.type) {
      case 'ping':
        // The snapshot first: when the pong arrives, the bridge holds the state it stands for.
        postSnapshotIfChanged();
        host.send({ type: 'pong', seq: message.seq });
        return;
      case 'init':
        globals = { user: message.globals.user, url: message.globals.url, mode: message.globals.mode };
        start(message.app, message.globals, message.snapshot, message.skipRunOnLoad !== true, true);
        host.send({ type: 'ready' });
        return;
      case 'updateApp':
        if (!app || !globals) return;
        start(message.app, { ...globals, store: app.store }, app.snapshot(), false, false);
        return;
      case 'updateGlobals':
        globals = { user: message.globals.user, url: message.globals.url, mode: message.globals.mode };
        app?.setGlobals(globals);
        return;
      case 'setMeta':
        sweepRounds = 0;
        app?.setMeta(message.widget, message.patch);
        return;
      case 'trigger':
        void trigger(message.widget, message.event);
        return;
      case 'windowMessage':
        app?.callbacks.deliver(String(message.origin), message.data);
        return;
      case 'runQuery': {
        const current = app;
        if (!current || !current.queries.has(message.query)) {
          host.send({ type: 'handlerDone', widget: message.query, event: 'run', ok: false, error: `no query named ${message.query}` });
          return;
        }
        void hooks.runHandler(message.query, 'run', () => (current.compartment.globalThis[message.query] as { run(): Promise<unknown> }).run());
        return;
      }
      case 'reply': {
        const waiter = pending.get(message.requestId);
        if (!waiter) return;
        pending.delete(message.requestId);
        if (message.ok) waiter.resolve(message.value);
        else waiter.reject(new Error(message.error));
        return;
      }
    }
  }

  async function trigger(widget: string, event: string): Promise<void> {
    const current = app;
    if (!current) return;
    if (current.globals.mode === 'edit') {
      host.send({ type: 'handlerDone', widget, event, ok: false, error: 'event handlers do not run in edit mode' });
      return;
    }
    let fn: (() => unknown) | null;
    try {
      fn = current.handlerFunction(widget, event);
    } catch (error) {
      const message = errorMessage(error);
      current.handlerErrors.set(`${widget}.${event}`, message);
      host.send({ type: 'handlerDone', widget, event, ok: false, error: message });
      scheduleFlush();
      return;
    }
    if (!fn) {
      host.send({ type: 'handlerDone', widget, event, ok: true });
      return;
    }
    const handler = fn;
    await hooks.runHandler(widget, event, () => handler());
  }

  return {
    receive,
    dispose() {
      app?.dispose();
      app = null;
      for (const waiter of pending.values()) waiter.reject(new Error('the runtime stopped'));
      pending.clear();
    },
  };
}
