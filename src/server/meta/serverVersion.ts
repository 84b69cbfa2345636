// A JSON import, not a file read relative to this module: the server also runs as one bundle
// (dist-server/main.js, scripts/buildServer.ts), where no package.json sits three folders up.
// esbuild inlines it into the bundle; tsx and Vitest load it as a module.
import packageJson from '../../../package.json' with { type: 'json' };

/** Cordon's version, from package.json. */
export function serverVersion(): string {
  return packageJson.version;
}
