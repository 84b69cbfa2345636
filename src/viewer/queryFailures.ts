/**
 * Finds queries whose `error` turned into a new message since the last look, so the viewer can
 * say once, in a toast, that "Query1 failed" (the app's own UI may not show `Query1.error`).
 * `seen` is updated in place: it holds the last error of every query.
 */
export function newQueryFailures(
  queryNames: readonly string[],
  values: Record<string, Record<string, unknown> | undefined>,
  seen: Map<string, string | null>,
): Array<{ query: string; message: string }> {
  const failures: Array<{ query: string; message: string }> = [];
  for (const query of queryNames) {
    const raw = values[query]?.error;
    const message = typeof raw === 'string' && raw !== '' ? raw : null;
    if (message !== null && seen.get(query) !== message) failures.push({ query, message });
    seen.set(query, message);
  }
  return failures;
}
