import type { ExecuteResponse } from '../../../shared/api/execute';
import { HttpError } from '../../http/httpError';
import type { RunMode } from '../datasourceErrors';
import { maskSecrets } from './restAuth';
import type { RestResponse } from './sendRestRequest';

/**
 * Response headers a query may see: the content type and pagination or rate-limit hints. Never
 * `set-cookie`, nor anything else the remote server sends (it may carry session tokens).
 */
const safeHeaders = [
  'content-type', 'content-language', 'etag', 'last-modified', 'link', 'retry-after',
  'x-total-count', 'x-total', 'x-total-pages', 'x-page', 'x-per-page', 'x-next-page', 'x-prev-page',
  'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-request-id',
] as const;

/**
 * A 2xx response as the query's result: `http` with the status, the safe headers and the body
 * (parsed when the content type is JSON, text otherwise, null for an empty body); `rows` is the
 * body when it is an array of objects (so tables can show it), else []. Every form of the
 * datasource's secrets is masked in the body and headers: an API that reflects the request (an
 * echo endpoint, a `link` header with the API key in its URL) must not hand the secret to the
 * builder or a viewer (I2).
 */
export function toExecuteResponse(response: RestResponse, durationMs: number, secretForms: readonly string[]): ExecuteResponse {
  const body = maskDeep(decodeBody(response), secretForms);
  const rows = Array.isArray(body) && body.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))
    ? body as Array<Record<string, unknown>>
    : [];
  return {
    rows,
    fields: [],
    rowCount: rows.length,
    truncated: false,
    durationMs,
    http: { status: response.status, headers: pickSafeHeaders(response.headers, secretForms), body },
  };
}

/**
 * 400 `query_failed` for a response outside 2xx. View mode: the status only. Edit mode: the status
 * and the start of the body (at most 300 characters, every secret form masked), which is what a
 * builder needs to fix a request; never the URL.
 */
export function statusError(response: RestResponse, mode: RunMode, secretForms: readonly string[]): HttpError {
  const summary = `The API answered with HTTP ${response.status}`;
  if (mode === 'view') return new HttpError(400, 'query_failed', `${summary}.`);
  const text = maskSecrets(new TextDecoder('utf-8', { fatal: false }).decode(response.body.subarray(0, 4_096)), secretForms).trim();
  const excerpt = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return new HttpError(400, 'query_failed', excerpt === '' ? `${summary}.` : `${summary}: ${excerpt}`);
}

function decodeBody(response: RestResponse): unknown {
  if (response.body.length === 0) return null;
  const contentType = headerText(response.headers['content-type']).toLowerCase();
  const text = new TextDecoder(charsetOf(contentType), { fatal: false }).decode(response.body);
  if (/^application\/(?:[\w.+-]+\+)?json\b|^text\/json\b/.test(contentType)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function charsetOf(contentType: string): string {
  const label = /;\s*charset="?([\w.:-]+)"?/.exec(contentType)?.[1] ?? 'utf-8';
  try {
    new TextDecoder(label);
    return label;
  } catch {
    return 'utf-8';
  }
}

function pickSafeHeaders(headers: RestResponse['headers'], secretForms: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of safeHeaders) {
    const value = headers[name];
    if (value !== undefined) picked[name] = maskSecrets(headerText(value), secretForms);
  }
  return picked;
}

/** The value with every string in it (object keys too) masked; parsed first, so escapes like `\u0041` cannot hide a secret. */
function maskDeep(value: unknown, forms: readonly string[]): unknown {
  if (forms.length === 0) return value;
  if (typeof value === 'string') return maskSecrets(value, forms);
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, forms));
  if (value !== null && typeof value === 'object') {
    const masked: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) masked[maskSecrets(key, forms)] = maskDeep(item, forms);
    return masked;
  }
  return value;
}

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : value ?? '';
}
