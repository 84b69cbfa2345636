/**
 * Builds the server ahead of time into one ESM file with esbuild: `npm run build:server` (part of
 * `npm run build` and `npm start`) writes dist-server/main.js, which `npm start` runs with
 * `node --enable-source-maps`. `npm run bench:proxy` bundles its child servers with the same
 * function (bench/proxy/childServer.ts).
 *
 * Why ahead of time: tsx transpiles at load time with esbuild's keepNames, which wraps every
 * closure in `__name(...)` (an Object.defineProperty each time the closure is created, per
 * request on the hot paths); the bundle has none of that (~8 % less CPU per request on the
 * execute route) and starts without a transpile step.
 *
 * Why dist-server/ and not dist/: dist/ is the single-page app, which the static plugin serves to
 * browsers as it is; server code (and its source map) must never land there. The bundle must stay
 * inside the project tree all the same: node_modules are left out of it (`packages: 'external'`)
 * and Node resolves them at run time from the bundle's own location, walking up to ./node_modules.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const projectRoot = path.resolve(import.meta.dirname, '..');

/**
 * Files the server reads at run time relative to its own module (`new URL(name, import.meta.url)`),
 * copied next to the bundle, where that URL points once the module is part of it.
 */
const runtimeAssets = ['src/server/security/commonPasswords.txt'];

export interface ServerBundleOptions {
  /** The server's entry module (relative paths resolve against the project root). */
  entry: string;
  /** The bundle to write, with a `.map` beside it; inside the project tree, never under dist/. */
  outFile: string;
}

/** Bundles `entry` into `outFile` (Node 20, ESM, node_modules external) and copies the runtime assets beside it. */
export async function buildServerBundle({ entry, outFile }: ServerBundleOptions): Promise<void> {
  const entryPath = path.resolve(projectRoot, entry);
  const outPath = path.resolve(projectRoot, outFile);
  const relativeOut = path.relative(projectRoot, outPath);
  if (relativeOut.startsWith('..') || path.isAbsolute(relativeOut)) {
    throw new Error(`The server bundle must be inside ${projectRoot} (node_modules are resolved from it at run time): ${outPath}`);
  }
  if (relativeOut === 'dist' || relativeOut.startsWith(`dist${path.sep}`)) {
    throw new Error(`The server bundle must not go under dist/, which is served to browsers: ${outPath}`);
  }
  await build({
    entryPoints: [entryPath],
    outfile: outPath,
    absWorkingDir: projectRoot,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    // No keepNames: that is the point (see the header). Nothing in the server reads a function's name.
  });
  const outDir = path.dirname(outPath);
  mkdirSync(outDir, { recursive: true });
  for (const asset of runtimeAssets) copyFileSync(path.join(projectRoot, asset), path.join(outDir, path.basename(asset)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  await buildServerBundle({ entry: 'src/server/main.ts', outFile: 'dist-server/main.js' });
}
