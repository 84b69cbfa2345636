import type { ErrorCode } from '../../shared/errors';

/**
 * An error a route throws on purpose; the error handler answers with `{ code, message }` and
 * `status`. The message goes to the client, so it must never carry a secret or a query body.
 */
export class HttpError extends Error {
  override name = 'HttpError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
