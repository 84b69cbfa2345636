import { describe, expect, it } from 'vitest';
import { Watchdog } from './Watchdog';

const budgets = { bindingMs: 1_000, handlerMs: 5_000 };

/** A watchdog whose worker has loaded (`booted`), as after every real start. */
function bootedWatchdog(): Watchdog {
  const w = new Watchdog(budgets);
  w.received({ type: 'booted' }, 0);
  return w;
}

describe('Watchdog', () => {
  it('stays quiet while pings are answered, however long handlers wait on I/O', () => {
    const w = bootedWatchdog();
    w.sent({ type: 'trigger', widget: 'B', event: 'onClick' }, 0);
    w.received({ type: 'handlerStart', widget: 'B', event: 'onClick' }, 1);
    for (let t = 0; t < 60_000; t += 250) {
      w.sent({ type: 'ping', seq: t }, t);
      expect(w.check(t + 200)).toBeNull();
      w.received({ type: 'pong', seq: t }, t + 5);
    }
  });

  it('names the handler that keeps the worker busy past the handler budget', () => {
    const w = bootedWatchdog();
    w.sent({ type: 'trigger', widget: 'Button1', event: 'onClick' }, 0);
    w.received({ type: 'handlerStart', widget: 'Button1', event: 'onClick' }, 1);
    w.sent({ type: 'ping', seq: 1 }, 10);
    expect(w.check(4_000)).toBeNull();
    const verdict = w.check(5_100);
    expect(verdict).toMatchObject({ culprit: 'Button1.onClick', kind: 'handler' });
    expect(verdict?.message).toMatch(/Button1\.onClick kept the runtime busy/);
  });

  it('uses the binding budget after an input change and names the widget', () => {
    const w = bootedWatchdog();
    w.sent({ type: 'setMeta', widget: 'Input1', patch: { text: 'x' } }, 0);
    w.sent({ type: 'ping', seq: 1 }, 100);
    expect(w.check(1_000)).toBeNull();
    expect(w.check(1_200)).toMatchObject({ culprit: 'Input1', kind: 'binding' });
  });

  it('names an interval tick, and forgets finished handlers', () => {
    const w = bootedWatchdog();
    w.received({ type: 'handlerStart', widget: 'B', event: 'onClick' }, 0);
    w.received({ type: 'handlerDone', widget: 'B', event: 'onClick', ok: true }, 1);
    w.received({ type: 'handlerStart', widget: 'setInterval', event: 'clock' }, 2);
    w.sent({ type: 'ping', seq: 1 }, 3);
    expect(w.check(6_000)).toMatchObject({ culprit: 'setInterval.clock', kind: 'handler' });
  });

  it('a throttled main thread does not misjudge an idle worker (time counts from the unanswered ping)', () => {
    const w = bootedWatchdog();
    w.sent({ type: 'ping', seq: 1 }, 0);
    w.received({ type: 'pong', seq: 1 }, 2);
    // The next tick comes a minute later (background tab): no ping is outstanding.
    expect(w.check(60_000)).toBeNull();
    w.sent({ type: 'ping', seq: 2 }, 60_000);
    expect(w.check(60_500)).toBeNull();
  });

  it('does not judge a worker that is still loading, however slow the machine', () => {
    const w = new Watchdog(budgets);
    w.sent({ type: 'init', app: { widgets: [], queries: [], jsObjects: [] }, globals: { store: {}, user: null, url: { path: '/', query: {} }, mode: 'view' } }, 0);
    w.sent({ type: 'ping', seq: 1 }, 10);
    expect(w.check(20_000)).toBeNull();
    // Once loaded, the init's bindings get the binding budget from the next unanswered ping.
    w.received({ type: 'booted' }, 20_001);
    w.sent({ type: 'ping', seq: 2 }, 20_010);
    expect(w.check(20_900)).toBeNull();
    expect(w.check(21_100)).toMatchObject({ culprit: 'bindings', kind: 'binding' });
  });

  it('reset forgets a pending ping and waits for the new worker to load', () => {
    const w = bootedWatchdog();
    w.reset();
    w.sent({ type: 'ping', seq: 3 }, 10_000);
    expect(w.check(30_000)).toBeNull();
  });

  it('reset forgets a pending ping', () => {
    const w = bootedWatchdog();
    w.sent({ type: 'ping', seq: 1 }, 0);
    w.reset();
    expect(w.check(10_000)).toBeNull();
  });
});
