import type { RestRequest } from '../../../shared/appDocument';
import type { RestConfig } from '../../../shared/api/datasources';
import { renderJsonBody } from './renderJsonBody';
import { renderRestUrl, renderText } from './renderRestUrl';
import { restRequestError } from './restRequestError';

/** A request ready to send, before the server adds the datasource's credentials. */
export interface PreparedRestRequest {
  method: RestRequest['method'];
  url: URL;
  /** Lower-case name -> value. */
  headers: Map<string, string>;
  body: string | undefined;
}

/** RFC 9110 token: what a header name may be made of. */
const tokenPattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Headers the server decides: framing, the connection, the target host. A builder who could set
 * them could smuggle a second request or talk to another virtual host than the one checked.
 */
const reservedHeaders = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect', 'proxy-authorization', 'proxy-connection', 'http2-settings']);

const defaultContentTypes = { json: 'application/json', text: 'text/plain; charset=utf-8', form: 'application/x-www-form-urlencoded' } as const;

/**
 * Builds the request of a REST query from the datasource's config and the query's template, each
 * binding encoded for its place (see renderRestUrl, renderJsonBody; header values refuse CR, LF
 * and NUL). Query headers override datasource headers of the same name. No secret is added here.
 */
export function renderRestRequest(config: RestConfig, request: RestRequest, params: Record<string, unknown>): PreparedRestRequest {
  const url = renderRestUrl(config.baseUrl, request.path, config.queryParams, request.queryParams, params);
  const headers = new Map<string, string>();
  for (const header of config.headers) headers.set(checkedHeaderName(header.name), checkedHeaderValue(header.name, header.value));
  for (const header of request.headers) headers.set(checkedHeaderName(header.name), checkedHeaderValue(header.name, renderText(header.value, params)));

  let body: string | undefined;
  if (request.bodyType === 'json') body = renderJsonBody(request.body, params);
  else if (request.bodyType === 'text') body = renderText(request.body, params);
  else if (request.bodyType === 'form') {
    const form = new URLSearchParams();
    for (const field of request.formFields) form.append(field.name, renderText(field.value, params));
    body = form.toString();
  }
  if (request.method === 'HEAD') body = undefined;
  if (body !== undefined && request.bodyType !== 'none' && !headers.has('content-type')) headers.set('content-type', defaultContentTypes[request.bodyType]);
  if (!headers.has('accept')) headers.set('accept', 'application/json, text/plain;q=0.9, */*;q=0.8');
  // Compressed bodies are decompressed as they arrive, and the size limit counts the decompressed bytes.
  if (!headers.has('accept-encoding')) headers.set('accept-encoding', 'gzip, deflate, br');
  if (!headers.has('user-agent')) headers.set('user-agent', 'Cordon');
  return { method: request.method, url, headers, body };
}

/** The lower-case name of a header a builder may set; 400 otherwise. */
export function checkedHeaderName(name: string): string {
  if (!tokenPattern.test(name)) throw restRequestError(`"${name.slice(0, 100)}" is not a valid header name`);
  const lower = name.toLowerCase();
  if (reservedHeaders.has(lower) || lower.startsWith('proxy-')) throw restRequestError(`the ${name} header is set by the server`);
  return lower;
}

/** A header value with no line breaks, NUL or characters beyond Latin-1 (HTTP header values are bytes); 400 otherwise. */
export function checkedHeaderValue(name: string, value: string): string {
  if (/[\r\n\0]/.test(value)) throw restRequestError(`the value of the ${name} header holds a line break or a NUL character`);
  if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) throw restRequestError(`the value of the ${name} header holds a control character or a character beyond Latin-1`);
  return value.trim();
}
