import './host/sesLockdown';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePlatformFetch } from './host/platformFetch';
import type { HostFetchRequest } from './RuntimeHost';
import { EngineHarness, widget } from './testing/engineHarness';

let server: Server;
let base: string;
const seen: Array<{ url: string; method: string; headers: IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    req.on('end', () => {
      seen.push({ url: req.url ?? '', method: req.method ?? '', headers: req.headers, body });
      // Tries to set a cookie; a later request must still carry none.
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'cordon_session=stolen; Path=/', 'x-reply': 'yes' });
      res.end(JSON.stringify({ hello: 'world', path: req.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => { await new Promise((resolve) => server.close(resolve)); });

function start(onClick: string, requests: HostFetchRequest[] = []): EngineHarness {
  const platformFetch = makePlatformFetch(`${base}/app/page`);
  return new EngineHarness({ widgets: [widget('B', 'button', { onClick })], queries: [], jsObjects: [] }, {
    platform: {
      fetch: (request, signal) => { requests.push(request); return platformFetch(request, signal); },
      setInterval: (cb, ms) => setInterval(cb, ms),
      clearInterval: (id) => clearInterval(id as NodeJS.Timeout),
      baseUrl: `${base}/app/page`,
    },
  });
}

describe('fetch from user code', () => {
  it('never sends credentials or cookies, even when asked to, and returns plain hardened data', async () => {
    seen.length = 0;
    const requests: HostFetchRequest[] = [];
    const h = start(`
      const r = await fetch('${base}/one', { credentials: 'include', method: 'post', headers: { Cookie: 'cordon_session=abc', 'X-Test': '1' }, body: { a: 1 } });
      await fetch('/relative?q=1', { credentials: 'same-origin' });
      storeValue('status', r.status, false);
      storeValue('json', await r.json(), false);
      storeValue('text', await r.text(), false);
      storeValue('headers', r.headers, false);
      storeValue('shape', {
        frozen: Object.isFrozen(r) && Object.isFrozen(r.headers),
        proto: Object.getPrototypeOf(r) === Object.prototype,
        keys: Object.keys(r).sort(),
        arrayBuffer: typeof r.arrayBuffer, body: typeof r.body, clone: typeof r.clone,
      }, false);
    `, requests);
    const done = await h.trigger('B', 'onClick');
    expect(done).toMatchObject({ ok: true });
    expect(seen).toHaveLength(2);
    for (const request of seen) {
      expect(request.headers.cookie).toBeUndefined();
      expect(request.headers.authorization).toBeUndefined();
    }
    expect(seen[0]).toMatchObject({ url: '/one', method: 'POST', body: '{"a":1}' });
    expect(seen[0]?.headers['x-test']).toBe('1');
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    expect(seen[1]?.url).toBe('/relative?q=1');
    expect(requests.every((r) => r.credentials === 'omit')).toBe(true);
    const store = Object.fromEntries(h.effects.flatMap((e) => (e.kind === 'storeValue' ? [[e.key, e.value]] : [])));
    expect(store.status).toBe(200);
    expect(store.json).toEqual({ hello: 'world', path: '/one' });
    expect(store.text).toBe('{"hello":"world","path":"/one"}');
    expect((store.headers as Record<string, string>)['x-reply']).toBe('yes');
    expect(store.shape).toEqual({ frozen: true, proto: true, keys: ['headers', 'json', 'ok', 'status', 'statusText', 'text', 'url'], arrayBuffer: 'undefined', body: 'undefined', clone: 'undefined' });
  });

  it('refuses non-http URLs and reports network failures as plain errors', async () => {
    const h = start(`
      const out = [];
      for (const url of ['file:///etc/passwd', 'data:text/plain,hi', 'javascript:alert(1)', 'blob:${base}/x', 'http://127.0.0.1:1/closed']) {
        try { await fetch(url); out.push('fetched'); } catch (e) { out.push(Object.getPrototypeOf(e) === Error.prototype ? e.message : 'foreign error'); }
      }
      storeValue('out', out, false);
    `);
    await h.trigger('B', 'onClick');
    const out = h.effects.find((e) => e.kind === 'storeValue')?.value as string[];
    expect(out.slice(0, 4).every((m) => /only http and https/.test(m))).toBe(true);
    expect(out[4]).toMatch(/^fetch failed/);
  });
});

describe('fetch when the page is left', () => {
  it('aborts the request in flight: the server sees the connection closed before it answered', async () => {
    let answered = false;
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => { arrived = resolve; });
    let closed!: (early: boolean) => void;
    const connectionClosed = new Promise<boolean>((resolve) => { closed = resolve; });
    // Holds every response until the test says otherwise: only an abort ends the request early.
    const holding = createServer((req, res) => {
      res.on('close', () => closed(!answered));
      arrived();
    });
    await new Promise<void>((resolve) => holding.listen(0, '127.0.0.1', resolve));
    const holdBase = `http://127.0.0.1:${(holding.address() as AddressInfo).port}`;
    try {
      const h = start(`await fetch('${holdBase}/slow'); storeValue('late', true, false)`);
      h.send({ type: 'trigger', widget: 'B', event: 'onClick' });
      await requestArrived;
      // A new page: the engine disposes the old app instance, and with it the page's requests.
      h.send({ type: 'init', app: { widgets: [widget('Other', 'text', { text: 'x' })], queries: [], jsObjects: [] }, globals: { store: {}, user: null, url: { path: '/', query: {} }, mode: 'view' } });
      expect(await connectionClosed).toBe(true);
      await h.settle();
      expect(h.effects.some((e) => e.kind === 'storeValue' && e.key === 'late')).toBe(false);
    } finally {
      answered = true;
      holding.closeAllConnections();
      await new Promise((resolve) => holding.close(resolve));
    }
  });
});
