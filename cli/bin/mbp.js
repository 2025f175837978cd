#!/usr/bin/env node
// The `mbp` command. The CLI is TypeScript and needs no build step after
// `npm ci`: the first run bundles cli/main.ts with esbuild into a cache keyed
// by the sources (bundle-cache.mjs, build-bundle.mjs) and later runs load that
// bundle, which starts several times faster than compiling every module
// through tsx. If the bundle cannot be built or loaded, the CLI runs through
// tsx as before. MBP_NO_BUNDLE=1 forces tsx; MBP_TRACE_STARTUP=1 says which
// path was taken on stderr.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cacheRoots, entryName, lookup } from './bundle-cache.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url)).replace(/[\\/]$/, '');
const env = process.env;
const started = performance.now();
const trace =
  env.MBP_TRACE_STARTUP === '1'
    ? (message) => process.stderr.write(`mbp: start-up: ${message} (${(performance.now() - started).toFixed(0)} ms)\n`)
    : () => {};

function errorMessage(error) {
  return error instanceof Error ? error.message : String(error);
}

/** main() reports its own errors; this is a failure to load or start the CLI at all. */
function internalError(error) {
  process.stderr.write(
    `mbp: internal error: ${errorMessage(error)}\n` +
      'This is a bug in mbp; please report it. Run again with MBP_DEBUG=1 to see the stack trace.\n',
  );
  if (env.MBP_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}

/** The bundle's main module for the current sources, building it if needed; undefined to use tsx. */
async function bundledEntry() {
  const name = entryName(root);
  const roots = cacheRoots(root, env);
  const found = lookup(roots, name);
  if (found.entry !== undefined) {
    trace(`cached bundle ${found.entry}`);
    return found.entry;
  }
  if (found.failed !== undefined) {
    trace(`bundling these sources failed before (${found.failed}); using tsx`);
    return undefined;
  }
  trace(`no bundle for these sources; building ${name}`);
  try {
    const { buildEntry } = await import('./build-bundle.mjs');
    const entry = await buildEntry({ root, name, roots });
    trace(`built ${entry}`);
    return entry;
  } catch (error) {
    // A build error is remembered (no warning next time); a cache that cannot be written is not.
    const hint = error?.name === 'BundleError' ? '' : ' (set MBP_CACHE_DIR to a writable directory, or MBP_NO_BUNDLE=1)';
    process.stderr.write(
      `mbp: warning: could not prepare the start-up bundle, running through tsx (slower): ${errorMessage(error)}${hint}\n`,
    );
    return undefined;
  }
}

async function runBundled() {
  let entry;
  try {
    entry = await bundledEntry();
  } catch (error) {
    trace(`start-up cache unusable (${errorMessage(error)}); using tsx`);
    return false;
  }
  if (entry === undefined) return false;
  // Stack traces then point into the TypeScript sources instead of the bundle.
  if (env.MBP_DEBUG === '1') process.setSourceMapsEnabled(true);
  let cli;
  try {
    cli = await import(pathToFileURL(entry).href);
  } catch (error) {
    // The entry passed its manifest check but does not load: drop it so the next run rebuilds it.
    trace(`cached bundle does not load (${errorMessage(error)}); removing it and using tsx`);
    const { rmSync } = await import('node:fs');
    rmSync(new URL('.', pathToFileURL(entry)), { recursive: true, force: true });
    return false;
  }
  try {
    await cli.runProcess();
  } catch (error) {
    internalError(error);
  }
  return true;
}

async function runThroughTsx() {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch (error) {
    process.stderr.write(
      `mbp: cannot start: ${errorMessage(error)}\n` + 'Run `npm ci` in the mbp directory to install its dependencies.\n',
    );
    process.exit(1);
  }
  register();
  // After tsx, so it runs first: see bundled-deps.mjs.
  (await import('node:module')).register('./bundled-deps.mjs', import.meta.url);
  try {
    const { runProcess } = await import('../main.ts');
    await runProcess();
  } catch (error) {
    internalError(error);
  }
}

if (env.MBP_NO_BUNDLE === '1' || !(await runBundled())) {
  if (env.MBP_NO_BUNDLE === '1') trace('MBP_NO_BUNDLE=1: using tsx');
  await runThroughTsx();
}
