/// <reference types="ses" />
import { toPlain } from './plainData';
import type { HostAbortSignal, HostFetchRequest, RuntimeHost } from './RuntimeHost';

/** Headers user code may not set: the browser forbids them anyway, and Node would send them. */
const droppedHeaders = new Set(['cookie', 'cookie2', 'set-cookie']);

/**
 * The `fetch` endowed to apps. It coerces every argument to plain data, always omits credentials
 * (no cookies, no HTTP auth, never an Authorization header the engine adds), accepts only http(s)
 * or relative URLs, and resolves with a hardened plain object, never a host `Response`.
 * `makeError` builds errors in the app's compartment, so no host error object reaches user code.
 * `signal` is the page's: when the page is left, its requests in flight are aborted.
 */
export function makeGuestFetch(host: RuntimeHost, makeError: (message: string) => Error, signal?: HostAbortSignal) {
  return async function fetch(url: unknown, init?: unknown): Promise<unknown> {
    const request = toRequest(url, init, makeError);
    let response;
    try {
      response = await (signal ? host.fetch(request, signal) : host.fetch(request));
    } catch (error) {
      if (signal?.aborted) throw makeError('fetch was cancelled: the page was left');
      throw makeError(`fetch failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const body = String(response.body);
    return harden({
      ok: Boolean(response.ok),
      status: Number(response.status),
      statusText: String(response.statusText),
      url: String(response.url),
      headers: { ...toStringRecord(response.headers) },
      text: async () => body,
      json: async () => {
        try {
          return JSON.parse(body) as unknown;
        } catch (error) {
          throw makeError(`response is not JSON: ${error instanceof Error ? error.message : String(error)}`);
        }
      },
    });
  };
}

function toRequest(url: unknown, init: unknown, makeError: (message: string) => Error): HostFetchRequest {
  const href = typeof url === 'string' ? url : String(toPlain(url));
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href.trim());
  if (scheme && !/^https?$/i.test(scheme[1] as string)) throw makeError(`fetch: only http and https URLs are allowed, not ${scheme[1]}:`);
  const options = (init !== null && typeof init === 'object' ? toPlain(init) : {}) as Record<string, unknown>;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(toStringRecord(options.headers))) {
    if (!droppedHeaders.has(name.toLowerCase())) headers[name] = value;
  }
  let body: string | undefined;
  if (typeof options.body === 'string') body = options.body;
  else if (options.body !== undefined && options.body !== null) {
    body = JSON.stringify(options.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  const method = typeof options.method === 'string' ? options.method.toUpperCase() : 'GET';
  // Whatever the caller asked for (`credentials: 'include'`), requests never carry credentials (I7).
  return { url: href, method, headers, body, credentials: 'omit' };
}

function toStringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === null || typeof value !== 'object') return out;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v !== undefined && v !== null) out[k] = String(v);
  }
  return out;
}
