import { z } from 'zod';
import { emailSchema, passwordSchema } from './auth';

/** A user as instance administrators see it (GET/POST /api/v1/admin/users). Never a hash or a secret. */
export const adminUserDtoSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  /** E.164, when the user has one. */
  phone: z.string().nullable(),
  isInstanceAdmin: z.boolean(),
  /** TOTP two-factor authentication is on (enrolment confirmed). */
  twoFactorEnabled: z.boolean(),
  /** Imported with another system's password hash and not signed in since (the hash is not re-hashed yet). */
  imported: z.boolean(),
  /** Live (unexpired) sessions. */
  sessions: z.number().int().min(0),
  createdAt: z.string(),
});
export type AdminUserDto = z.infer<typeof adminUserDtoSchema>;

/** Query of GET /api/v1/admin/users: `search` matches email or name (case-insensitive, substring); ordered by email. */
export const adminUserListQuerySchema = z.object({
  search: z.string().trim().max(200).optional(),
  /** The nextCursor of the previous page. */
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
}).strict();
export type AdminUserListQuery = z.infer<typeof adminUserListQuerySchema>;

export const adminUserListResponseSchema = z.object({
  users: z.array(adminUserDtoSchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type AdminUserListResponse = z.infer<typeof adminUserListResponseSchema>;

/** POST /api/v1/admin/users: the dictionary and personal-data policies apply to the password. */
export const createAdminUserRequestSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).max(100),
  password: passwordSchema,
}).strict();
export type CreateAdminUserRequest = z.infer<typeof createAdminUserRequestSchema>;

/** PATCH /api/v1/admin/users/:userId/password: every policy applies, history included. */
export const setUserPasswordRequestSchema = z.object({ password: passwordSchema }).strict();
export type SetUserPasswordRequest = z.infer<typeof setUserPasswordRequestSchema>;
