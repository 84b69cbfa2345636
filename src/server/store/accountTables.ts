import type { Generated } from 'kysely';
import type { Role } from '../../shared/api/workspaces';

// Portable column types (same migrations on SQLite and PostgreSQL): ids are text, timestamps
// are ISO-8601 strings, booleans are integers 0/1, JSON is text.

export interface UsersTable {
  id: string;
  /** Lower-cased by the request schema; unique. */
  email: string;
  name: string;
  /** Argon2id PHC string. */
  password_hash: string;
  /** 1 for the first account of the instance (a partial unique index keeps it to one row). */
  is_instance_admin: number;
  created_at: string;
  /** JSON text: Argon2id PHC strings of the last passwords, newest last (kept only while the history policy is on). */
  password_history: Generated<string>;
  /**
   * JSON text of an imported hash ({ algorithm, hash, ...options }) for a user imported from
   * another system; verified at the first sign-in, then replaced by Argon2id and set to null.
   */
  password_import: string | null;
  /** E.164 phone number, unique when set. */
  phone: string | null;
  /**
   * The TOTP secret (base32) sealed by the secret box (crypto/secretBox.ts); set when enrolment
   * starts, in use only once `totp_enabled_at` is set.
   */
  totp_secret: string | null;
  /** When the user confirmed TOTP enrolment; null = no second factor. */
  totp_enabled_at: string | null;
  /** JSON text: sha256 hex of the unused recovery codes. */
  recovery_codes: Generated<string>;
  /** When the user's first session began (null: never signed in); session alerts skip the first. */
  first_session_at: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  /** sha256 of the cookie token, hex; the token itself is never stored. */
  token_hash: string;
  created_at: string;
  last_used_at: string;
  expires_at: string;
  /** The User-Agent the session was created from ('' when none). */
  user_agent: Generated<string>;
  /** The client address the session was created from. */
  ip: Generated<string>;
  /** How the user signed in: password, magic_url, email_otp, phone. */
  provider: Generated<string>;
  /**
   * null: a full session. 'two_factor_enrolment': the instance requires two-factor
   * authentication and the user has none yet; the session may only enrol one (and sign out).
   */
  restriction: SessionRestriction | null;
}

export type SessionRestriction = 'two_factor_enrolment';

/** What a one-time secret is for. */
export type OneTimeSecretPurpose = 'password_recovery' | 'email_code' | 'magic_url' | 'phone_code' | 'phone_verification' | 'two_factor_challenge';

/**
 * Short-lived single-use secrets (codes, link tokens, challenges). Only a hash is stored. `target`
 * is what the secret was sent to or is bound to (an email, a phone number, a user id), so a code
 * is only tried against the secrets issued to the same target.
 */
export interface OneTimeSecretsTable {
  id: string;
  purpose: OneTimeSecretPurpose;
  user_id: string | null;
  target: string;
  /** sha256 hex of the secret (with the purpose and target mixed in; see auth/oneTimeSecrets.ts). */
  secret_hash: string;
  /** JSON text of what the purpose needs later (e.g. the first factor of a two-factor challenge); null when nothing. */
  data: string | null;
  /** Wrong guesses against this secret; it is dead at the purpose's limit. */
  attempts: Generated<number>;
  created_at: string;
  expires_at: string;
  consumed_at: string | null;
}

/**
 * Email and SMS messages. With a mail server (CORDON_SMTP_URL) or an SMS webhook the message is
 * sent and its body dropped (status 'sent' or 'failed'); without one it stays here with its body
 * (status 'outbox') for instance administrators to read, so nothing is lost.
 */
export interface MessagesTable {
  id: string;
  channel: 'email' | 'sms';
  /** password_recovery, session_alert, email_sign_in, phone_code, phone_verification, ... */
  kind: string;
  user_id: string | null;
  /** An email address or an E.164 number. */
  recipient: string;
  /** The email subject ('' for SMS). */
  subject: string;
  /** The text; kept only while the message is in the outbox (null once sent). */
  body: string | null;
  status: 'outbox' | 'sent' | 'failed';
  /** Why sending failed (the transport's message, never the body). */
  error: string | null;
  created_at: string;
  sent_at: string | null;
  /** When the code or link in the body expires: a kept body is dropped after it. Null: no secret in it. */
  body_expires_at: string | null;
}

/** The instance's security settings: one row, id 'instance', settings as JSON text (SecuritySettings). */
export interface SecuritySettingsTable {
  id: string;
  settings: string;
  updated_at: string;
}

/** Fixed-window counters of the rate limits; `key` names the limit and the subject (e.g. `sign-in:email:<hash>`). */
export interface RateLimitsTable {
  key: string;
  window_start: string;
  count: number;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  created_at: string;
}

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: Role;
  created_at: string;
}

/** The account tables, merged into `Database` in database.ts. */
export interface AccountTables {
  users: UsersTable;
  sessions: SessionsTable;
  workspaces: WorkspacesTable;
  memberships: MembershipsTable;
  security_settings: SecuritySettingsTable;
  rate_limits: RateLimitsTable;
  one_time_secrets: OneTimeSecretsTable;
  messages: MessagesTable;
}
