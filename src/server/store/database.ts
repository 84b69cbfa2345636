import type { AccountTables } from './accountTables';
import type { AppTables } from './appTables';

/** Every table of the store, as Kysely sees it. */
export interface Database extends AccountTables, AppTables {}
