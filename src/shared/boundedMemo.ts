/**
 * Remembers the results of a pure function, at most `maxEntries` of them (default 1,000; all are
 * forgotten when that many are kept: simpler than LRU, and a server with more distinct keys than
 * this only computes some again). Calls are told apart by `key` (default: the first argument as a
 * string), so every argument the result depends on must be part of it. A call that throws is not
 * remembered. Results are shared between callers: return immutable values.
 */
export function boundedMemo<A extends unknown[], R>(
  compute: (...args: A) => R,
  options: { key?: (...args: A) => string; maxEntries?: number } = {},
): (...args: A) => R {
  const keyOf = options.key ?? ((...args: A) => String(args[0]));
  const maxEntries = options.maxEntries ?? 1_000;
  const known = new Map<string, R>();
  return (...args) => {
    const key = keyOf(...args);
    const hit = known.get(key);
    if (hit !== undefined || known.has(key)) return hit as R;
    const value = compute(...args);
    if (known.size >= maxEntries) known.clear();
    known.set(key, value);
    return value;
  };
}
