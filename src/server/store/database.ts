import type { AccountTables } from './accountTables';
import type { AppTables } from './appTables';
import type { AuditTables } from './auditTables';

/** Every table of the store, as Kysely sees it. */
export interface Database extends AccountTables, AppTables, AuditTables {}
