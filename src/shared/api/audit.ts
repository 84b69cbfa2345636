import { z } from 'zod';

/** The security events the audit log records (docs/security.md, Audit log). */
export const auditEventTypes = [
  'sign_up', 'sign_in', 'sign_in_failed', 'sign_out',
  'session_revoked', 'password_changed',
  'member_added', 'member_removed', 'member_role_changed',
  'datasource_created', 'datasource_changed', 'datasource_deleted',
  'app_published', 'security_settings_changed',
  // Issue 5, sign-in methods and administration.
  'password_recovery_requested', 'password_reset', 'password_change_failed',
  'two_factor_enabled', 'two_factor_disabled', 'recovery_codes_regenerated', 'recovery_code_used',
  'phone_changed', 'user_created', 'users_imported', 'app_imported',
] as const;
export type AuditEventType = (typeof auditEventTypes)[number];

/** A name in the details: an identifier such as `developer`, `postgres` or `secrets.password`, never a value someone typed. */
const auditName = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/);

/**
 * The allow-listed details of an event: names and counts only. Strict, so that a caller cannot
 * slip a value (a password, a query result, a typed value) into the log under a new key.
 */
export const auditDetailsSchema = z.object({
  /** A member's new role (member_added, member_role_changed). */
  role: auditName.optional(),
  /** A member's role before the change. */
  previousRole: auditName.optional(),
  /** postgres, mysql, sqlite, rest… */
  datasourceKind: auditName.optional(),
  /** Names of the fields a change touched, e.g. ['config.host', 'secrets.password']: names, never values. */
  changed: z.array(auditName).max(50).optional(),
  /** How many sessions a revocation ended. */
  revoked: z.number().int().min(0).optional(),
  /** Why a sign-in (or a password change) failed. */
  reason: z.enum(['unknown_email', 'wrong_password', 'wrong_code', 'wrong_second_factor', 'expired', 'wrong_current_password']).optional(),
  /** How the user signed in (a session provider: password, magic_url, email_otp, phone) or which factor was used (totp, recovery_code). */
  method: auditName.optional(),
  /** How many things an action concerned (users imported, recovery codes made…). */
  count: z.number().int().min(0).optional(),
  /** The published version of an app. */
  version: z.number().int().optional(),
}).strict();
export type AuditDetails = z.infer<typeof auditDetailsSchema>;

export const auditEventDtoSchema = z.object({
  id: z.string(),
  type: z.enum(auditEventTypes),
  /** Who acted; null when nobody was signed in (e.g. a failed sign-in). */
  actorUserId: z.string().nullable(),
  /** Whom it concerned (the user signed in, the member whose role changed…), when a user. */
  targetUserId: z.string().nullable(),
  workspaceId: z.string().nullable(),
  /** The datasource, app or session the event concerned. */
  subjectId: z.string().nullable(),
  ip: z.string(),
  userAgent: z.string(),
  details: auditDetailsSchema,
  createdAt: z.string(),
});
export type AuditEventDto = z.infer<typeof auditEventDtoSchema>;

/** Filters of GET /api/v1/admin/audit; `from` inclusive, `to` exclusive (ISO-8601). */
export const auditLogQuerySchema = z.object({
  type: z.enum(auditEventTypes).optional(),
  /** Events whose actor or target is this user. */
  userId: z.string().max(100).optional(),
  workspaceId: z.string().max(100).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  /** The nextCursor of the previous page. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
}).strict();
export type AuditLogQuery = z.infer<typeof auditLogQuerySchema>;

export const auditLogResponseSchema = z.object({
  /** Newest first. */
  events: z.array(auditEventDtoSchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type AuditLogResponse = z.infer<typeof auditLogResponseSchema>;
