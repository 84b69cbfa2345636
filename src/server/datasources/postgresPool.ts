import pg from 'pg';
import type { PostgresConfig } from '../../shared/api/datasources';
import type { DriverEnvironment } from './drivers/datasourceDriver';
import { PoolCache, type PoolSource } from './PoolCache';
import { toJsonSafe } from './toJsonSafe';

/** What a pool is built from. `password` is called only when a connection opens (decrypt just in time). */
export interface PostgresPoolSource extends PoolSource {
  config: PostgresConfig;
  password: () => string | undefined;
}

/** Settings of every datasource pool: small, and quick to give up on an unreachable host. */
export const poolLimits = { max: 5, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000, allowExitOnIdle: true };

/** One pg Pool per datasource (see PoolCache); `closeAll` runs when the app closes. */
export class PostgresPools extends PoolCache<PostgresPoolSource, pg.Pool> {
  constructor(environment: Pick<DriverEnvironment, 'resolveOutbound'>) {
    super(environment, createPool, closeQuietly);
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
  if (format === 'binary') return keepAsIs;
  // pg asks for every column of every result: hand out one parser per type instead of a new one each time.
  let parser = parsers.get(typeId);
  if (!parser) {
    parser = jsonSafeParserFor(typeId);
    parsers.set(typeId, parser);
  }
  return parser;
}

const keepAsIs = (value: string) => value;

/** jsonSafeTypeParser's text parsers by type oid; there are a few hundred types at most. */
const parsers = new Map<number, (value: string) => unknown>();

function jsonSafeParserFor(typeId: number): (value: string) => unknown {
  switch (typeId) {
    case oid.int8:
    case oid.numeric:
    case oid.date:
    case oid.bytea:
      return keepAsIs;
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
