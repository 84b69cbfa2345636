import { z } from 'zod';
import { oneTimeCodeSchema } from './auth';
import { phoneSchema } from './security';

/**
 * A phone number as the API takes it: E.164 (`+14155550123`) after trimming. The client strips
 * spaces, dashes, dots and brackets before sending (see `normalizePhoneInput`), so people may type
 * `+1 (415) 555-0123`.
 */
export const phoneNumberSchema = z.string().trim().pipe(phoneSchema);

/** Asks for a sign-in code by SMS. Always answered 202, whether an account has the number or not. */
export const phoneSignInRequestSchema = z.object({
  phone: phoneNumberSchema,
}).strict();
export type PhoneSignInRequest = z.infer<typeof phoneSignInRequestSchema>;

/** The 202 answer of asking for a code (sign-in or verification): `{}`, the same for every number. */
export const codeSentResponseSchema = z.object({}).strict();
export type CodeSentResponse = z.infer<typeof codeSentResponseSchema>;

/** A number and the 6-digit code texted to it (or a mock number's fixed code). */
const phoneCodeRequestSchema = z.object({
  phone: phoneNumberSchema,
  code: oneTimeCodeSchema,
}).strict();

/** Signs in with the code of the SMS. */
export const phoneSignInCodeRequestSchema = phoneCodeRequestSchema;
export type PhoneSignInCodeRequest = z.infer<typeof phoneSignInCodeRequestSchema>;

/** The signed-in user's phone number (E.164), or null when the account has none. */
export const accountPhoneResponseSchema = z.object({
  phone: z.string().nullable(),
});
export type AccountPhoneResponse = z.infer<typeof accountPhoneResponseSchema>;

/** Adds or changes the account's number: the current password proves it is you; a code goes to the new number. */
export const changePhoneRequestSchema = z.object({
  phone: phoneNumberSchema,
  currentPassword: z.string().min(1).max(256),
}).strict();
export type ChangePhoneRequest = z.infer<typeof changePhoneRequestSchema>;

/** The code sent to the new number; saves the number. */
export const verifyPhoneRequestSchema = phoneCodeRequestSchema;
export type VerifyPhoneRequest = z.infer<typeof verifyPhoneRequestSchema>;

/**
 * What people type, made E.164 where it is unambiguous: spaces, dashes, dots and brackets go,
 * a leading `00` becomes `+`. Anything else is left for the schema to refuse.
 */
export function normalizePhoneInput(input: string): string {
  const compact = input.trim().replace(/[\s().-]/g, '');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
}
