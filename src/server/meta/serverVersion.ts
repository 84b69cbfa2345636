import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** Cordon's version, from package.json (read once). */
export function serverVersion(): string {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    cached = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  }
  return cached;
}
