import { isEmbedded } from './windowMessages';

/** What happened to a `postWindowMessage`. */
export type PostToParentResult =
  | { kind: 'sent' }
  /** The app is not inside a frame: there is no parent to talk to (not an error; the app may run both ways). */
  | { kind: 'notEmbedded' }
  | { kind: 'refused'; reason: string };

/**
 * The exact origin `targetOrigin` names (`https://host[:port]`), or null for anything else:
 * `*`, `/`, paths, other schemes. The message then goes to that origin only.
 */
export function exactOrigin(targetOrigin: string): string | null {
  const trimmed = targetOrigin.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // `https://a.example/` and `https://a.example` are the same origin; a path or query is not an origin.
  return trimmed === url.origin || trimmed === `${url.origin}/` ? url.origin : null;
}

/**
 * `window.parent.postMessage(message, targetOrigin)` when the app is embedded, and only with an
 * exact origin: never `*`, so the message cannot reach whatever page happens to frame the app.
 */
export function postToParent(
  win: { readonly parent: unknown },
  message: unknown,
  targetOrigin: string,
): PostToParentResult {
  const origin = exactOrigin(targetOrigin);
  if (!origin) return { kind: 'refused', reason: `postWindowMessage needs the exact origin of the parent page (like https://example.com), not "${targetOrigin}".` };
  if (!isEmbedded(win)) return { kind: 'notEmbedded' };
  try {
    (win.parent as Pick<Window, 'postMessage'>).postMessage(message, origin);
    return { kind: 'sent' };
  } catch {
    return { kind: 'refused', reason: 'The message could not be sent to the parent page.' };
  }
}
