import type { Embedding } from '../../shared/api/apps';

/** The page CSP of contracts.md, without frame-ancestors. No unsafe-eval, no inline scripts. */
const pagePolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "font-src 'self' data:",
  'connect-src *',
  'frame-src * data: blob:',
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

/**
 * The evaluation worker's CSP: SES must evaluate user code (`unsafe-eval`) and user `fetch` may
 * go anywhere (without credentials, I7); nothing else is allowed.
 */
export const evaluatorWorkerPolicy = "default-src 'none'; script-src 'self' 'unsafe-eval'; connect-src *";

/** The CSP of an SPA page, with the given frame-ancestors source list. */
export function pagePolicyWith(frameAncestors: string): string {
  return `${pagePolicy}; frame-ancestors ${frameAncestors}`;
}

/** An origin as the embedding schema allows it; anything else is dropped, never put in a header. */
const originPattern = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

/** frame-ancestors for an app's embedding: same-origin -> 'self', all -> *, list -> 'self' + origins. */
export function frameAncestorsFor(embedding: Embedding | null): string {
  if (!embedding) return "'self'";
  switch (embedding.mode) {
    case 'all': return '*';
    case 'list': return ["'self'", ...embedding.origins.filter((origin) => originPattern.test(origin))].join(' ');
    default: return "'self'";
  }
}
