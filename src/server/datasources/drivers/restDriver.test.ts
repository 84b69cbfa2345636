import { once } from 'node:events';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type Server as HttpsServer, createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { gzipSync } from 'node:zlib';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RestRequest } from '../../../shared/appDocument';
import type { RestConfig, SecretName } from '../../../shared/api/datasources';
import { HttpError } from '../../http/httpError';
import { parseHostList } from '../../net/hostList';
import { createOutboundPolicy } from '../../net/outboundPolicy';
import { generate as generateCertificate } from 'selfsigned';
import type { OpenDatasource, RunContext } from './datasourceDriver';
import { createRestDriver } from './restDriver';

const token = 'Tok-MARKER-4b1d9e77';
const apiKey = 'Key-MARKER-90c2aa13';
const password = 'Pw-MARKER-e51f0a6c';

/** What the test server saw, per request. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let port: number;
const seen: Seen[] = [];
/** Resolved when a /slow request arrives; its socket's close resolves `closed`. */
let slowArrived: { promise: Promise<void>; resolve: () => void };
let slowClosed: { promise: Promise<void>; resolve: () => void };

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

function handle(request: IncomingMessage, response: ServerResponse, body: string): void {
  const url = new URL(request.url ?? '/', 'http://x');
  const send = (status: number, payload: unknown, headers: Record<string, string | string[]> = {}) => {
    const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
    response.writeHead(status, { 'content-type': typeof payload === 'string' ? 'text/plain; charset=utf-8' : 'application/json', ...headers });
    response.end(text);
  };
  const path = url.pathname.replace(/^\/v1/, '');
  if (path === '/users') return send(200, [{ id: 1, name: 'Ada' }, { id: 2, name: 'Grace' }], { 'x-total-count': '2', 'set-cookie': 'session=abc; HttpOnly', 'x-secret-header': 'nope', link: '<http://x/?page=2>; rel="next"' });
  if (path === '/text') return send(200, 'plain words');
  if (path === '/reflect-secret') {
    const key = String(request.headers['x-key']);
    const escaped = key.replace(/K/g, '\\u004b'); // JSON escapes that a plain text search would miss
    response.writeHead(200, { 'content-type': 'application/json', link: `<http://x/?key=${encodeURIComponent(key)}>; rel="next"` });
    response.end(`[{"${key}": "unicode-escaped ${escaped}", "nested": ["${escaped}"]}]`);
    return;
  }
  if (path === '/empty') { response.writeHead(204); response.end(); return; }
  if (path === '/bad-json') { response.writeHead(200, { 'content-type': 'application/json' }); response.end('{not json'); return; }
  if (path === '/latin1') { response.writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' }); response.end(Buffer.from([0x63, 0x61, 0x66, 0xe9])); return; }
  if (path === '/status') return send(Number(url.searchParams.get('code') ?? 500), `failed; you sent ${request.headers.authorization ?? ''} ${url.search}`);
  if (path === '/redirect') {
    response.writeHead(Number(url.searchParams.get('status') ?? 302), { location: url.searchParams.get('to') ?? '/' });
    response.end();
    return;
  }
  if (path === '/loop') { response.writeHead(302, { location: `/v1/loop?n=${Number(url.searchParams.get('n') ?? 0) + 1}` }); response.end(); return; }
  if (path === '/big') {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('x'.repeat(Number(url.searchParams.get('n'))));
    return;
  }
  if (path === '/big-chunked') {
    response.writeHead(200, { 'content-type': 'text/plain' });
    const total = Number(url.searchParams.get('n'));
    for (let i = 0; i < total; i += 1024) response.write('y'.repeat(Math.min(1024, total - i)));
    response.end();
    return;
  }
  if (path === '/gzip') {
    const n = Number(url.searchParams.get('n') ?? 0);
    const payload = n > 0 ? 'z'.repeat(n) : JSON.stringify({ zipped: true });
    response.writeHead(200, { 'content-type': n > 0 ? 'text/plain' : 'application/json', 'content-encoding': 'gzip' });
    response.end(gzipSync(payload));
    return;
  }
  if (path === '/slow') {
    request.socket.once('close', () => slowClosed.resolve());
    slowArrived.resolve();
    return; // never answers
  }
  send(200, { method: request.method, url: request.url, headers: request.headers, body });
}

const lookups: string[] = [];
const policy = createOutboundPolicy({
  allowedHosts: parseHostList('api.test,api2.test,rebind.test'),
  blockedHosts: [],
  blockPrivateAddresses: false,
  ownAddresses: () => [],
  async lookup(hostname) {
    lookups.push(hostname);
    const zone: Record<string, string> = {
      'api.test': '127.0.0.1', 'api2.test': '127.0.0.1', 'loopback.test': '127.0.0.1', 'localhost': '127.0.0.1', 'meta.test': '169.254.169.254',
    };
    if (hostname === 'rebind.test') {
      // A name whose answer changes: the first answer is what the connection must use.
      return [{ address: lookups.filter((name) => name === 'rebind.test').length === 1 ? '127.0.0.1' : '10.255.255.1' }];
    }
    const address = zone[hostname];
    if (!address) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return [{ address }];
  },
});
const driver = createRestDriver({ config: undefined as never, resolveOutbound: (host, port) => policy.resolve(host, port) }, { maxResponseBytes: 64 * 1024, testTimeoutMs: 5_000 });

/** Every line logged and every error message, searched for the secrets at the end. */
const logged: string[] = [];
const logger = {
  level: 'debug',
  info: (...args: unknown[]) => { logged.push(JSON.stringify(args)); },
  warn: (...args: unknown[]) => { logged.push(JSON.stringify(args)); },
  error: (...args: unknown[]) => { logged.push(JSON.stringify(args)); },
  debug: (...args: unknown[]) => { logged.push(JSON.stringify(args)); },
  trace: (...args: unknown[]) => { logged.push(JSON.stringify(args)); },
  fatal: (...args: unknown[]) => { logged.push(JSON.stringify(args)); },
  silent: () => {},
  child: () => logger,
} as unknown as FastifyBaseLogger;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => { body += chunk; });
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      handle(request, response, body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await driver.close();
  server.closeAllConnections();
  server.close();
  const everything = logged.join('\n');
  for (const secret of [token, apiKey, password]) expect(everything).not.toContain(secret);
});

function datasource(config: Partial<RestConfig> = {}, secrets: Partial<Record<SecretName, string>> = {}): OpenDatasource<RestConfig> {
  const full: RestConfig = { baseUrl: `http://api.test:${port}/v1`, headers: [], queryParams: [], auth: { type: 'none' }, ...config };
  return {
    id: 'ds_rest', updatedAt: 't', config: full,
    secret: (name) => secrets[name],
    secretValues: () => Object.values(secrets),
  };
}

function context(mode: 'edit' | 'view' = 'edit', signal: AbortSignal = new AbortController().signal): RunContext {
  return { mode, signal, log: logger };
}

function rest(overrides: Partial<RestRequest> = {}): RestRequest {
  return { method: 'GET', path: '', queryParams: [], headers: [], bodyType: 'none', body: '', formFields: [], ...overrides };
}

async function run(request: Partial<RestRequest>, params: Record<string, unknown> = {}, options: { ds?: OpenDatasource<RestConfig>; mode?: 'edit' | 'view'; timeoutMs?: number; signal?: AbortSignal } = {}) {
  return driver.run(options.ds ?? datasource(), { body: '', rest: rest(request), preparedStatements: true, timeoutMs: options.timeoutMs ?? 5_000 }, params, context(options.mode, options.signal));
}

/** The request as the test server saw it (the response's echo of it has the secrets masked). */
async function echo(request: Partial<RestRequest>, params: Record<string, unknown> = {}, ds?: OpenDatasource<RestConfig>): Promise<Seen> {
  const response = await run({ path: '/echo', ...request }, params, { ds });
  expect((response.http!.body as Seen).url).toBe(seen.at(-1)?.url.replace(/=[^&]*MARKER[^&]*/g, '=[secret]'));
  return seen.at(-1)!;
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpError) {
      logged.push(error.message);
      return error;
    }
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('REST driver: responses', () => {
  it('returns an array of objects as rows, the JSON body, the status and only safe headers', async () => {
    const response = await run({ path: '/users' });
    expect(response.rows).toEqual([{ id: 1, name: 'Ada' }, { id: 2, name: 'Grace' }]);
    expect(response.rowCount).toBe(2);
    expect(response.truncated).toBe(false);
    expect(response.fields).toEqual([]);
    expect(response.http).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json', 'x-total-count': '2', link: '<http://x/?page=2>; rel="next"' },
      body: [{ id: 1, name: 'Ada' }, { id: 2, name: 'Grace' }],
    });
  });

  it('returns text, an empty body as null, broken JSON as text, and decodes charsets and gzip', async () => {
    expect((await run({ path: '/text' })).http).toMatchObject({ body: 'plain words', headers: { 'content-type': 'text/plain; charset=utf-8' } });
    expect((await run({ path: '/text' })).rows).toEqual([]);
    expect((await run({ path: '/empty' })).http).toMatchObject({ status: 204, body: null });
    expect((await run({ path: '/bad-json' })).http?.body).toBe('{not json');
    expect((await run({ path: '/latin1' })).http?.body).toBe('café');
    expect((await run({ path: '/gzip' })).http?.body).toEqual({ zipped: true });
  });

  it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const)('sends %s', async (method) => {
    const seenByServer = await echo({ method, bodyType: method === 'GET' ? 'none' : 'json', body: method === 'GET' ? '' : '{"a": 1}' });
    expect(seenByServer.method).toBe(method);
    if (method !== 'GET') {
      expect(JSON.parse(seenByServer.body)).toEqual({ a: 1 });
      expect(seenByServer.headers['content-type']).toBe('application/json');
    }
  });

  it('sends HEAD and returns no body', async () => {
    const response = await run({ method: 'HEAD', path: '/users' });
    expect(response.http).toMatchObject({ status: 200, body: null });
    expect(seen.at(-1)?.method).toBe('HEAD');
  });

  it('sends the datasource headers and query parameters, and the base URL\'s own query', async () => {
    const ds = datasource({
      baseUrl: `http://api.test:${port}/v1?tenant=acme`,
      headers: [{ name: 'X-Team', value: 'ops' }, { name: 'Accept', value: 'application/json' }],
      queryParams: [{ name: 'format', value: 'full' }],
    });
    const seenByServer = await echo({ headers: [{ name: 'x-team', value: 'override' }], queryParams: [{ name: 'q', value: 'x' }] }, {}, ds);
    const url = new URL(seenByServer.url, 'http://x');
    expect(url.pathname).toBe('/v1/echo');
    expect([...url.searchParams]).toEqual([['tenant', 'acme'], ['format', 'full'], ['q', 'x']]);
    expect(seenByServer.headers['x-team']).toBe('override');
    expect(seenByServer.headers.accept).toBe('application/json');
  });
});

describe('REST driver: authentication', () => {
  it('adds basic auth', async () => {
    const seenByServer = await echo({}, {}, datasource({ auth: { type: 'basic', username: 'ada' } }, { password }));
    expect(seenByServer.headers.authorization).toBe(`Basic ${Buffer.from(`ada:${password}`).toString('base64')}`);
  });

  it('adds a bearer token', async () => {
    const seenByServer = await echo({}, {}, datasource({ auth: { type: 'bearer' } }, { token }));
    expect(seenByServer.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('adds an API key in a header', async () => {
    const seenByServer = await echo({}, {}, datasource({ auth: { type: 'apiKey', name: 'X-Api-Key', in: 'header' } }, { apiKey }));
    expect(seenByServer.headers['x-api-key']).toBe(apiKey);
  });

  it('adds an API key in the query, over a query parameter of the same name', async () => {
    const seenByServer = await echo({ queryParams: [{ name: 'api_key', value: 'forged' }] }, {}, datasource({ auth: { type: 'apiKey', name: 'api_key', in: 'query' } }, { apiKey }));
    expect(new URL(seenByServer.url, 'http://x').searchParams.getAll('api_key')).toEqual([apiKey]);
  });

  it('overrides an Authorization header of the query with the datasource\'s credentials', async () => {
    const seenByServer = await echo({ headers: [{ name: 'Authorization', value: 'Bearer forged' }] }, {}, datasource({ auth: { type: 'bearer' } }, { token }));
    expect(seenByServer.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('masks every form of the secrets in a response that reflects them: body, JSON keys, headers', async () => {
    const bearer = await run({ path: '/echo' }, {}, { ds: datasource({ auth: { type: 'bearer' } }, { token }) });
    expect((bearer.http!.body as Seen).headers.authorization).toBe('Bearer [secret]');
    const basic = await run({ path: '/echo' }, {}, { ds: datasource({ auth: { type: 'basic', username: 'ada' } }, { password }) });
    expect((basic.http!.body as Seen).headers.authorization).toBe('Basic [secret]');
    const query = await run({ path: '/echo' }, {}, { ds: datasource({ auth: { type: 'apiKey', name: 'k', in: 'query' } }, { apiKey }) });
    expect((query.http!.body as Seen).url).toBe('/v1/echo?k=[secret]');
    const reflected = await run({ path: '/reflect-secret' }, {}, { ds: datasource({ auth: { type: 'apiKey', name: 'X-Key', in: 'header' } }, { apiKey }) });
    expect(reflected.http).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json', link: '<http://x/?key=[secret]>; rel="next"' },
      body: [{ '[secret]': 'unicode-escaped [secret]', nested: ['[secret]'] }],
    });
    expect(JSON.stringify([bearer, basic, query, reflected])).not.toMatch(/MARKER/);
  });

  it('refuses to send without the secret the authentication needs', async () => {
    const error = await failure(run({ path: '/echo' }, {}, { ds: datasource({ auth: { type: 'bearer' } }) }));
    expect(error).toMatchObject({ status: 400, code: 'query_failed', message: expect.stringMatching(/bearer token/) });
  });
});

describe('REST driver: substitution', () => {
  const pathValues: Array<[string, unknown]> = [
    ['slash', 'a/b'], ['query', '?x=1'], ['fragment', '#top'], ['percent', '100%'], ['percent-encoded', '%41%2F'], ['quote', '"}'],
    ['object', { a: 1 }], ['array', [1, 2]], ['null', null], ['number', 42], ['boolean', true], ['unicode', 'zürich 東京 😀'],
    ['crlf', 'a\r\nb'], ['dots inside', 'a..b'], ['three dots', '...'], ['backslash', 'a\\b'], ['space', 'a b'],
  ];

  it.each(pathValues)('puts a %s value into one path segment', async (_label, value) => {
    const seenByServer = await echo({ path: '/echo/items/{{ id }}/detail' }, { ' id ': value });
    const url = new URL(seenByServer.url, 'http://x');
    const segments = url.pathname.split('/');
    expect(segments.slice(0, 4)).toEqual(['', 'v1', 'echo', 'items']);
    expect(segments).toHaveLength(6);
    expect(segments[5]).toBe('detail');
    const expected = value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    expect(decodeURIComponent(segments[4]!)).toBe(expected);
    expect(url.search).toBe('');
  });

  it.each(['..', '.', '../admin', '..\\admin', 'a/../..', '%2e%2e', '%2E%2E%2Fadmin', '..%2fadmin', '%252e%252e'])('refuses a path value that makes a dot segment: %s', async (value) => {
    const before = seen.length;
    const error = await failure(run({ path: '/echo/{{id}}' }, { id: value }));
    expect(error).toMatchObject({ status: 400, code: 'query_failed', message: expect.stringMatching(/"\." or "\.\." segment/) });
    expect(seen.length).toBe(before);
  });

  it('keeps a path inside the base URL', async () => {
    for (const path of ['/../admin', '/x/../../admin', '/%2e%2e/admin']) {
      const error = await failure(run({ path }));
      expect(error.message, path).toMatch(/leaves the datasource's base URL/);
    }
    for (const [path, expected] of [['//evil.com/echo', '/v1/evil.com/echo'], ['\\\\evil.com/echo', '/v1/evil.com/echo'], ['echo/../echo', '/v1/echo'], ['/echo#frag', '/v1/echo']]) {
      const response = await run({ path });
      expect(new URL((response.http!.body as Seen).url, 'http://x').pathname, path).toBe(expected);
    }
  });

  it('lets a value in a literal query string of the path stay a value', async () => {
    const seenByServer = await echo({ path: '/echo?q={{q}}&page=2' }, { q: 'a&page=9#x' });
    const url = new URL(seenByServer.url, 'http://x');
    expect(url.searchParams.get('q')).toBe('a&page=9#x');
    expect(url.searchParams.getAll('page')).toEqual(['2']);
  });

  it.each(['a&b=c', '=', '#frag', '+ plus', 'ü', '{"a":1}', '?', '%20'])('encodes a query parameter value: %s', async (value) => {
    const seenByServer = await echo({ queryParams: [{ name: 'q', value: '{{v}}' }, { name: 'fixed', value: 'pre-{{v}}' }] }, { v: value });
    const url = new URL(seenByServer.url, 'http://x');
    expect([...url.searchParams]).toEqual([['q', value], ['fixed', `pre-${value}`]]);
  });

  it('sends typed values as text in query parameters', async () => {
    const seenByServer = await echo({ queryParams: [{ name: 'o', value: '{{o}}' }, { name: 'n', value: '{{n}}' }, { name: 'z', value: '{{z}}' }] }, { o: { a: [1] }, n: 1.5, z: null });
    expect([...new URL(seenByServer.url, 'http://x').searchParams]).toEqual([['o', '{"a":[1]}'], ['n', '1.5'], ['z', '']]);
  });

  it('puts values into headers, and refuses CR, LF and NUL', async () => {
    const seenByServer = await echo({ headers: [{ name: 'X-Name', value: 'name={{n}}' }] }, { n: 'O\'Brien "quoted" é' });
    expect(Buffer.from(seenByServer.headers['x-name'] as string, 'latin1').toString('latin1')).toBe('name=O\'Brien "quoted" é');
    for (const value of ['a\r\nX-Injected: 1', 'a\nb', 'a\rb', 'a\0b', 'emoji 😀', 'bell \u0007']) {
      const before = seen.length;
      const error = await failure(run({ path: '/echo', headers: [{ name: 'X-Name', value: '{{n}}' }] }, { n: value }));
      expect(error).toMatchObject({ status: 400, code: 'query_failed' });
      expect(error.message).not.toContain(value);
      expect(seen.length).toBe(before);
    }
  });

  it('refuses headers the server decides, and invalid header names', async () => {
    for (const name of ['Host', 'Content-Length', 'Transfer-Encoding', 'Connection', 'Proxy-Authorization', 'Bad Name', 'a:b']) {
      const error = await failure(run({ path: '/echo', headers: [{ name, value: 'x' }] }));
      expect(error, name).toMatchObject({ status: 400, code: 'query_failed' });
    }
  });

  it('puts values into a JSON body as JSON values, and as escaped text inside strings', async () => {
    const body = '{"name": {{name}}, "greeting": "hello {{name}}!", "n": {{n}}, "list": {{list}}, "obj": {{obj}}, "none": {{none}}, "flag": {{flag}}, "inner": "{{obj}}"}';
    const params = { name: 'Ada "}, "admin": true, "x": "\\ \n 東京', n: 42, list: [1, 'two', null], obj: { a: 1, b: '"}' }, none: null, flag: false };
    const seenByServer = await echo({ method: 'POST', bodyType: 'json', body }, params);
    expect(JSON.parse(seenByServer.body)).toEqual({
      name: params.name, greeting: `hello ${params.name}!`, n: 42, list: [1, 'two', null], obj: { a: 1, b: '"}' }, none: null, flag: false,
      inner: JSON.stringify(params.obj),
    });
  });

  it('fills a JSON body whose binding is a string or an undefined value', async () => {
    expect(JSON.parse((await echo({ method: 'POST', bodyType: 'json', body: '{{v}}' }, { v: '{"a":1}' })).body)).toBe('{"a":1}');
    expect(JSON.parse((await echo({ method: 'POST', bodyType: 'json', body: '[{{v}}]' }, { v: undefined })).body)).toEqual([null]);
  });

  it('refuses a JSON body that is not JSON once filled in, without echoing it', async () => {
    for (const [body, params] of [['{"a": {{v}}', { v: 1 }], ['{"a": "x\\{{v}}"}', { v: '", "admin": true, "b": "' }], ['{{v}}: 1', { v: 'k' }]] as const) {
      const error = await failure(run({ method: 'POST', path: '/echo', bodyType: 'json', body }, params));
      expect(error).toMatchObject({ status: 400, code: 'query_failed' });
      expect(error.message).not.toContain('admin');
    }
  });

  it('sends a text body raw and a form body URL-encoded', async () => {
    expect((await echo({ method: 'POST', bodyType: 'text', body: 'a {{v}} b' }, { v: '"}&=\n' })).body).toBe('a "}&=\n b');
    const form = await echo({ method: 'POST', bodyType: 'form', formFields: [{ name: 'q', value: '{{v}}' }, { name: 'x', value: 'y' }] }, { v: 'a&b=c d' });
    expect(form.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect([...new URLSearchParams(form.body)]).toEqual([['q', 'a&b=c d'], ['x', 'y']]);
  });
});

describe('REST driver: time limit and cancel', () => {
  it('aborts the request at the time limit; the server sees the connection close', async () => {
    slowArrived = deferred();
    slowClosed = deferred();
    const error = await failure(run({ path: '/slow' }, {}, { timeoutMs: 200 }));
    expect(error).toMatchObject({ status: 400, code: 'query_failed', message: expect.stringMatching(/time limit of 200 ms/) });
    await slowClosed.promise;
  });

  it('aborts the request on cancel; the server sees the connection close', async () => {
    slowArrived = deferred();
    slowClosed = deferred();
    const controller = new AbortController();
    const running = failure(run({ path: '/slow' }, {}, { signal: controller.signal, timeoutMs: 60_000 }));
    await slowArrived.promise;
    controller.abort();
    expect(await running).toMatchObject({ status: 400, code: 'query_cancelled' });
    await slowClosed.promise;
  });
});

describe('REST driver: redirects and the address policy', () => {
  it('follows redirects on the same origin, keeping the method for 307', async () => {
    const response = await run({ path: '/redirect', queryParams: [{ name: 'to', value: '/v1/users' }] });
    expect(response.rows).toHaveLength(2);
    const kept = await run({ method: 'POST', path: '/redirect', bodyType: 'text', body: 'hi', queryParams: [{ name: 'to', value: '/v1/echo' }, { name: 'status', value: '307' }] });
    expect(kept.http?.body).toMatchObject({ method: 'POST', body: 'hi' });
    const changed = await run({ method: 'POST', path: '/redirect', bodyType: 'text', body: 'hi', queryParams: [{ name: 'to', value: '/v1/echo' }, { name: 'status', value: '303' }] });
    expect(changed.http?.body).toMatchObject({ method: 'GET', body: '' });
  });

  it('follows a redirect to another allowed origin without the credentials', async () => {
    const ds = datasource({ auth: { type: 'bearer' } }, { token });
    const response = await run({ path: '/redirect', queryParams: [{ name: 'to', value: `http://api2.test:${port}/v1/echo` }] }, {}, { ds });
    const seenByServer = response.http!.body as Seen;
    expect(seenByServer.headers.host).toBe(`api2.test:${port}`);
    expect(seenByServer.headers.authorization).toBeUndefined();
  });

  it('stops after 5 redirects', async () => {
    const error = await failure(run({ path: '/loop' }));
    expect(error).toMatchObject({ status: 400, code: 'query_failed', message: expect.stringMatching(/more than 5 redirects/) });
  });

  it.each([
    ['a loopback address', () => `http://127.0.0.1:${port}/v1/echo`, /loopback/],
    ['a loopback name', () => `http://loopback.test:${port}/v1/echo`, /loopback/],
    ['localhost', () => `http://localhost:${port}/v1/echo`, /loopback/],
    ['a decimal loopback address', () => `http://2130706433:${port}/v1/echo`, /loopback/],
    ['IPv6 loopback', () => `http://[::1]:${port}/v1/echo`, /loopback/],
    ['IPv4-mapped IPv6 loopback', () => `http://[::ffff:127.0.0.1]:${port}/v1/echo`, /loopback/],
    ['the metadata address', () => 'http://169.254.169.254/latest/meta-data/', /always refused/],
    ['a name of the metadata address', () => 'http://meta.test/latest/meta-data/', /always refused/],
  ])('refuses a redirect to %s', async (_label, target, reason) => {
    const before = seen.length;
    const error = await failure(run({ path: '/redirect', queryParams: [{ name: 'to', value: target() }] }, {}, { ds: datasource({ auth: { type: 'bearer' } }, { token }) }));
    expect(error).toMatchObject({ status: 400, code: 'address_refused', message: expect.stringMatching(/^A redirect was refused/) });
    expect(error.message).toMatch(reason);
    expect(error.message).not.toMatch(/127\.0\.0\.1|169\.254\.169\.254|localhost|\.test/);
    expect(seen.length).toBe(before + 1); // only the first hop reached a server
  });

  it('refuses a redirect to another scheme', async () => {
    const error = await failure(run({ path: '/redirect', queryParams: [{ name: 'to', value: 'file:///etc/passwd' }] }));
    expect(error).toMatchObject({ status: 400, code: 'query_failed', message: expect.stringMatching(/scheme/) });
  });

  it('refuses a base URL at a refused address, before anything is sent', async () => {
    for (const baseUrl of [`http://127.0.0.1:${port}/v1`, `http://loopback.test:${port}/v1`, 'http://169.254.169.254/', `http://0x7f.1:${port}/`]) {
      const error = await failure(run({ path: '/echo' }, {}, { ds: datasource({ baseUrl }) }));
      expect(error, baseUrl).toMatchObject({ status: 400, code: 'address_refused' });
    }
  });

  it('connects to the address the policy checked, without resolving the name again', async () => {
    const before = lookups.filter((name) => name === 'rebind.test').length;
    expect(before).toBe(0);
    const response = await run({ path: '/echo' }, {}, { ds: datasource({ baseUrl: `http://rebind.test:${port}/v1` }) });
    expect(response.http?.status).toBe(200);
    expect(lookups.filter((name) => name === 'rebind.test')).toHaveLength(1);
  });
});

describe('REST driver: TLS through the policy', () => {
  let tlsServer: HttpsServer;
  let tlsPort: number;
  let tlsDriver: ReturnType<typeof createRestDriver>;
  beforeAll(async () => {
    // A fresh self-signed certificate for `api.test` per run: no key is kept in the repository.
    const { private: key, cert } = await generateCertificate([{ name: 'commonName', value: 'api.test' }], {
      keyType: 'ec', algorithm: 'sha256', extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'api.test' }] }],
    });
    tlsDriver = createRestDriver({ config: undefined as never, resolveOutbound: (host, port) => policy.resolve(host, port) }, { ca: cert });
    tlsServer = createHttpsServer({ key, cert }, (request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ servername: (request.socket as TLSSocket).servername }));
    });
    tlsServer.listen(0, '127.0.0.1');
    await once(tlsServer, 'listening');
    tlsPort = (tlsServer.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await tlsDriver?.close();
    tlsServer?.closeAllConnections();
    tlsServer?.close();
  });

  it('connects to the checked address and still verifies the certificate against the name (SNI included)', async () => {
    const response = await tlsDriver.run(datasource({ baseUrl: `https://api.test:${tlsPort}/` }), { body: '', rest: rest(), preparedStatements: true, timeoutMs: 5_000 }, {}, context());
    expect(response.http?.body).toEqual({ servername: 'api.test' });
    // Same address, another name: the certificate does not match it.
    const mismatch = await failure(tlsDriver.run(datasource({ baseUrl: `https://api2.test:${tlsPort}/` }), { body: '', rest: rest(), preparedStatements: true, timeoutMs: 5_000 }, {}, context()));
    expect(mismatch).toMatchObject({ status: 502, code: 'datasource_unreachable', message: expect.stringMatching(/TLS certificate was not accepted/) });
  });
});

describe('REST driver: limits and errors', () => {
  it('refuses a response over the size limit, announced or streamed, compressed or not', async () => {
    expect((await run({ path: '/big', queryParams: [{ name: 'n', value: String(64 * 1024) }] })).http?.body).toHaveLength(64 * 1024);
    for (const path of ['/big', '/big-chunked', '/gzip']) {
      const error = await failure(run({ path, queryParams: [{ name: 'n', value: String(64 * 1024 + 1) }] }));
      expect(error, path).toMatchObject({ status: 502, code: 'response_too_large' });
    }
    // A gzip bomb: 20 MB of text in a few kilobytes.
    expect(await failure(run({ path: '/gzip', queryParams: [{ name: 'n', value: String(20_000_000) }] }))).toMatchObject({ code: 'response_too_large' });
  });

  it('fails a non-2xx answer: the status in view mode, status and masked excerpt in edit mode', async () => {
    const ds = datasource({ auth: { type: 'basic', username: 'ada' } }, { password });
    const params = { queryParams: [{ name: 'code', value: '404' }] };
    const viewError = await failure(run({ path: '/status', ...params }, {}, { ds, mode: 'view' }));
    expect(viewError).toMatchObject({ status: 400, code: 'query_failed', message: 'The API answered with HTTP 404.' });
    const editError = await failure(run({ path: '/status', ...params }, {}, { ds, mode: 'edit' }));
    expect(editError.message).toMatch(/^The API answered with HTTP 404: failed; you sent Basic \[secret\]/);
    expect(editError.message).not.toContain(Buffer.from(`ada:${password}`).toString('base64'));

    const keyDs = datasource({ auth: { type: 'apiKey', name: 'key', in: 'query' } }, { apiKey });
    const keyError = await failure(run({ path: '/status', ...params }, {}, { ds: keyDs, mode: 'edit' }));
    expect(keyError.message).toContain('key=[secret]');
    expect(keyError.message).not.toContain(apiKey);
  });

  it('reports an unreachable API without the URL or the key', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const closedPort = (closed.address() as AddressInfo).port;
    closed.close();
    const ds = datasource({ baseUrl: `http://api.test:${closedPort}/v1`, auth: { type: 'apiKey', name: 'key', in: 'query' } }, { apiKey });
    const error = await failure(run({ path: '/echo' }, {}, { ds }));
    expect(error).toEqual(expect.objectContaining({ status: 502, code: 'datasource_unreachable', message: 'Could not reach the API: the connection was refused.' }));
    const unknown = await failure(run({ path: '/echo' }, {}, { ds: datasource({ baseUrl: 'http://nowhere.test/' }) }));
    expect(unknown).toMatchObject({ status: 502, code: 'datasource_unreachable', message: expect.stringMatching(/not found/) });
  });
});

describe('REST driver: test connection and config', () => {
  const test = (ds: OpenDatasource<RestConfig>) => driver.test(ds, context());

  it('passes on any answer below 500 except 401 and 403', async () => {
    await expect(test(datasource({ baseUrl: `http://api.test:${port}/v1/users` }))).resolves.toBeUndefined();
    await expect(test(datasource({ baseUrl: `http://api.test:${port}/v1/status?code=404` }))).resolves.toBeUndefined();
    await expect(test(datasource({ baseUrl: `http://api.test:${port}/v1/status?code=405` }))).resolves.toBeUndefined();
  });

  it('fails on 401, 403, 5xx, and a refused address', async () => {
    for (const code of [401, 403]) {
      expect(await failure(test(datasource({ baseUrl: `http://api.test:${port}/v1/status?code=${code}` }, { token }))))
        .toMatchObject({ status: 502, code: 'datasource_unreachable', message: expect.stringMatching(/did not accept the credentials/) });
    }
    expect(await failure(test(datasource({ baseUrl: `http://api.test:${port}/v1/status?code=503` })))).toMatchObject({ code: 'datasource_unreachable', message: expect.stringMatching(/HTTP 503/) });
    expect(await failure(test(datasource({ baseUrl: 'http://169.254.169.254/' })))).toMatchObject({ code: 'address_refused' });
  });

  it('sends the credentials when testing', async () => {
    await test(datasource({ baseUrl: `http://api.test:${port}/v1/echo`, auth: { type: 'bearer' } }, { token }));
    expect(seen.at(-1)?.headers.authorization).toBe(`Bearer ${token}`);
  });

  it('refuses a base URL with credentials and invalid header names', async () => {
    expect(() => driver.validateConfig?.(datasource({ baseUrl: 'https://user:pw@api.example.com/' }).config)).toThrow(/cannot hold a user name or password/);
    expect(() => driver.validateConfig?.(datasource({ headers: [{ name: 'Host', value: 'x' }] }).config)).toThrow(/set by the server/);
    expect(() => driver.validateConfig?.(datasource({ auth: { type: 'apiKey', name: 'bad name', in: 'header' } }).config)).toThrow(/not a valid header name/);
  });

  it('treats another origin as another server (secrets cleared), another path as the same', () => {
    const base = datasource().config;
    expect(driver.movesTarget(base, { ...base, baseUrl: `http://api.test:${port}/v2` })).toBe(false);
    expect(driver.movesTarget(base, { ...base, baseUrl: `http://api.test:${port + 1}/v1` })).toBe(true);
    expect(driver.movesTarget(base, { ...base, baseUrl: `https://api.test:${port}/v1` })).toBe(true);
    expect(driver.movesTarget(base, { ...base, baseUrl: `http://evil.test:${port}/v1` })).toBe(true);
  });
});
