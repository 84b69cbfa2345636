/**
 * A Map that counts its real changes: `version` moves only when `set` stores a different value,
 * or `delete` / `clear` removes something. The engine compares versions instead of serialising
 * the error list after every flush. Starts at version 0.
 */
export class VersionedMap<K, V> extends Map<K, V> {
  /** Bumped on every change of content; unchanged by a `set` of the same value or a `delete` of a missing key. */
  version = 0;

  override set(key: K, value: V): this {
    // Map's constructor calls set before the field initialiser ran; `version` is then undefined.
    if (!super.has(key) || !Object.is(super.get(key), value)) this.version = (this.version ?? 0) + 1;
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    const removed = super.delete(key);
    if (removed) this.version++;
    return removed;
  }

  override clear(): void {
    if (this.size > 0) this.version++;
    super.clear();
  }
}
