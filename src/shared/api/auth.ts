import { z } from 'zod';

/** Emails are trimmed and lower-cased before use, so `A@x.io` and `a@x.io` are one account. */
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254));
/** Passwords: 8 to 256 characters. Stronger rules are workspace security settings (issue 5). */
export const passwordSchema = z.string().min(8, 'must be at least 8 characters').max(256);

export const signUpRequestSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1).max(100),
}).strict();
export type SignUpRequest = z.infer<typeof signUpRequestSchema>;

export const signInRequestSchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(256),
}).strict();
export type SignInRequest = z.infer<typeof signInRequestSchema>;

/** What the API says about a user. Never a hash, a token or a session id. */
export const userDtoSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  /** The first account of an instance administers it. */
  isInstanceAdmin: z.boolean(),
});
export type UserDto = z.infer<typeof userDtoSchema>;

/**
 * null: a full session. 'two_factor_enrolment': the instance requires two-factor authentication
 * and this user has none yet; until they enrol, every route but enrolment and sign-out answers
 * 403 `two_factor_enrolment_required`.
 */
export const sessionRestrictionSchema = z.enum(['two_factor_enrolment']).nullable();
export type SessionRestriction = z.infer<typeof sessionRestrictionSchema>;

export const sessionResponseSchema = z.object({
  user: userDtoSchema,
  /** Absent or null: a full session. */
  restriction: sessionRestrictionSchema.optional(),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

/** A first factor was right and the user has TOTP: no session yet; POST the challenge with a code to apiRoutes.twoFactorSignIn. */
export const twoFactorChallengeSchema = z.object({
  /** Single use, bound to the user and the first factor; expires at `expiresAt`. */
  challenge: z.string(),
  expiresAt: z.string(),
});
export type TwoFactorChallenge = z.infer<typeof twoFactorChallengeSchema>;

/** What every sign-in method answers: a session, or a two-factor challenge. */
export const signInResponseSchema = z.union([
  sessionResponseSchema,
  z.object({ twoFactor: twoFactorChallengeSchema }),
]);
export type SignInResponse = z.infer<typeof signInResponseSchema>;

/** A 6-digit one-time code (email, SMS, TOTP). */
export const oneTimeCodeSchema = z.string().trim().regex(/^\d{6}$/, 'must be 6 digits');
