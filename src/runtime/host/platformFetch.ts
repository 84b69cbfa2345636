import type { HostFetchRequest, HostFetchResponse } from '../RuntimeHost';

/**
 * The platform `fetch` behind the engine's guest fetch. Captured at module load, before any
 * user code runs. Credentials are omitted here too (defence in depth), relative URLs resolve
 * against `baseUrl`, only http(s) goes out, and the response is read into plain data.
 */
export function makePlatformFetch(baseUrl: string): (request: HostFetchRequest) => Promise<HostFetchResponse> {
  const platformFetch = globalThis.fetch.bind(globalThis);
  return async (request) => {
    const url = new URL(request.url, baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`only http and https URLs are allowed, not ${url.protocol}`);
    const response = await platformFetch(url.href, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
      redirect: 'follow',
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => { headers[name] = value; });
    return { ok: response.ok, status: response.status, statusText: response.statusText, url: response.url, headers, body: await response.text() };
  };
}
