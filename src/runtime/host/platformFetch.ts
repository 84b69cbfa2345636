import type { HostAbortSignal, HostFetchRequest, HostFetchResponse } from '../RuntimeHost';

/**
 * The platform `fetch` behind the engine's guest fetch. Captured at module load, before any
 * user code runs. Credentials are omitted here too (defence in depth), relative URLs resolve
 * against `baseUrl`, only http(s) goes out, the response is read into plain data, and `signal`
 * (the page's) cancels the request and the body read.
 */
export function makePlatformFetch(baseUrl: string): (request: HostFetchRequest, signal?: HostAbortSignal) => Promise<HostFetchResponse> {
  const platformFetch = globalThis.fetch.bind(globalThis);
  return async (request, signal) => {
    const url = new URL(request.url, baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`only http and https URLs are allowed, not ${url.protocol}`);
    if (signal?.aborted) throw new Error('the page was left');
    const controller = new AbortController();
    const stopListening = signal ? signal.onAbort(() => controller.abort()) : () => undefined;
    try {
      return await send(url, request, controller.signal);
    } finally {
      stopListening();
    }
  };

  async function send(url: URL, request: HostFetchRequest, abortSignal: AbortSignal): Promise<HostFetchResponse> {
    const response = await platformFetch(url.href, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
      redirect: 'follow',
      // Aborts the request and the reading of its body when the page is left.
      signal: abortSignal,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => { headers[name] = value; });
    return { ok: response.ok, status: response.status, statusText: response.statusText, url: response.url, headers, body: await response.text() };
  }
}
