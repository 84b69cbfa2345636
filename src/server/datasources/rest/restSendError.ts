import { HttpError } from '../../http/httpError';
import { cancelledError } from '../datasourceErrors';
import { RedirectError } from './sendRestRequest';

/** How a request ended before a usable response: which signal fired, if any. */
export interface AbortState {
  cancelled: boolean;
  timedOut: boolean;
  timeoutMs: number;
}

const tlsCodes = /^(?:CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(?:VERIFY|GET_ISSUER)|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/;

/**
 * The HttpError for a REST request that failed without a response: our own errors (policy,
 * size, bad template) as they are; cancel and timeout by which signal fired; everything else a
 * 502 `datasource_unreachable` from a fixed list. Never undici's own message, which can carry the
 * URL (and with it an API key in a query parameter).
 */
export function restSendError(error: unknown, abort: AbortState): HttpError {
  if (error instanceof HttpError) return error;
  if (abort.cancelled) return cancelledError();
  if (abort.timedOut) return new HttpError(400, 'query_failed', `The request was cancelled: it ran longer than its time limit of ${abort.timeoutMs} ms.`);
  if (error instanceof RedirectError) return new HttpError(400, 'query_failed', `The API's redirect was not followed: ${error.message}.`);
  const code = errorCode(error);
  let reason = 'the connection failed';
  if (code === 'ECONNREFUSED') reason = 'the connection was refused';
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') reason = 'the host name was not found';
  else if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') reason = 'the connection timed out';
  else if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') reason = 'the server closed the connection';
  else if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') reason = 'the host is unreachable';
  else if (code !== undefined && tlsCodes.test(code)) reason = "the server's TLS certificate was not accepted";
  else if (code === 'HPE_INVALID_CONSTANT' || code?.startsWith('HPE_')) reason = 'the server did not answer with valid HTTP';
  return new HttpError(502, 'datasource_unreachable', `Could not reach the API: ${reason}.`);
}

/** The most telling code along the error's cause chain (a system error code over undici's generic socket code). */
function errorCode(error: unknown): string | undefined {
  const codes: string[] = [];
  let current = error as { code?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === 'string') codes.push(current.code);
    current = current.cause as typeof current;
  }
  return codes.find((code) => code !== 'UND_ERR_SOCKET') ?? codes[0];
}
