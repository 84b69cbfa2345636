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
}

export interface SessionsTable {
  id: string;
  user_id: string;
  /** sha256 of the cookie token, hex; the token itself is never stored. */
  token_hash: string;
  created_at: string;
  last_used_at: string;
  expires_at: string;
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
}
