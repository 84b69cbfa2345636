import { ApiError } from '../../api/apiClient';
import { errorMessage } from '../../ui/errorMessage';
import { normalizePhoneInput } from '../../../shared/api/phone';
import { phoneSchema } from '../../../shared/api/security';

/** The number as typed, made E.164, or an error to show under the field. */
export function readPhoneInput(input: string): { phone: string; error?: undefined } | { phone?: undefined; error: string } {
  const phone = normalizePhoneInput(input);
  if (!phone) return { error: 'Enter your phone number.' };
  if (!phoneSchema.safeParse(phone).success) {
    return { error: 'Use the international format: + and the country code, then the number, e.g. +44 20 7946 0958.' };
  }
  return { phone };
}

/** The words for a failed phone request: the server's own message for codes and limits (it says what to do or how long to wait). */
export function phoneError(error: unknown): string {
  if (error instanceof ApiError && (error.code === 'invalid_code' || error.code === 'rate_limited' || error.code === 'phone_taken')) return error.message;
  return errorMessage(error);
}
