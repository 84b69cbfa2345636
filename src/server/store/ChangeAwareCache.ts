import type { StoreChanges } from './StoreChanges';

export interface ChangeAwareCacheOptions {
  /** Beyond this many entries the cache starts over (a bound on memory, not an LRU). */
  maxEntries: number;
  /**
   * An entry is not used after this long even when no change was heard: a net for writes no
   * Cordon instance announced (an operator's manual SQL, another tool on the same database).
   * 0 turns the cache off.
   */
  ttlMs: number;
  /** The real clock (tests pass their own). */
  nowMs?: () => number;
}

interface Entry<V> {
  value: V;
  version: number;
  storedAt: number;
}

/**
 * A cache of values read from the store that is emptied by every committed change to the store
 * (StoreChanges). To keep a value, pass the version read BEFORE the store was asked: a change
 * committed while the read was in flight then makes the value stale before it is kept, so a
 * revocation can never be hidden by a read that raced with it.
 */
export class ChangeAwareCache<V> {
  readonly #changes: StoreChanges;
  readonly #options: Required<ChangeAwareCacheOptions>;
  #entries = new Map<string, Entry<V>>();

  constructor(changes: StoreChanges, options: ChangeAwareCacheOptions) {
    this.#changes = changes;
    this.#options = { nowMs: () => performance.now(), ...options };
    changes.subscribe(() => {
      if (this.#entries.size > 0) this.#entries = new Map();
    });
  }

  /** The version to pass to `set` for a read that starts now. */
  version(): number {
    return this.#changes.version;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (!this.#usable() || entry.version !== this.#changes.version || this.#options.nowMs() - entry.storedAt >= this.#options.ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Keeps `value`, read from the store at `versionAtRead`, unless the store changed since. */
  set(key: string, value: V, versionAtRead: number): void {
    if (!this.#usable() || versionAtRead !== this.#changes.version) return;
    if (this.#entries.size >= this.#options.maxEntries) this.#entries = new Map();
    this.#entries.set(key, { value, version: versionAtRead, storedAt: this.#options.nowMs() });
  }

  get size(): number {
    return this.#entries.size;
  }

  #usable(): boolean {
    return this.#options.ttlMs > 0 && this.#changes.trusted;
  }
}
