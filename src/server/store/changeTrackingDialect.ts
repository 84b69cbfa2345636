import type {
  CompiledQuery, DatabaseConnection, Dialect, Driver, QueryCompiler, QueryResult, TransactionSettings,
} from 'kysely';
import type { StoreChanges } from './StoreChanges';

/**
 * Wraps a Kysely dialect so that `changes` moves after every write this process commits: after
 * each statement that is not a SELECT outside a transaction, and after each COMMIT (a statement
 * inside a transaction is not visible to other connections before it). Raw SQL counts as a
 * write. Counting after the write is what makes caches safe: a read that began before the
 * change finishes with a version that is already stale, so its result is never kept.
 */
export function changeTrackingDialect(inner: Dialect, changes: StoreChanges): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createDriver: () => new ChangeTrackingDriver(inner.createDriver(), changes),
  };
}

class ChangeTrackingDriver implements Driver {
  readonly #inner: Driver;
  readonly #changes: StoreChanges;
  /** Connections inside a transaction: their writes count at COMMIT. */
  readonly #inTransaction = new WeakSet<DatabaseConnection>();

  constructor(inner: Driver, changes: StoreChanges) {
    this.#inner = inner;
    this.#changes = changes;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.#inner.acquireConnection();
    return new ChangeTrackingConnection(connection, () => {
      if (!this.#inTransaction.has(connection)) this.#changes.changed('local');
    });
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const inner = innerOf(connection);
    this.#inTransaction.add(inner);
    return this.#inner.beginTransaction(inner, settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const inner = innerOf(connection);
    try {
      await this.#inner.commitTransaction(inner);
    } finally {
      this.#inTransaction.delete(inner);
      // Counted even when COMMIT failed: a failure may come after the data was committed.
      this.#changes.changed('local');
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const inner = innerOf(connection);
    try {
      await this.#inner.rollbackTransaction(inner);
    } finally {
      this.#inTransaction.delete(inner);
    }
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    if (!this.#inner.savepoint) throw new Error('this dialect has no savepoints');
    return this.#inner.savepoint(innerOf(connection), name, compile);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    if (!this.#inner.rollbackToSavepoint) throw new Error('this dialect has no savepoints');
    return this.#inner.rollbackToSavepoint(innerOf(connection), name, compile);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    if (!this.#inner.releaseSavepoint) throw new Error('this dialect has no savepoints');
    return this.#inner.releaseSavepoint(innerOf(connection), name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(innerOf(connection));
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

class ChangeTrackingConnection implements DatabaseConnection {
  readonly inner: DatabaseConnection;
  readonly #wrote: () => void;

  constructor(inner: DatabaseConnection, wrote: () => void) {
    this.inner = inner;
    this.#wrote = wrote;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.inner.executeQuery<R>(query);
    } finally {
      // Also after a failed write: a statement may fail after changing something (e.g. a
      // multi-row statement on SQLite without a transaction).
      if (isWrite(query)) this.#wrote();
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize);
    } finally {
      if (isWrite(query)) this.#wrote();
    }
  }
}

function innerOf(connection: DatabaseConnection): DatabaseConnection {
  return connection instanceof ChangeTrackingConnection ? connection.inner : connection;
}

/** Anything but a SELECT built by Kysely may change data (raw SQL included). */
function isWrite(query: CompiledQuery): boolean {
  return query.query.kind !== 'SelectQueryNode';
}
