/**
 * A binding's value as text, for places that carry text (a path segment, a query parameter, a
 * header, a text body, a form field): strings as they are, numbers and booleans as JavaScript
 * prints them, null and undefined as nothing, objects and arrays as JSON.
 */
export function restValueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}
