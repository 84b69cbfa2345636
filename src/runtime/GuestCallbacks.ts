/// <reference types="ses" />
import type { AppInstanceHooks, HandlerRef } from './AppInstance';
import { frozenPlain } from './plainData';
import type { HostAbortSignal } from './RuntimeHost';

/** How a callback's runs are named (`Button1` / `onClick.setInterval(poll)`) and who registered it. */
type CallbackName = HandlerRef & { owner: HandlerRef };

/** At most this many intervals run at once per page. */
export const maxIntervals = 100;
/** The shortest interval period, in milliseconds. */
export const minIntervalMs = 10;
/**
 * The longest interval period: timers store delays as signed 32-bit integers, and both browsers
 * and Node run a longer (or infinite) delay at their *minimum* interval, below our floor.
 */
export const maxIntervalMs = 2_147_483_647;

/**
 * The callbacks user code hands the engine to call later: intervals and window message
 * listeners; and the page's abort signal, which cancels its `fetch` requests. Each is tracked per page (one AppInstance) and ended by `dispose` when the page
 * is left. Every call of a callback runs as a handler (watchdog, error capture) named after the
 * handler that registered it, e.g. `Button1.onClick.setInterval(poll)`, so its errors are
 * reported against that entity.
 */
export class GuestCallbacks {
  private readonly intervals = new Map<string, unknown>();
  private readonly listeners = new Map<string, { fn: (data: unknown) => unknown; name: CallbackName }>();
  private intervalCount = 0;
  private disposed = false;
  private readonly abortListeners = new Set<() => void>();

  /** Aborted when the page is left (`dispose`): the host cancels the page's `fetch` requests in flight. */
  readonly signal: HostAbortSignal = this.makeSignal();

  constructor(private readonly hooks: AppInstanceHooks, private readonly makeError: (message: string) => Error) {}

  /** `setInterval(fn, ms, id?)`: returns the id; an existing interval with that id is replaced. */
  setInterval(fn: unknown, ms: unknown, id: unknown): string {
    if (typeof fn !== 'function') throw this.makeError('setInterval: the first argument must be a function');
    const key = id === undefined || id === null ? `interval${++this.intervalCount}` : String(id);
    this.clearInterval(key);
    if (this.intervals.size >= maxIntervals) throw this.makeError(`setInterval: at most ${maxIntervals} intervals may run at once`);
    const delay = Math.min(maxIntervalMs, Math.max(minIntervalMs, Number(ms) || 0));
    const name = this.callbackName(`setInterval(${key})`);
    const callback = fn as () => unknown;
    const handle = this.hooks.host.setInterval(() => {
      if (this.disposed) return;
      void this.hooks.runHandler(name.entity, name.event, () => callback(), name.owner);
    }, delay);
    this.intervals.set(key, handle);
    return key;
  }

  /** `clearInterval(id)`: unknown ids are ignored. */
  clearInterval(id: unknown): void {
    const key = String(id);
    if (!this.intervals.has(key)) return;
    this.hooks.host.clearInterval(this.intervals.get(key));
    this.intervals.delete(key);
  }

  /** `windowMessageListener(origin, fn)`: one listener per origin; a second call replaces the first. `origin` is already checked. */
  listen(origin: string, fn: unknown): void {
    if (typeof fn !== 'function') throw this.makeError('windowMessageListener: the second argument must be a function');
    this.listeners.set(origin, { fn: fn as (data: unknown) => unknown, name: this.callbackName(`windowMessageListener(${origin})`) });
    this.announceOrigins();
  }

  /** `unlistenWindowMessage(origin)`: unknown origins are ignored. */
  unlisten(origin: string): void {
    if (this.listeners.delete(origin)) this.announceOrigins();
  }

  /** A message from the embedding parent: calls the listener of exactly this origin with a frozen plain copy of the data. */
  deliver(origin: string, data: unknown): void {
    const listener = this.listeners.get(origin);
    if (!listener || this.disposed) return;
    const copy = frozenPlain(data);
    const { name, fn } = listener;
    void this.hooks.runHandler(name.entity, name.event, () => fn(copy), name.owner);
  }

  /** Ends every interval, listener and `fetch` request in flight of the page. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const listeners = [...this.abortListeners];
    this.abortListeners.clear();
    for (const listener of listeners) listener();
    for (const key of [...this.intervals.keys()]) this.clearInterval(key);
    if (this.listeners.size > 0) {
      this.listeners.clear();
      this.announceOrigins();
    }
  }

  private makeSignal(): HostAbortSignal {
    const isAborted = () => this.disposed;
    return {
      get aborted() { return isAborted(); },
      onAbort: (listener) => {
        if (this.disposed) {
          listener();
          return () => undefined;
        }
        // A wrapper per call, so one listener added twice is removed once per call.
        const entry = () => listener();
        this.abortListeners.add(entry);
        return () => { this.abortListeners.delete(entry); };
      },
    };
  }

  private announceOrigins(): void {
    this.hooks.effect({ kind: 'windowMessageOrigins', origins: [...this.listeners.keys()].sort() });
  }

  /** The handler a callback runs as: named after the handler registering it (or `cordon` when none is running). */
  private callbackName(what: string): CallbackName {
    const owner = this.hooks.currentHandler?.() ?? { entity: 'cordon', event: what };
    return { entity: owner.entity, event: owner.event === what ? what : `${owner.event}.${what}`, owner };
  }
}
