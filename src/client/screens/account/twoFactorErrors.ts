import { ApiError } from '../../api/apiClient';
import { errorMessage } from '../../ui/errorMessage';

/** What to say about a refused two-factor request: the server's own words for the codes it explains. */
export function twoFactorErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return errorMessage(error);
  switch (error.code) {
    case 'invalid_two_factor_code':
    case 'two_factor_challenge_invalid':
    case 'two_factor_required':
    case 'rate_limited':
      return error.message;
    case 'invalid_credentials':
      return 'The password is wrong.';
    case 'bad_request':
      return 'Check the code: 6 digits from the app, or a recovery code like k7wq2-m9xp4.';
    default:
      return errorMessage(error);
  }
}

/** A base32 secret in groups of four, easier to type into an app by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}
