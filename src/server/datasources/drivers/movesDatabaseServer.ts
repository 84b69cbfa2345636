import type { MysqlConfig, PostgresConfig } from '../../../shared/api/datasources';

const sslStrength = { disable: 0, require: 1, 'verify-full': 2 } as const;

/**
 * True when a database datasource's change would send its saved password somewhere it was not
 * entered for: another host or port, or a weaker TLS mode (verify-full → require lets anyone on
 * the network path pose as the server; → disable sends the login in the clear). Secrets are
 * then cleared unless the same change sets them again.
 */
export function movesDatabaseServer(before: PostgresConfig | MysqlConfig, after: PostgresConfig | MysqlConfig): boolean {
  return before.host.toLowerCase() !== after.host.toLowerCase()
    || before.port !== after.port
    || sslStrength[after.ssl] < sslStrength[before.ssl];
}
