import { HttpError } from '../../http/httpError';

/**
 * 400 `query_failed` for a REST request that cannot be built from its template and values. The
 * message names the place (a header's name, "the path") but never a value or the URL.
 */
export function restRequestError(message: string): HttpError {
  return new HttpError(400, 'query_failed', `The request cannot be sent: ${message}.`);
}
