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
}
