import pg from 'pg';
import type { PostgresConfig } from '../../shared/api/datasources';
import type { DriverEnvironment } from './drivers/datasourceDriver';
import { toJsonSafe } from './toJsonSafe';

/** What a pool is built from. `password` is called only when a connection opens (decrypt just in time). */
export interface PostgresPoolSource {
  datasourceId: string;
  /** Part of the cache key: an edited datasource gets a new pool. */
  updatedAt: string;
  config: PostgresConfig;
  password: () => string | undefined;
}

interface Entry {
  updatedAt: string;
  pool: Promise<pg.Pool>;
}

/** Settings of every datasource pool: small, and quick to give up on an unreachable host. */
export const poolLimits = { max: 5, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000, allowExitOnIdle: true };

/**
 * One pg Pool per datasource, cached by datasource id and `updated_at`: a changed datasource
 * gets a fresh pool and the old one is closed. The host is checked against the outbound address
 * policy once per pool, and the pool connects to the address that was checked (no DNS
 * rebinding between check and connect). `closeAll` runs when the app closes.
 */
export class PostgresPools {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly environment: Pick<DriverEnvironment, 'resolveOutbound'>) {}

  /** The pool of the datasource as it is now; rebuilds it when the datasource changed. */
  get(source: PostgresPoolSource): Promise<pg.Pool> {
    const cached = this.entries.get(source.datasourceId);
    if (cached && cached.updatedAt === source.updatedAt) return cached.pool;
    if (cached) void cached.pool.then(closeQuietly, () => {});
    const pool = this.environment.resolveOutbound(source.config.host, source.config.port).then((address) => createPool(source, address));
    this.entries.set(source.datasourceId, { updatedAt: source.updatedAt, pool });
    // A refused address is not cached: the next call checks again (the policy may have changed).
    pool.catch(() => {
      if (this.entries.get(source.datasourceId)?.pool === pool) this.entries.delete(source.datasourceId);
    });
    return pool;
  }

  /** Closes the pool of a changed or deleted datasource. */
  async evict(datasourceId: string): Promise<void> {
    const cached = this.entries.get(datasourceId);
    this.entries.delete(datasourceId);
    if (cached) await cached.pool.then(closeQuietly, () => {});
  }

  async closeAll(): Promise<void> {
    const pools = [...this.entries.values()].map((entry) => entry.pool);
    this.entries.clear();
    await Promise.all(pools.map((pool) => pool.then(closeQuietly, () => {})));
  }

  /** Number of open pools (for tests). */
  get size(): number {
    return this.entries.size;
  }
}

function createPool(source: PostgresPoolSource, address: string): pg.Pool {
  const { config } = source;
  const pool = new pg.Pool({
    ...poolLimits,
    host: address,
    port: config.port,
    database: config.database,
    user: config.user,
    // pg calls this when it opens a connection: the secret is decrypted only then, and pg does
    // not keep it on the pool's options.
    password: async () => source.password() ?? '',
    ssl: config.ssl === 'disable' ? false : config.ssl === 'require' ? { rejectUnauthorized: false } : { rejectUnauthorized: true, servername: config.host },
    application_name: 'cordon',
    // runPostgresQuery writes BEGIN, the query and COMMIT without waiting for each answer.
    pipeline: true,
    types: { getTypeParser: jsonSafeTypeParser },
  });
  // An idle connection that drops must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return pool;
}

async function closeQuietly(pool: pg.Pool): Promise<void> {
  try {
    await pool.end();
  } catch {
    // Already closed.
  }
}

// Type oids whose text is kept as a JSON-safe string rather than pg's default parse.
const oid = { int8: 20, date: 1082, timestamp: 1114, timestamptz: 1184, numeric: 1700, bytea: 17 } as const;

/**
 * Parses column values into JSON-safe values: bigint and numeric stay strings (no precision
 * loss), dates keep their calendar text, timestamps become ISO-8601, bytea becomes `\x` hex.
 */
function jsonSafeTypeParser(typeId: number, format?: string): (value: string) => unknown {
  if (format === 'binary') return (value) => value;
  switch (typeId) {
    case oid.int8:
    case oid.numeric:
    case oid.date:
    case oid.bytea:
      return (value) => value;
    case oid.timestamp:
      return (value) => (/^\d{4}-\d\d-\d\d \d/.test(value) ? value.replace(' ', 'T') : value);
    case oid.timestamptz:
      return (value) => {
        const date = new Date(value);
        return Number.isNaN(date.getTime()) ? value : date.toISOString();
      };
    default: {
      const parse = pg.types.getTypeParser(typeId, 'text');
      return (value) => toJsonSafe(parse(value));
    }
  }
}
