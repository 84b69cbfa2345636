import type { Migration, MigrationProvider } from 'kysely';
import * as accounts from './0001_accounts';
import * as apps from './0002_apps';
import * as restActions from './0003_rest_actions';
import * as accountSecurity from './0004_account_security';
import * as auditLog from './0005_audit_log';
import * as signInMethods from './0006_sign_in_methods';
import * as messageBodyExpiry from './0007_message_body_expiry';

/**
 * Every migration, in order. A static list (not a folder scan) so that it works the same under
 * tsx, Vitest and a bundler. Never edit a shipped migration; add the next one.
 */
export const migrations: Record<string, Migration> = {
  '0001_accounts': accounts,
  '0002_apps': apps,
  '0003_rest_actions': restActions,
  '0004_account_security': accountSecurity,
  '0005_audit_log': auditLog,
  '0006_sign_in_methods': signInMethods,
  '0007_message_body_expiry': messageBodyExpiry,
};

/** Kysely's Migrator reads the list through this provider. */
export const staticMigrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
