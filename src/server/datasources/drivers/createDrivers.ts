import type { DatasourceKind } from '../../../shared/api/datasources';
import type { DatasourceDriver, DriverEnvironment } from './datasourceDriver';
import { createMysqlDriver } from './mysqlDriver';
import { createPostgresDriver } from './postgresDriver';
import { createRestDriver } from './restDriver';
import { createSqliteDriver } from './sqliteDriver';

/** Every datasource kind's driver. A new kind adds its driver here and its schemas in shared/api/datasources. */
export type DriverRegistry = Record<DatasourceKind, DatasourceDriver>;

export function createDrivers(environment: DriverEnvironment): DriverRegistry {
  return {
    postgres: createPostgresDriver(environment),
    rest: createRestDriver(environment),
    mysql: createMysqlDriver(environment),
    sqlite: createSqliteDriver(environment),
  };
}

/** The driver of a kind. */
export function driverFor(drivers: DriverRegistry, kind: DatasourceKind): DatasourceDriver {
  return drivers[kind];
}
