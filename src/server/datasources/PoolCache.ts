import type { DriverEnvironment } from './drivers/datasourceDriver';

/** What a pool is built from: the datasource's identity, its version and where it connects. */
export interface PoolSource {
  datasourceId: string;
  /** Part of the cache key: an edited datasource gets a new pool. */
  updatedAt: string;
  config: { host: string; port: number };
}

interface Entry<P> {
  updatedAt: string;
  pool: Promise<P>;
}

/**
 * One connection pool per datasource, cached by datasource id and `updated_at`: a changed
 * datasource gets a fresh pool and the old one is closed. The host is checked against the
 * outbound address policy once per pool, and `open` gets the address that was checked, so the
 * pool connects there (no DNS rebinding between check and connect). Drivers subclass it with
 * their library's open and close.
 */
export class PoolCache<S extends PoolSource, P> {
  private readonly entries = new Map<string, Entry<P>>();

  constructor(
    private readonly environment: Pick<DriverEnvironment, 'resolveOutbound'>,
    private readonly open: (source: S, address: string) => P,
    private readonly close: (pool: P) => Promise<void>,
  ) {}

  /** The pool of the datasource as it is now; rebuilds it when the datasource changed. */
  get(source: S): Promise<P> {
    const cached = this.entries.get(source.datasourceId);
    if (cached && cached.updatedAt === source.updatedAt) return cached.pool;
    if (cached) void cached.pool.then(this.close, () => {});
    const pool = this.environment.resolveOutbound(source.config.host, source.config.port).then((address) => this.open(source, address));
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
    if (cached) await cached.pool.then(this.close, () => {});
  }

  async closeAll(): Promise<void> {
    const pools = [...this.entries.values()].map((entry) => entry.pool);
    this.entries.clear();
    await Promise.all(pools.map((pool) => pool.then(this.close, () => {})));
  }

  /** Number of cached pools (for tests). */
  get size(): number {
    return this.entries.size;
  }
}
