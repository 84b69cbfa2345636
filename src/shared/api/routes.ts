/**
 * Every API path, in one place, so that the client and the server cannot drift apart.
 * Paths with parameters are functions; the server registers the same shapes with `:param`.
 */
export const apiRoutes = {
  health: '/api/health',
  openapi: '/api/openapi.json',
  config: '/api/v1/config',
  signUp: '/api/v1/auth/sign-up',
  signIn: '/api/v1/auth/sign-in',
  signOut: '/api/v1/auth/sign-out',
  me: '/api/v1/auth/me',
  /** Password recovery by email (issue 5): asks for a link; always 202, whether the email exists or not. */
  passwordRecovery: '/api/v1/auth/recovery',
  /** Sets a new password with the link's single-use token. */
  passwordRecoveryConfirm: '/api/v1/auth/recovery/confirm',
  /** Email sign-in: sends a one-time code and a magic link; always 202. */
  emailSignIn: '/api/v1/auth/email-sign-in',
  /** Signs in with the emailed one-time code. */
  emailSignInCode: '/api/v1/auth/email-sign-in/code',
  /** Signs in with the magic link's token (the SPA page posts it; a GET never signs in). */
  emailSignInLink: '/api/v1/auth/email-sign-in/link',
  /** Phone sign-in: sends a 6-digit SMS code (mock numbers send nothing); always 202. */
  phoneSignIn: '/api/v1/auth/phone-sign-in',
  /** Signs in with the SMS code. */
  phoneSignInCode: '/api/v1/auth/phone-sign-in/code',
  /** The second step of a sign-in by a user with TOTP: the challenge and a TOTP or recovery code. */
  twoFactorSignIn: '/api/v1/auth/two-factor',
  workspaces: '/api/v1/workspaces',
  members: (workspaceId: string) => `/api/v1/workspaces/${enc(workspaceId)}/members`,
  member: (workspaceId: string, userId: string) => `/api/v1/workspaces/${enc(workspaceId)}/members/${enc(userId)}`,
  workspaceApps: (workspaceId: string) => `/api/v1/workspaces/${enc(workspaceId)}/apps`,
  importApp: (workspaceId: string) => `/api/v1/workspaces/${enc(workspaceId)}/apps/import`,
  app: (appId: string) => `/api/v1/apps/${enc(appId)}`,
  appEmbedding: (appId: string) => `/api/v1/apps/${enc(appId)}/embedding`,
  publishApp: (appId: string) => `/api/v1/apps/${enc(appId)}/publish`,
  exportApp: (appId: string) => `/api/v1/apps/${enc(appId)}/export`,
  /** Edit mode: runs the saved draft body of a query. Developers and Administrators only. */
  runDraftQuery: (appId: string, queryId: string) => `/api/v1/apps/${enc(appId)}/queries/${enc(queryId)}/run`,
  /** View mode: the published app. */
  viewApp: (appId: string) => `/api/v1/view/apps/${enc(appId)}`,
  /** View mode: runs a published query by its action id from the view DTO. */
  executeAction: (actionId: string) => `/api/v1/actions/${enc(actionId)}/execute`,
  /** Instance administrators: the security settings (issue 5). */
  securitySettings: '/api/v1/admin/security',
  /** The signed-in user's own account. */
  accountPassword: '/api/v1/account/password',
  accountSessions: '/api/v1/account/sessions',
  accountSession: (sessionId: string) => `/api/v1/account/sessions/${enc(sessionId)}`,
  /** The account's phone number: POST sends a verification code to a new number, DELETE removes it. */
  accountPhone: '/api/v1/account/phone',
  /** Saves the new number with its verification code. */
  accountPhoneVerify: '/api/v1/account/phone/verify',
  /** TOTP two-factor: GET status, POST starts enrolment (secret and otpauth URI), DELETE turns it off. */
  accountTwoFactor: '/api/v1/account/two-factor',
  /** Confirms enrolment with a first code; answers the recovery codes (shown once). */
  accountTwoFactorConfirm: '/api/v1/account/two-factor/confirm',
  /** Replaces the recovery codes (the old ones stop working). */
  accountRecoveryCodes: '/api/v1/account/two-factor/recovery-codes',
  /** Instance administrators: a user's sessions. */
  userSessions: (userId: string) => `/api/v1/admin/users/${enc(userId)}/sessions`,
  /** Instance administrators: import users with existing password hashes (JSON or CSV; issue 5). */
  importUsers: '/api/v1/admin/users/import',
  /** Instance administrators: the audit log of security events (issue 5). */
  auditLog: '/api/v1/admin/audit',
  /** Instance administrators: the email and SMS messages kept in the outbox, and what was sent. */
  outbox: '/api/v1/admin/outbox',
  /** Instance administrators: list (GET) and create (POST) users. */
  adminUsers: '/api/v1/admin/users',
  /** Instance administrators: set a user's password (password policies apply). */
  adminUserPassword: (userId: string) => `/api/v1/admin/users/${enc(userId)}/password`,
  /** Instance administrators: turn off a user's two-factor authentication (lost device and recovery codes). */
  adminUserTwoFactor: (userId: string) => `/api/v1/admin/users/${enc(userId)}/two-factor`,
  datasources: (workspaceId: string) => `/api/v1/workspaces/${enc(workspaceId)}/datasources`,
  datasource: (datasourceId: string) => `/api/v1/datasources/${enc(datasourceId)}`,
  testDatasource: (datasourceId: string) => `/api/v1/datasources/${enc(datasourceId)}/test`,
  /** Tests a datasource that is not saved yet (body: a create request, secrets inline). */
  testDatasourceDraft: (workspaceId: string) => `/api/v1/workspaces/${enc(workspaceId)}/datasources/test`,
  /** Creates the workspace's copy of the sample database (a SQLite datasource) with one click. */
  sampleDatasource: (workspaceId: string) => `/api/v1/workspaces/${enc(workspaceId)}/datasources/sample`,
  /** The SQLite files under DATA_DIR/databases that a SQLite datasource may open. */
  sqliteFiles: (workspaceId: string) => `/api/v1/workspaces/${enc(workspaceId)}/sqlite-files`,
} as const;

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
