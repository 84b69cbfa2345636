import type { RateLimitRule } from './rateLimitCounter';

const hourMs = 60 * 60 * 1000;

/**
 * Every rate limit of the server, in one place (numbers after Appwrite's, docs/security.md
 * "Rate limits"). The name is the first part of the store key, so renaming one starts its
 * counts from zero. Endpoints added later (email codes, recovery, phone codes) add a line here
 * and call `limitAttempt` with it.
 */
export const rateLimitPolicies = {
  /** Failed sign-ins (a right password gives its attempt back), per email and per address. */
  signIn: { name: 'sign-in', limit: 10, windowMs: hourMs },
  /** Sign-up attempts per address, successful or not (accounts made and emails probed). */
  signUp: { name: 'sign-up', limit: 10, windowMs: hourMs },
  /** Recovery emails asked for, per email and per address. */
  passwordRecovery: { name: 'recovery', limit: 10, windowMs: hourMs },
  /** Recovery links used (right or wrong token), per address. */
  passwordRecoveryConfirm: { name: 'recovery-confirm', limit: 10, windowMs: hourMs },
  /** Email sign-in codes and links asked for, per email and per address. */
  emailSignIn: { name: 'email-sign-in', limit: 10, windowMs: hourMs },
  /** Phone sign-in and verification SMS asked for, per number and per address (SMS cost money). */
  phoneSignIn: { name: 'phone-sign-in', limit: 10, windowMs: hourMs },
  /** Wrong one-time codes or link tokens (email, SMS), per target and per address; a right one gives its attempt back. */
  codeAttempt: { name: 'code-attempt', limit: 10, windowMs: hourMs },
  /**
   * Members added by email, per user and per address; an account found gives its attempt back.
   * Adding a member says whether an email has an account, so probing emails this way is limited
   * like the sign-in routes that never say it.
   */
  memberAdd: { name: 'member-add', limit: 20, windowMs: hourMs },
  /** Wrong TOTP or recovery codes, per user and per address; a right one gives its attempt back. */
  twoFactorAttempt: { name: 'two-factor', limit: 10, windowMs: hourMs },
} as const satisfies Record<string, RateLimitRule & { name: string }>;

export type RateLimitPolicy = (typeof rateLimitPolicies)[keyof typeof rateLimitPolicies];

/** The longest window of all policies: a counter older than this is dead and may be swept. */
export const longestRateLimitWindowMs = Math.max(...Object.values(rateLimitPolicies).map((policy) => policy.windowMs));
