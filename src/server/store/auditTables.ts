// No foreign keys on the user, workspace and subject ids: the log outlives what it names.

export interface AuditEventsTable {
  id: string;
  type: string;
  actor_user_id: string | null;
  target_user_id: string | null;
  workspace_id: string | null;
  subject_id: string | null;
  ip: string;
  /** At most 512 characters. */
  user_agent: string;
  /** JSON text of AuditDetails (allow-listed names and counts). */
  details: string;
  created_at: string;
}

/** The audit tables, merged into `Database` in database.ts. */
export interface AuditTables {
  audit_events: AuditEventsTable;
}
