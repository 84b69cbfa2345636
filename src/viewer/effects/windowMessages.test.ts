import { describe, expect, it } from 'vitest';
import { acceptWindowMessage, isEmbedded, WindowMessageRelay, type MessageWindow } from './windowMessages';

const parent = { name: 'parent' };
const frame = { parent };
const origins = new Set(['https://parent.example']);

describe('acceptWindowMessage', () => {
  it('accepts a message from the embedding parent on a listened origin, as a plain copy', () => {
    const data = { text: 'hi', nested: { n: [1, 2] } };
    const accepted = acceptWindowMessage({ source: parent, origin: 'https://parent.example', data }, frame, origins);
    expect(accepted).toEqual({ origin: 'https://parent.example', data });
    expect(accepted?.data).not.toBe(data);
  });

  it('requires the exact origin: no prefix, no other port, no other scheme, no "null"', () => {
    for (const origin of ['https://parent.example:8443', 'http://parent.example', 'https://parent.example.evil', 'null', '', 'https://PARENT.example/']) {
      expect(acceptWindowMessage({ source: parent, origin, data: 1 }, frame, origins)).toBeNull();
    }
  });

  it('ignores messages not sent by the parent window itself, and everything when not embedded', () => {
    expect(acceptWindowMessage({ source: {}, origin: 'https://parent.example', data: 1 }, frame, origins)).toBeNull();
    expect(acceptWindowMessage({ source: null, origin: 'https://parent.example', data: 1 }, frame, origins)).toBeNull();
    const top: { parent: unknown } = { parent: null };
    top.parent = top;
    expect(isEmbedded(top)).toBe(false);
    expect(acceptWindowMessage({ source: top, origin: 'https://parent.example', data: 1 }, top, origins)).toBeNull();
  });

  it('forwards structured data only: functions and accessors are dropped, circular data is refused', () => {
    let called = false;
    const data = { keep: 1, fn: () => 1, get trap() { called = true; return 2; } };
    expect(acceptWindowMessage({ source: parent, origin: 'https://parent.example', data }, frame, origins)?.data).toEqual({ keep: 1 });
    expect(called).toBe(false);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(acceptWindowMessage({ source: parent, origin: 'https://parent.example', data: circular }, frame, origins)).toBeNull();
  });
});

describe('WindowMessageRelay', () => {
  function fakeWindow(embedded: boolean) {
    const listeners: Array<(event: MessageEvent) => void> = [];
    const win: MessageWindow & { listeners: typeof listeners } = {
      parent: embedded ? parent : null,
      listeners,
      addEventListener: (_t, l) => { listeners.push(l); },
      removeEventListener: (_t, l) => { listeners.splice(listeners.indexOf(l), 1); },
    };
    if (!embedded) (win as { parent: unknown }).parent = win;
    return win;
  }

  it('never listens when the app is not embedded', () => {
    const win = fakeWindow(false);
    const relay = new WindowMessageRelay(win, () => undefined);
    relay.setOrigins(['https://parent.example']);
    expect(relay.isListening).toBe(false);
    expect(win.listeners).toHaveLength(0);
  });

  it('keeps one listener while some origin is listened to, and drops "*"', () => {
    const win = fakeWindow(true);
    const delivered: unknown[] = [];
    const relay = new WindowMessageRelay(win, (m) => delivered.push(m));
    relay.setOrigins(['*']);
    expect(win.listeners).toHaveLength(0);
    relay.setOrigins(['https://a.example']);
    relay.setOrigins(['https://a.example', 'https://b.example']);
    expect(win.listeners).toHaveLength(1);
    win.listeners[0]?.({ source: parent, origin: 'https://b.example', data: 'x' } as MessageEvent);
    win.listeners[0]?.({ source: parent, origin: 'https://c.example', data: 'y' } as MessageEvent);
    expect(delivered).toEqual([{ origin: 'https://b.example', data: 'x' }]);
    relay.dispose();
    expect(win.listeners).toHaveLength(0);
  });
});
