import type { DatasourceConfig, DatasourceKind } from '../../shared/api/datasources';
import type { DatasourceDriver } from '../datasources/drivers/datasourceDriver';
import type { DriverRegistry } from '../datasources/drivers/createDrivers';
import { HttpError } from '../http/httpError';
import type { OutboundPolicy } from './outboundPolicy';

/** The host and port a datasource config points at; undefined for kinds that open no connection (SQLite). */
export function datasourceTarget(kind: DatasourceKind, config: DatasourceConfig): { host: string; port: number } | undefined {
  if (kind === 'rest' && 'baseUrl' in config) {
    const url = new URL(config.baseUrl);
    return { host: url.hostname, port: url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port) };
  }
  if ((kind === 'postgres' || kind === 'mysql') && 'host' in config) return { host: config.host, port: config.port };
  return undefined;
}

/**
 * The save-time check of a datasource's host (create, change, draft test): a host the policy
 * refuses is refused right away with `address_refused`, so a builder learns it when saving, not
 * at the first query. A name that does not resolve yet is accepted (DNS may be down, or the
 * record not created yet); the check that counts runs again on every connection.
 */
export async function checkDatasourceTarget(policy: OutboundPolicy, kind: DatasourceKind, config: DatasourceConfig): Promise<void> {
  const target = datasourceTarget(kind, config);
  if (!target) return;
  try {
    await policy.resolve(target.host, target.port);
  } catch (error) {
    if (error instanceof HttpError && error.code === 'datasource_unreachable') return;
    throw error;
  }
}

/**
 * The drivers, each with the save-time host check added to its validateConfig (which the
 * datasource routes call on create, change and draft test). A proxy, so that every other member
 * (whatever the interface grows) stays the driver's own.
 */
export function withTargetChecks(drivers: DriverRegistry, policy: OutboundPolicy): DriverRegistry {
  const checked: Partial<DriverRegistry> = {};
  for (const [kind, driver] of Object.entries(drivers) as Array<[DatasourceKind, DatasourceDriver]>) {
    const validateConfig = async (config: DatasourceConfig): Promise<void> => {
      await driver.validateConfig?.(config);
      await checkDatasourceTarget(policy, kind, config);
    };
    checked[kind] = new Proxy(driver, {
      get: (target, property, receiver) => (property === 'validateConfig' ? validateConfig : Reflect.get(target, property, receiver) as unknown),
    });
  }
  return checked as DriverRegistry;
}
