import type { FastifyBaseLogger } from 'fastify';
import type { RestRequest } from '../../../shared/appDocument';
import type { DatasourceConfig, DatasourceKind, SecretName } from '../../../shared/api/datasources';
import type { ExecuteResponse } from '../../../shared/api/execute';
import type { ServerConfig } from '../../config/loadConfig';
import type { RunMode } from '../datasourceErrors';
import type { CancelSignal } from '../CancelSignal';

/**
 * A datasource as a driver sees it: its config, and its secrets decrypted only on demand
 * (`secret(name)` is called just before a connection opens or a request is sent, I2).
 */
export interface OpenDatasource<C extends DatasourceConfig = DatasourceConfig> {
  /** Undefined for a draft being tested before it is saved. */
  id: string | undefined;
  /** Part of any cache key: an edited datasource gets fresh connections. */
  updatedAt: string;
  config: C;
  /** The decrypted secret, or undefined when it is not set. */
  secret(name: SecretName): string | undefined;
  /** Every secret value that is set, to mask in any message shown to a builder. */
  secretValues(): string[];
}

/** A query ready for a driver: SQL (`body`) or a REST request (`rest`). */
export interface DriverQuery {
  /** The SQL body with `{{ }}` bindings (SQL kinds). */
  body: string;
  /** The REST request (rest kind). */
  rest: RestRequest | undefined;
  /** SQL kinds: bind each `{{ }}` as a prepared-statement parameter (I4); false = escaped literals. */
  preparedStatements: boolean;
  timeoutMs: number;
}

export interface RunContext {
  /** `edit`: a builder's draft run (driver messages shown, secrets masked); `view`: codes only. */
  mode: RunMode;
  /** Aborted when the client goes away or presses Cancel: the driver must stop the work (cancel the statement, abort the request). */
  signal: CancelSignal;
  /** For failure lines only: never values, rows, bodies or secrets (I5). */
  log: FastifyBaseLogger;
}

/** What the server's configuration gives drivers. */
export interface DriverEnvironment {
  config: ServerConfig;
  /** Checks a host name or address against the outbound address policy and returns the address to connect to. */
  resolveOutbound(host: string, port: number): Promise<string>;
}

/**
 * One kind of datasource. Drivers own their connection pools (per datasource id and
 * updatedAt), report failures as HttpError with stable codes (`datasource_unreachable` 502,
 * `query_failed` 400, `address_refused` 400, `query_cancelled` 400), and never put a secret,
 * a connection string with a password, a row or a typed value into an error or a log line.
 */
export interface DatasourceDriver<C extends DatasourceConfig = DatasourceConfig> {
  readonly kind: DatasourceKind;
  /**
   * True when a config change points the datasource at another server (host, port, base URL,
   * file): the stored secrets are then cleared unless the same request sets them, so a builder
   * cannot send a saved secret to a server of their choosing.
   */
  movesTarget(before: C, after: C): boolean;
  /** Extra checks of a config that its schema cannot make (e.g. a SQLite path inside DATA_DIR/databases); throws HttpError 400. */
  validateConfig?(config: C): Promise<void> | void;
  /** Connects and runs a trivial statement or request; throws HttpError. Resolves with nothing on success. */
  test(datasource: OpenDatasource<C>, context: RunContext): Promise<void>;
  /** Runs a query with the given params (keyed by binding expression, already checked against the query's bindings). */
  run(datasource: OpenDatasource<C>, query: DriverQuery, params: Record<string, unknown>, context: RunContext): Promise<ExecuteResponse>;
  /** Closes what is cached for a changed or deleted datasource. */
  evict(datasourceId: string): Promise<void>;
  /** Closes everything (app close). */
  close(): Promise<void>;
}
