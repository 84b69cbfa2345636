/**
 * Turns an evaluated value into the text a widget shows. Bindings may produce anything
 * (numbers, objects, undefined), and a widget must never crash on a surprising value.
 * `undefined` and `null` show as nothing; objects as compact JSON.
 */
export function displayText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    // Cyclic values cannot come out of the worker (structured clone keeps cycles but JSON does not).
    return String(value);
  }
}

/**
 * Reads a boolean-ish property: `true`, `'true'` (a text field holding the word) and non-zero
 * numbers are true; everything else, including the string `'false'`, is false.
 */
export function truthyProp(value: unknown): boolean {
  if (typeof value === 'string') return value.trim().toLowerCase() === 'true';
  if (typeof value === 'number') return value !== 0;
  return value === true;
}
