import { toPlain } from '../../runtime/plainData';

/** The part of `window` the relay uses; tests pass a fake. */
export interface MessageWindow {
  readonly parent: unknown;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/** A message the relay hands to the worker: its origin and a plain-data copy of its data. */
export interface AcceptedWindowMessage {
  origin: string;
  data: unknown;
}

/** True when the page runs inside a frame, i.e. there is an embedding parent to talk to. */
export function isEmbedded(win: { readonly parent: unknown }): boolean {
  return win.parent !== null && win.parent !== undefined && win.parent !== win;
}

/**
 * Decides whether a `message` event reaches user code: only when the app is embedded, the
 * event comes from the embedding parent itself (not a sibling frame, a popup or the app's own
 * frames), its origin is exactly one the app listens to, and its data copies as plain data
 * (no ports, blobs or other platform objects reach the worker). Returns the copy, or null.
 */
export function acceptWindowMessage(
  event: { source: unknown; origin: string; data: unknown },
  win: { readonly parent: unknown },
  origins: ReadonlySet<string>,
): AcceptedWindowMessage | null {
  if (!isEmbedded(win) || event.source !== win.parent) return null;
  if (typeof event.origin !== 'string' || !origins.has(event.origin)) return null;
  try {
    return { origin: event.origin, data: toPlain(event.data) };
  } catch {
    // Circular or absurdly deep: not data an app can use.
    return null;
  }
}

/**
 * Keeps at most ONE `message` listener on the window, present only while the app listens to at
 * least one origin (`windowMessageOrigins` effects carry the full set) and the app is embedded.
 * `dispose()` removes it: the page's listeners end with the page.
 */
export class WindowMessageRelay {
  private origins: ReadonlySet<string> = new Set();
  private listening = false;

  constructor(
    private readonly win: MessageWindow | null,
    private readonly deliver: (message: AcceptedWindowMessage) => void,
  ) {}

  /** Replaces the set of origins listened to. */
  setOrigins(origins: readonly string[]): void {
    this.origins = new Set(origins.filter((o) => typeof o === 'string' && o !== '*'));
    const wanted = this.origins.size > 0 && this.win !== null && isEmbedded(this.win);
    if (wanted && !this.listening) this.win?.addEventListener('message', this.onMessage);
    if (!wanted && this.listening) this.win?.removeEventListener('message', this.onMessage);
    this.listening = wanted;
  }

  /** Whether the window listener is installed (for tests and diagnostics). */
  get isListening(): boolean {
    return this.listening;
  }

  dispose(): void {
    this.setOrigins([]);
  }

  private readonly onMessage = (event: MessageEvent): void => {
    if (!this.win) return;
    const accepted = acceptWindowMessage(event, this.win, this.origins);
    if (accepted) this.deliver(accepted);
  };
}
