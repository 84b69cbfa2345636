import { z } from 'zod';
import { emailSchema, oneTimeCodeSchema } from './auth';

/**
 * An in-app path to come back to after signing in by the emailed link (`?next=` of the sign-in
 * page). Same-origin paths only, the same rule as the client's safeNext: never `//host`, a
 * backslash or a control character, so that the link cannot become an open redirect.
 */
export const signInNextSchema = z.string().max(512).refine(
  // eslint-disable-next-line no-control-regex
  (next) => next.startsWith('/') && !next.startsWith('//') && !/[\\\u0000-\u001f\u007f]/.test(next),
  'must be a path of this site',
);

/** Asks for a sign-in email (a 6-digit code and a magic link). Always answered 202 {}. */
export const emailSignInRequestSchema = z.object({
  email: emailSchema,
  /** Put into the magic link's fragment so that the link comes back to the same page. */
  next: signInNextSchema.optional(),
}).strict();
export type EmailSignInRequest = z.infer<typeof emailSignInRequestSchema>;

/** The 202 answer: the same for every email, known or not. */
export const emailSignInResponseSchema = z.object({}).strict();
export type EmailSignInResponse = z.infer<typeof emailSignInResponseSchema>;

/** Signs in with the emailed 6-digit code. */
export const emailSignInCodeRequestSchema = z.object({
  email: emailSchema,
  code: oneTimeCodeSchema,
}).strict();
export type EmailSignInCodeRequest = z.infer<typeof emailSignInCodeRequestSchema>;

/** Signs in with the token of the emailed link (read from the URL fragment by the SPA). */
export const emailSignInLinkRequestSchema = z.object({
  token: z.string().trim().min(1).max(200),
}).strict();
export type EmailSignInLinkRequest = z.infer<typeof emailSignInLinkRequestSchema>;

/** How long an emailed code and link live. */
export const emailSignInTtlMinutes = 15;
