import { ApiError } from '../../api/apiClient';
import { errorMessage } from '../../ui/errorMessage';

/**
 * The words for a failed email sign-in request: the server's own message for a wrong or expired
 * code or link and for rate limits (it says how long to wait), the usual ones otherwise.
 */
export function emailSignInError(error: unknown): string {
  if (error instanceof ApiError && (error.code === 'invalid_code' || error.code === 'rate_limited')) return error.message;
  return errorMessage(error);
}
