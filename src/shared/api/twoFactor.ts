import { z } from 'zod';
import { oneTimeCodeSchema } from './auth';

/**
 * TOTP two-factor authentication (issue 5): enrolment, recovery codes and the second step of a
 * sign-in. TOTP is RFC 6238 with SHA-1, 6 digits and 30-second steps (what every authenticator
 * app reads from an otpauth:// URI); a code is accepted one step early or late, once.
 */

/** A recovery code as shown: 10 characters of a-z0-9 in two groups (`k7wq2-m9xp4`). Spaces, dashes and case are ignored. */
export const recoveryCodeSchema = z.string().trim().min(10).max(32)
  .transform((value) => value.replace(/[\s-]/g, '').toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9]{10}$/, 'must be a recovery code like k7wq2-m9xp4'));

/** How many recovery codes a user gets at enrolment and at each regeneration. */
export const recoveryCodeCount = 10;

export const twoFactorStatusSchema = z.object({
  /** TOTP is on: every sign-in asks for a code. */
  enabled: z.boolean(),
  /** An enrolment was started and not confirmed yet. */
  enrolling: z.boolean(),
  /** Unused recovery codes (0 when two-factor is off). */
  recoveryCodesLeft: z.number().int().min(0),
});
export type TwoFactorStatus = z.infer<typeof twoFactorStatusSchema>;

/** Starts (or restarts) an enrolment: the password again, as for every change of a sign-in factor. */
export const startTwoFactorRequestSchema = z.object({
  currentPassword: z.string().min(1).max(256),
}).strict();
export type StartTwoFactorRequest = z.infer<typeof startTwoFactorRequestSchema>;

/** The new secret: the only answer that ever holds it. */
export const startTwoFactorResponseSchema = z.object({
  /** Base32, for typing into an authenticator app by hand. */
  secret: z.string(),
  /** otpauth://totp/Cordon:<email>?secret=…&issuer=Cordon…, for the QR code. */
  otpauthUri: z.string(),
});
export type StartTwoFactorResponse = z.infer<typeof startTwoFactorResponseSchema>;

export const confirmTwoFactorRequestSchema = z.object({
  code: oneTimeCodeSchema,
}).strict();
export type ConfirmTwoFactorRequest = z.infer<typeof confirmTwoFactorRequestSchema>;

/** Recovery codes, shown once: only their hashes are kept. */
export const recoveryCodesResponseSchema = z.object({
  recoveryCodes: z.array(z.string()).length(recoveryCodeCount),
});
export type RecoveryCodesResponse = z.infer<typeof recoveryCodesResponseSchema>;

/** A TOTP code or a recovery code (exactly one). */
const secondFactorFields = {
  code: oneTimeCodeSchema.optional(),
  recoveryCode: recoveryCodeSchema.optional(),
};
function exactlyOneFactor(value: { code?: string; recoveryCode?: string }): boolean {
  return (value.code === undefined) !== (value.recoveryCode === undefined);
}
const oneFactorMessage = { message: 'Send either a code from the authenticator app or a recovery code.' };

/** Turns TOTP off: a current second factor, and the password when the client has it. */
export const disableTwoFactorRequestSchema = z.object({
  ...secondFactorFields,
  currentPassword: z.string().min(1).max(256).optional(),
}).strict().refine(exactlyOneFactor, oneFactorMessage);
export type DisableTwoFactorRequest = z.input<typeof disableTwoFactorRequestSchema>;

/** New recovery codes need a current TOTP code. */
export const regenerateRecoveryCodesRequestSchema = z.object({
  code: oneTimeCodeSchema,
}).strict();
export type RegenerateRecoveryCodesRequest = z.infer<typeof regenerateRecoveryCodesRequestSchema>;

/** The second step of a sign-in: the challenge and a TOTP or a recovery code. */
export const twoFactorSignInRequestSchema = z.object({
  challenge: z.string().min(1).max(200),
  ...secondFactorFields,
}).strict().refine(exactlyOneFactor, oneFactorMessage);
export type TwoFactorSignInRequest = z.input<typeof twoFactorSignInRequestSchema>;
