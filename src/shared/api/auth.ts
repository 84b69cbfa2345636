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

export const sessionResponseSchema = z.object({ user: userDtoSchema });
export type SessionResponse = z.infer<typeof sessionResponseSchema>;
