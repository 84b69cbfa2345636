import type { MainToWorker, WorkerToMain } from './protocol';

/** Time budgets before the watchdog declares the worker hung. */
export interface WatchdogBudgets {
  /** For bindings (after input, on start or after an app update). About 1 s. */
  bindingMs: number;
  /** For event handlers, query runs and interval ticks. About 5 s. */
  handlerMs: number;
}

export const defaultWatchdogBudgets: WatchdogBudgets = { bindingMs: 1_000, handlerMs: 5_000 };

/** The verdict when the worker has been busy past its budget. */
export interface WatchdogVerdict {
  /** What was running: `Button1.onClick`, `setInterval.tick`, or `Input1` (bindings that depend on it). */
  culprit: string;
  kind: 'binding' | 'handler';
  message: string;
}

interface Cause { label: string; kind: 'binding' | 'handler' }

/**
 * The pure half of the runtime's watchdog, used by the main-thread bridge. The bridge tells it
 * every message it sends to and receives from the worker, pings the worker regularly, and calls
 * `check(now)`. A worker that leaves a ping unanswered for longer than the budget of what it was
 * last asked to do is hung (SES cannot stop `while (true) {}`); the bridge then terminates it and
 * starts a new one from the last good state. Time is measured from the oldest unanswered ping,
 * so a main thread whose timers are throttled (background tab) does not misjudge an idle worker.
 */
export class Watchdog {
  /** When the oldest ping still unanswered was sent, or null. */
  private pingSince: number | null = null;
  /** Handlers the worker reported as started and not yet done, oldest first. */
  private inFlight: Cause[] = [];
  /** The most recent thing the worker was asked to do synchronously. */
  private lastSync: Cause | null = null;
  private lastSyncAt = 0;
  private lastHandlerAt = 0;
  /** Whether the worker said `booted`: before that it is loading, and no budget applies. */
  private booted = false;

  constructor(private budgets: WatchdogBudgets = defaultWatchdogBudgets) {}

  /** Replaces the budgets (the builder changed the app's handler time limit); applies from the next `check`. */
  setBudgets(budgets: WatchdogBudgets): void {
    this.budgets = budgets;
  }

  sent(message: MainToWorker, now: number): void {
    switch (message.type) {
      case 'ping':
        if (this.pingSince === null) this.pingSince = now;
        break;
      case 'init': case 'updateApp':
        this.setSync({ label: 'bindings', kind: 'binding' }, now); break;
      case 'setMeta':
        this.setSync({ label: message.widget, kind: 'binding' }, now); break;
      case 'trigger':
        this.setSync({ label: `${message.widget}.${message.event}`, kind: 'handler' }, now); break;
      case 'runQuery':
        this.setSync({ label: `${message.query}.run`, kind: 'handler' }, now); break;
      default: break;
    }
  }

  received(message: WorkerToMain, now: number): void {
    if (message.type === 'booted') {
      this.booted = true;
      this.pingSince = null;
    } else if (message.type === 'pong') {
      this.pingSince = null;
    } else if (message.type === 'handlerStart') {
      this.inFlight.push({ label: `${message.widget}.${message.event}`, kind: 'handler' });
      this.lastHandlerAt = now;
    } else if (message.type === 'handlerDone') {
      const label = `${message.widget}.${message.event}`;
      const i = this.inFlight.findIndex((c) => c.label === label);
      if (i !== -1) this.inFlight.splice(i, 1);
      if (this.lastSync?.label === label) this.lastSync = null;
    } else if (message.type === 'values' || message.type === 'ready') {
      if (this.lastSync?.kind === 'binding') this.lastSync = null;
    }
  }

  /** Null while the worker is fine; a verdict once it has been silent past the budget. */
  check(now: number): WatchdogVerdict | null {
    const cause = this.cause();
    const budget = cause.kind === 'handler' ? this.budgets.handlerMs : this.budgets.bindingMs;
    if (this.pingSince === null || !this.booted) return null;
    const silent = now - this.pingSince;
    if (silent <= budget) return null;
    const seconds = Math.round(silent / 100) / 10;
    const message = cause.kind === 'handler'
      ? `${cause.label} kept the runtime busy for more than ${seconds} s and was stopped; the app was restarted from its last good state.`
      : cause.label === 'bindings'
        ? `a binding kept the runtime busy for more than ${seconds} s and was stopped; the app was restarted from its last good state.`
        : `a binding that depends on ${cause.label} kept the runtime busy for more than ${seconds} s and was stopped; the app was restarted from its last good state.`;
    return { culprit: cause.label, kind: cause.kind, message };
  }

  /** Forgets everything (after a restart). */
  reset(): void {
    this.booted = false;
    this.inFlight = [];
    this.lastSync = null;
    this.pingSince = null;
  }

  private setSync(cause: Cause, now: number): void {
    this.lastSync = cause;
    this.lastSyncAt = now;
  }

  /** The likeliest culprit: whichever started last, a synchronous request or a handler in flight. */
  private cause(): Cause {
    const handler = this.inFlight[this.inFlight.length - 1];
    if (handler && (!this.lastSync || this.lastHandlerAt >= this.lastSyncAt)) return handler;
    return this.lastSync ?? handler ?? { label: 'bindings', kind: 'binding' };
  }
}
