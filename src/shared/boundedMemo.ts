/**
 * Remembers the results of a pure function of a string, at most `maxEntries` of them (all are
 * forgotten when that many are kept: simpler than LRU, and a server with more distinct keys than
 * this only computes some again). A call that throws is not remembered. Results are shared
 * between callers: return immutable values.
 */
export function boundedMemo<R>(compute: (key: string) => R, maxEntries = 1_000): (key: string) => R {
  const known = new Map<string, R>();
  return (key) => {
    const hit = known.get(key);
    if (hit !== undefined || known.has(key)) return hit as R;
    const value = compute(key);
    if (known.size >= maxEntries) known.clear();
    known.set(key, value);
    return value;
  };
}
