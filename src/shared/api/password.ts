import { z } from 'zod';
import { passwordSchema, userDtoSchema } from './auth';

/** The signed-in user changes their password; the current one proves it is them. */
export const changePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1).max(256),
  /** 8 to 256 characters, and whatever password policies the instance has switched on. */
  newPassword: passwordSchema,
}).strict();
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

/**
 * A changed password ends every other session of the user (someone who knew the old password
 * may hold one); the session that made the change stays signed in.
 */
export const changePasswordResponseSchema = z.object({
  user: userDtoSchema,
  /** How many other sessions the change signed out. */
  otherSessionsRevoked: z.number().int(),
});
export type ChangePasswordResponse = z.infer<typeof changePasswordResponseSchema>;
