/** `scheme://host[:port]`, nothing more: what `event.origin` holds for a web page. */
const originPattern = /^[a-z][a-z0-9+.-]*:\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i;

/**
 * Checks an origin given to `postWindowMessage` or `windowMessageListener`. Returns an error
 * message, or null when it is an exact origin. `*` is refused: a message posted to `*` reaches
 * whatever site embeds the app, and a listener on `*` would accept messages from any of them.
 */
export function originError(fn: string, origin: unknown): string | null {
  if (origin === '*') {
    return `${fn}: the origin '*' is refused because it would trust any site that embeds this app; give the exact origin of the embedding page, for example 'https://intranet.example.com'`;
  }
  if (typeof origin !== 'string' || !originPattern.test(origin)) {
    return `${fn}: "${String(origin)}" is not an origin; give scheme, host and port only, for example 'https://intranet.example.com'`;
  }
  return null;
}
