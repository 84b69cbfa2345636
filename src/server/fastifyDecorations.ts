// Types of the decorators app.ts adds, by declaration merging (Fastify's way).
import type { Kysely } from 'kysely';
import type { ServerConfig } from './config/loadConfig';
import type { Database } from './store/database';
import type { SessionRestriction } from './store/accountTables';
import type { StoreDialect } from './store/createDatabase';
import type { StoreChanges } from './store/StoreChanges';

/** Who sent the request, resolved from the session cookie; null when signed out. */
export interface RequestAuth {
  userId: string;
  sessionId: string;
  /**
   * null: a full session. 'two_factor_enrolment': the instance requires two-factor and the user
   * has none; authPlugin lets such a session reach only the routes of restrictedSessionRoutes.
   */
  restriction: SessionRestriction | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The store. Closed when the app closes. */
    db: Kysely<Database>;
    /** 'sqlite' or 'postgres', for the rare query that differs. */
    storeDialect: StoreDialect;
    /** Moves after every committed write to the store, here or (PostgreSQL) on another instance. */
    storeChanges: StoreChanges;
    config: ServerConfig;
    /** The current time (BuildAppOptions.now; tests move it). Used by rate limits. */
    now(): Date;
  }
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
}
