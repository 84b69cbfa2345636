import net from 'node:net';
import mysql from 'mysql2';
import type { MysqlConfig } from '../../../shared/api/datasources';
import type { DriverEnvironment } from '../drivers/datasourceDriver';
import { PoolCache, type PoolSource } from '../PoolCache';

/** What a pool is built from. `password` is called when the pool is built (mysql2 keeps it on the pool's options). */
export interface MysqlPoolSource extends PoolSource {
  config: MysqlConfig;
  password: () => string | undefined;
}

/** A pool, and the options to open one more connection of the same kind (KILL QUERY runs on its own connection). */
export interface MysqlPool {
  pool: mysql.Pool;
  connectionOptions: mysql.ConnectionOptions;
}

/**
 * One mysql2 pool per datasource, cached by datasource id and `updated_at` (a changed datasource
 * gets a fresh pool, the old one is closed), like PostgresPools. The host is checked against the
 * outbound address policy once per pool, and every connection of the pool goes to that checked
 * address (a socket factory), while TLS still verifies the certificate against the configured
 * host name (verify-full).
 */
export class MysqlPools extends PoolCache<MysqlPoolSource, MysqlPool> {
  constructor(environment: Pick<DriverEnvironment, 'resolveOutbound'>) {
    super(environment, createPool, closeQuietly);
  }
}

function createPool(source: MysqlPoolSource, address: string): MysqlPool {
  const { config } = source;
  const connectionOptions: mysql.ConnectionOptions = {
    // The configured name: mysql2 uses it as the TLS server name. The socket goes to `address`.
    host: config.host,
    port: config.port,
    stream: () => net.connect({ host: address, port: config.port }),
    user: config.user,
    password: source.password() ?? '',
    database: config.database,
    ssl: config.ssl === 'disable' ? undefined
      : config.ssl === 'require' ? { rejectUnauthorized: false, verifyIdentity: false }
        : { rejectUnauthorized: true, verifyIdentity: true },
    charset: 'utf8mb4',
    connectTimeout: 5_000,
    // One statement per query, always (a `; drop table` in a spliced value could not run anyway).
    multipleStatements: false,
    // No LOAD DATA LOCAL INFILE: a server of the builder's choosing could otherwise ask for any file of this host.
    flags: ['-LOCAL_FILES', '-MULTI_STATEMENTS'],
    // JSON-safe values: BIGINT and DECIMAL as strings (no precision loss), dates as their text.
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    dateStrings: true,
    maxPreparedStatements: 100,
  };
  const pool = mysql.createPool({ ...connectionOptions, connectionLimit: 5, maxIdle: 5, idleTimeout: 30_000, queueLimit: 0, enableKeepAlive: true });
  // An idle connection that drops must not crash the process; the next query reconnects.
  pool.on('connection', (connection) => connection.on('error', () => {}));
  return { pool, connectionOptions };
}

async function closeQuietly(entry: MysqlPool): Promise<void> {
  await new Promise<void>((resolve) => {
    entry.pool.end(() => resolve());
  });
}
