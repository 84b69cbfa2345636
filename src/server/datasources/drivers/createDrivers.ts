import type { DatasourceKind } from '../../../shared/api/datasources';
import { HttpError } from '../../http/httpError';
import type { DatasourceDriver, DriverEnvironment } from './datasourceDriver';
import { createMysqlDriver } from './mysqlDriver';
import { createPostgresDriver } from './postgresDriver';
import { createRestDriver } from './restDriver';
import { createSqliteDriver } from './sqliteDriver';

/** Every datasource kind's driver. A new kind adds its driver here and its schemas in shared/api/datasources. */
export type DriverRegistry = Partial<Record<DatasourceKind, DatasourceDriver>>;

export function createDrivers(environment: DriverEnvironment): DriverRegistry {
  return {
    postgres: createPostgresDriver(environment),
    rest: createRestDriver(environment),
    mysql: createMysqlDriver(environment),
    sqlite: createSqliteDriver(environment),
  };
}

/** The driver of a kind; 400 when this server has none for it. */
export function driverFor(drivers: DriverRegistry, kind: DatasourceKind): DatasourceDriver {
  const driver = drivers[kind];
  if (!driver) throw new HttpError(400, 'bad_request', `Datasources of kind ${kind} are not supported by this server.`);
  return driver;
}
