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

export const memberDtoSchema = z.object({ userId: z.string(), email: z.string(), name: z.string(), role: roleSchema });
export type MemberDto = z.infer<typeof memberDtoSchema>;

/** Adds an existing account to the workspace by email. */
export const addMemberRequestSchema = z.object({ email: emailSchema, role: roleSchema }).strict();
export type AddMemberRequest = z.infer<typeof addMemberRequestSchema>;

export const updateMemberRequestSchema = z.object({ role: roleSchema }).strict();
