import { z } from 'zod';

/** An E.164 phone number: `+`, a country code and up to 15 digits in all. */
export const phoneSchema = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +14155550123');

/**
 * The instance's security settings, set by instance administrators on the Security page.
 * Every field has a safe default, so a settings object stored by an older version still parses.
 */
export const securitySettingsSchema = z.object({
  /** Refuse a new password equal to one of the last N (1 to 20); 0 = off. Code `password_recently_used`. */
  passwordHistory: z.number().int().min(0).max(20).default(0),
  /** Refuse the 10,000 most common passwords. Code `password_in_dictionary`. */
  passwordDictionary: z.boolean().default(false),
  /** Refuse passwords that contain the user's id, email, email local part, name or phone. Code `password_personal_data`. */
  passwordPersonalData: z.boolean().default(false),
  /** Sessions per user (1 to 100); a new session beyond it deletes the oldest. */
  sessionLimit: z.number().int().min(1).max(100).default(10),
  /** A session expires this many hours after its last use (1 hour to 365 days). */
  sessionDurationHours: z.number().int().min(1).max(24 * 365).default(24 * 30),
  /** Email the user about each new session (not the first, not magic URL or email code sign-ins). */
  sessionAlerts: z.boolean().default(false),
  /** Members who are not administrators see other members' names, emails and 2FA status as hidden. */
  membershipPrivacy: z.boolean().default(false),
  /** Every account must enrol TOTP two-factor authentication. */
  requireTwoFactor: z.boolean().default(false),
  /** Phone numbers that sign in with a fixed code and send no SMS (for testing SMS flows). */
  mockPhoneNumbers: z.array(z.object({ phone: phoneSchema, code: z.string().regex(/^\d{6}$/, 'must be 6 digits') }).strict()).max(100).default([]),
}).strict();
export type SecuritySettings = z.infer<typeof securitySettingsSchema>;

const setting = securitySettingsSchema.shape;

/**
 * A change: any subset of the settings; absent keys keep their stored values. Built without the
 * defaults on purpose: `.partial()` of the schema above would fill every absent key with its
 * default, so a PATCH of one setting would silently reset all the others.
 */
export const updateSecuritySettingsRequestSchema = z.object({
  passwordHistory: setting.passwordHistory.removeDefault().optional(),
  passwordDictionary: setting.passwordDictionary.removeDefault().optional(),
  passwordPersonalData: setting.passwordPersonalData.removeDefault().optional(),
  sessionLimit: setting.sessionLimit.removeDefault().optional(),
  sessionDurationHours: setting.sessionDurationHours.removeDefault().optional(),
  sessionAlerts: setting.sessionAlerts.removeDefault().optional(),
  membershipPrivacy: setting.membershipPrivacy.removeDefault().optional(),
  requireTwoFactor: setting.requireTwoFactor.removeDefault().optional(),
  mockPhoneNumbers: setting.mockPhoneNumbers.removeDefault().optional(),
} satisfies Record<keyof SecuritySettings, z.ZodType>).strict(); // a new setting must be listed here too
export type UpdateSecuritySettingsRequest = z.infer<typeof updateSecuritySettingsRequestSchema>;
