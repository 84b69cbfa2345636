/**
 * A counter of committed changes to the store, so that in-memory caches of store data can tell
 * whether what they hold may be stale. It moves after every write this process commits (the
 * change-tracking dialect) and, on a PostgreSQL store, after every write another Cordon instance
 * announces (postgresChangeFeed). A cache keeps an entry only for the version it was read at.
 *
 * `trusted` is false while changes made elsewhere could go unseen (the PostgreSQL listener is
 * down): caches must then not answer at all.
 */
export class StoreChanges {
  #version = 0;
  #trusted = true;
  readonly #listeners = new Set<(origin: ChangeOrigin) => void>();

  get version(): number {
    return this.#version;
  }

  get trusted(): boolean {
    return this.#trusted;
  }

  /** A change was committed, by this process ('local') or announced by another instance ('remote'). */
  changed(origin: ChangeOrigin): void {
    this.#version += 1;
    for (const listener of this.#listeners) listener(origin);
  }

  /** Whether changes made elsewhere are being heard; a change is counted when trust comes back (some may have been missed). */
  setTrusted(trusted: boolean): void {
    if (trusted && !this.#trusted) this.changed('remote');
    this.#trusted = trusted;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: (origin: ChangeOrigin) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export type ChangeOrigin = 'local' | 'remote';
