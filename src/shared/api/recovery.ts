import { z } from 'zod';
import { emailSchema, passwordSchema } from './auth';

/** Asks for a recovery link; the answer is 202 whether or not the email has an account. */
export const passwordRecoveryRequestSchema = z.object({
  email: emailSchema,
}).strict();
export type PasswordRecoveryRequest = z.infer<typeof passwordRecoveryRequestSchema>;

/** Sets a new password with the link's single-use token (from the link's #token= fragment). */
export const passwordRecoveryConfirmRequestSchema = z.object({
  token: z.string().min(1).max(200),
  /** 8 to 256 characters, and whatever password policies the instance has switched on. */
  password: passwordSchema,
}).strict();
export type PasswordRecoveryConfirmRequest = z.infer<typeof passwordRecoveryConfirmRequestSchema>;
