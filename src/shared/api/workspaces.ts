import { z } from 'zod';
import { emailSchema } from './auth';

/**
 * Roles inside a workspace, from most to least powerful.
 * - administrator: everything, including members and datasources.
 * - developer: builds apps, queries and datasources; cannot manage members.
 * - app_viewer: opens published apps of the workspace, nothing else.
 */
export const roles = ['administrator', 'developer', 'app_viewer'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const workspaceDtoSchema = z.object({ id: z.string(), name: z.string(), role: roleSchema });
export type WorkspaceDto = z.infer<typeof workspaceDtoSchema>;

export const createWorkspaceRequestSchema = z.object({ name: z.string().trim().min(1).max(100) }).strict();

/**
 * A member of a workspace. With membership privacy on (security settings), a caller who is not
 * an Administrator of the workspace gets every other member's row with `hidden: true` and
 * `name`, `email` and `twoFactorEnabled` null (the real values are never sent); their own row
 * and, with privacy off, every row carry the values and `hidden: false`.
 */
export const memberDtoSchema = z.object({
  userId: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  role: roleSchema,
  /** TOTP two-factor authentication is on; null when hidden. */
  twoFactorEnabled: z.boolean().nullable(),
  /** True when membership privacy hides this member's name, email and two-factor status from the caller. */
  hidden: z.boolean(),
});
export type MemberDto = z.infer<typeof memberDtoSchema>;

/** Adds an existing account to the workspace by email. */
export const addMemberRequestSchema = z.object({ email: emailSchema, role: roleSchema }).strict();
export type AddMemberRequest = z.infer<typeof addMemberRequestSchema>;

export const updateMemberRequestSchema = z.object({ role: roleSchema }).strict();
