import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { HttpError } from '../../http/httpError';
import type { PreparedRestRequest } from './renderRestRequest';

/** A response as the driver reads it: status, headers, and the body's bytes (decoded from gzip, deflate or br). */
export interface RestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface SendOptions {
  dispatcher: Dispatcher;
  /** Aborted on the time limit or on cancel: the socket is closed, the remote server sees the request end. */
  signal: AbortSignal;
  /** Bytes of body (after decompression) beyond which the request is aborted: 502 response_too_large. */
  maxResponseBytes: number;
  /** Headers the credentials were put in: dropped when a redirect leads to another origin. */
  credentialHeaders: readonly string[];
  maxRedirects?: number;
  /** When false, the body is not read (Test connection needs only the status). */
  readBody?: boolean;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** Thrown when a redirect hop fails; the driver reports it as such. */
export class RedirectError extends Error {
  override name = 'RedirectError';
}

/**
 * Sends the request and follows redirects by hand (5 hops at most). Each hop to a new origin opens
 * a connection through the dispatcher, so the outbound address policy checks it; an
 * `address_refused` on a hop carries a message saying it was a redirect. Credentials set in
 * headers are dropped on a hop to another origin; 303 (and 301/302 after a POST) turn into a GET
 * without a body, as browsers do.
 */
export async function sendRestRequest(prepared: PreparedRestRequest, options: SendOptions): Promise<RestResponse> {
  let method: string = prepared.method;
  let url = prepared.url;
  let body = prepared.body;
  const headers = new Map(prepared.headers);
  const maxRedirects = options.maxRedirects ?? 5;
  for (let hop = 0; ; hop++) {
    let response: Dispatcher.ResponseData;
    try {
      response = await options.dispatcher.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: method as Dispatcher.HttpMethod,
        headers: Object.fromEntries(headers),
        body,
        signal: options.signal,
      });
    } catch (error) {
      if (hop > 0 && error instanceof HttpError && error.code === 'address_refused') {
        throw new HttpError(400, 'address_refused', `A redirect was refused. ${error.message}`);
      }
      throw error;
    }
    const location = response.headers.location;
    if (!redirectStatuses.has(response.statusCode) || typeof location !== 'string') {
      const bytes = options.readBody === false || method === 'HEAD'
        ? await discard(response.body)
        : await readBody(response, options.maxResponseBytes);
      return { status: response.statusCode, headers: response.headers, body: bytes };
    }
    await discard(response.body);
    if (hop >= maxRedirects) throw new RedirectError(`more than ${maxRedirects} redirects`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new RedirectError('a redirect to an address that is not a URL');
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new RedirectError('a redirect to a scheme other than http or https');
    next.hash = '';
    if (next.username || next.password) throw new RedirectError('a redirect to a URL with credentials');
    if (next.origin !== url.origin) for (const name of options.credentialHeaders) headers.delete(name);
    if (response.statusCode === 303 || ((response.statusCode === 301 || response.statusCode === 302) && method === 'POST')) {
      if (method !== 'HEAD') method = 'GET';
      body = undefined;
      headers.delete('content-type');
    }
    url = next;
  }
}

/** The body's bytes, decompressed, counted as they arrive: past the limit the request is aborted. */
async function readBody(response: Dispatcher.ResponseData, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  const encoding = String(response.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding === 'identity' && Number.isFinite(declared) && declared > maxBytes) {
    response.body.destroy();
    throw tooLarge(maxBytes);
  }
  let decoder: ReturnType<typeof decoderFor>;
  try {
    decoder = decoderFor(encoding);
  } catch (error) {
    response.body.destroy();
    throw error;
  }
  const stream: Readable = decoder ? response.body.pipe(decoder) : response.body;
  if (decoder) response.body.on('error', (error) => decoder.destroy(error));
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    response.body.destroy();
    decoder?.destroy();
    if (error instanceof HttpError) throw error;
    if (decoder && isZlibError(error)) throw new HttpError(502, 'datasource_unreachable', 'The API sent a compressed body that could not be decompressed.');
    throw error;
  }
  return Buffer.concat(chunks);
}

function decoderFor(encoding: string) {
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip();
  if (encoding === 'deflate') return createInflate();
  if (encoding === 'br') return createBrotliDecompress();
  if (encoding === 'identity' || encoding === '') return undefined;
  throw new HttpError(502, 'datasource_unreachable', 'The API answered with a content encoding Cordon does not read.');
}

async function discard(body: Readable & { dump?: () => Promise<void> }): Promise<Buffer> {
  try {
    if (body.dump) await body.dump();
    else body.destroy();
  } catch {
    // A body that fails while being thrown away changes nothing.
  }
  return Buffer.alloc(0);
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(502, 'response_too_large', `The API's response is larger than the limit of ${Math.round(maxBytes / 1_048_576 * 10) / 10} MB.`);
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}
