import { ApiError } from '../api/apiClient';

/** Friendlier words for the error codes a person can do something about. */
const byCode: Partial<Record<string, string>> = {
  email_taken: 'An account with this email already exists. Sign in instead.',
  invalid_credentials: 'Wrong email or password.',
  forbidden: 'Your role does not allow this.',
  cross_origin: 'The request came from another site and was refused.',
  rate_limited: 'Too many attempts. Wait a moment and try again.',
};

/** The message to show for a failed request: by error code when known, else the server's message. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return byCode[error.code] ?? error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
