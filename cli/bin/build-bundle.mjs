// Builds the start-up bundle of cli/main.ts with esbuild into the cache (see
// bundle-cache.mjs). Imported only when the cache has no entry for the
// current sources, so esbuild costs nothing on a warm start.
//
// The bundle must behave exactly as the sources do under tsx:
// - ESM with code splitting, so a command's lazily imported implementation is
//   still loaded only when it runs;
// - heavy packages that are loaded lazily or optionally (ts-morph, TypeScript,
//   ssh2) stay outside, imported from node_modules by absolute URL so the
//   bundle works from any cache directory;
// - Chevrotain comes from its single-file build, as under tsx (bundled-deps.mjs);
// - `import.meta.url`, `.dirname` and `.filename` keep naming the source file,
//   and `import.meta.resolve("literal")` is resolved at build time, so code
//   that finds files next to itself still does. Any other use of
//   `import.meta` fails the build (and the bin falls back to tsx).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeFiles, failureMarker, MANIFEST, prune, publish, SOURCE_DIRS } from './bundle-cache.mjs';
import { REDIRECTS } from './bundled-deps.mjs';

/**
 * Never bundled: packages loaded lazily or optionally by the sources, and
 * large; and CommonJS packages that read `__filename`, which an ESM bundle
 * does not define (write-file-atomic names its temp files from it).
 */
const EXTERNAL_PACKAGES = ['ts-morph', '@ts-morph/common', 'typescript', 'ssh2', 'cpu-features', 'write-file-atomic'];

const UNSUPPORTED_META = '__MBP_UNSUPPORTED_IMPORT_META__';

/** A failure caused by the sources or the bundler, not by the file system: worth remembering. */
export class BundleError extends Error {
  name = 'BundleError';
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function loaderFor(file) {
  return /\.[cm]?tsx?$/.test(file) ? 'ts' : 'js';
}

/** esbuild plugin: externals by absolute URL, the Chevrotain redirect, and `import.meta` kept per source file. */
function mbpPlugin(esbuild, root) {
  const tsconfigRaw = fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8');
  const externals = new Set(EXTERNAL_PACKAGES);
  const redirected = new Map(REDIRECTS.map((r) => [r.specifier, r]));
  return {
    name: 'mbp',
    setup(build) {
      const inner = (specifier, resolveDir, kind) =>
        build.resolve(specifier, { resolveDir, kind, pluginData: { mbpInner: true } });

      build.onResolve({ filter: /^[@a-z]/ }, async (args) => {
        if (args.pluginData?.mbpInner || args.path.startsWith('node:')) return undefined;
        const name = packageName(args.path);
        const redirect = redirected.get(args.path);
        if (!externals.has(name) && redirect === undefined) return undefined;
        const resolved = await inner(args.path, args.resolveDir, args.kind);
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        if (redirect !== undefined) {
          const file = resolved.path.split(path.sep).join('/');
          return file.endsWith(redirect.from) ? { path: path.normalize(file.slice(0, -redirect.from.length) + redirect.to) } : undefined;
        }
        return { path: pathToFileURL(resolved.path).href, external: true };
      });

      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        if (!text.includes('import.meta')) return { contents: text, loader: loaderFor(args.path) };
        const url = pathToFileURL(args.path).href;
        const rel = path.relative(root, args.path);
        // import.meta.resolve("x") → the URL it names, resolved now from the source file's folder.
        let source = text;
        for (const match of text.matchAll(/import\.meta\.resolve\(\s*(['"])([^'"\n]+)\1\s*\)/g)) {
          const resolved = await inner(match[2], path.dirname(args.path), 'dynamic-import');
          if (resolved.errors.length === 0 && !resolved.external) {
            source = source.replace(match[0], JSON.stringify(pathToFileURL(resolved.path).href));
          }
        }
        const out = await esbuild.transform(source, {
          loader: loaderFor(args.path),
          sourcefile: args.path,
          sourcemap: 'inline',
          tsconfigRaw,
          define: {
            'import.meta.url': JSON.stringify(url),
            'import.meta.dirname': JSON.stringify(path.dirname(args.path)),
            'import.meta.filename': JSON.stringify(args.path),
            'import.meta': UNSUPPORTED_META,
          },
        });
        if (out.code.includes(UNSUPPORTED_META)) {
          return {
            errors: [
              {
                text:
                  `${rel} uses import.meta in a way the start-up bundle cannot keep ` +
                  '(only import.meta.url, .dirname, .filename and import.meta.resolve("literal") are supported)',
              },
            ],
          };
        }
        return { contents: out.code, loader: 'js' };
      });
    },
  };
}

/** Every project file in the bundle must be covered by the fingerprint, or an edit to it would go unseen. */
function checkInputs(metafile, root) {
  const outside = [];
  for (const input of Object.keys(metafile.inputs)) {
    const abs = path.resolve(root, input);
    const rel = path.relative(root, abs).split(path.sep).join('/');
    if (rel.startsWith('node_modules/') || rel.startsWith('../') || path.isAbsolute(rel)) continue;
    if (!SOURCE_DIRS.some((dir) => rel.startsWith(`${dir}/`))) outside.push(rel);
  }
  if (outside.length > 0) {
    throw new BundleError(
      `the CLI imports ${outside.slice(0, 3).join(', ')}, outside the folders the start-up cache watches ` +
        `(${SOURCE_DIRS.join(', ')}); add the folder to SOURCE_DIRS in cli/bin/bundle-cache.mjs`,
    );
  }
}

function firstCacheRoot(roots) {
  let lastError;
  for (const cacheRoot of roots) {
    try {
      fs.mkdirSync(cacheRoot, { recursive: true });
      fs.accessSync(cacheRoot, fs.constants.W_OK);
      return cacheRoot;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError ?? new Error('no cache directory');
}

/**
 * Bundles `entryPoints` (name → source path) of the project at `root` into
 * `outdir` with the settings above and returns esbuild's metafile. Throws a
 * BundleError when the sources cannot be bundled.
 */
export async function bundle({ root, entryPoints, outdir }) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch (error) {
    throw new BundleError(`esbuild is not available: ${error.message}`);
  }
  try {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints,
      outdir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      chunkNames: 'chunk-[hash]',
      sourcemap: 'linked',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [mbpPlugin(esbuild, root)],
      // CommonJS dependencies (commander) require Node built-ins; ESM output has no `require` of its own.
      banner: { js: "import { createRequire as __mbpCreateRequire } from 'node:module';\nconst require = __mbpCreateRequire(import.meta.url);" },
    });
    return result.metafile;
  } catch (error) {
    const first = error.errors?.[0];
    const where = first?.location ? `${first.location.file}:${first.location.line}: ` : '';
    throw new BundleError(first ? `${where}${first.text}` : error.message);
  }
}

/**
 * Builds the entry `name` into the first writable cache root and returns the
 * path of its main module. A build error is remembered in a marker file so
 * later runs of the same sources go straight to tsx; file system errors are not.
 */
export async function buildEntry({ root, name, roots }) {
  const cacheRoot = firstCacheRoot(roots);
  const tmp = fs.mkdtempSync(path.join(cacheRoot, `.tmp-${name}-`));
  try {
    // mkdtemp makes it private; a shared cache directory must be readable by its other users.
    fs.chmodSync(tmp, 0o755);
    const metafile = await bundle({ root, entryPoints: { main: path.join(root, 'cli', 'main.ts') }, outdir: tmp });
    checkInputs(metafile, root);
    fs.writeFileSync(path.join(tmp, MANIFEST), JSON.stringify({ name, root, files: describeFiles(tmp) }, null, 2));
    const entry = publish(tmp, cacheRoot, name);
    prune(cacheRoot, root, name);
    return entry;
  } catch (error) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (error instanceof BundleError) {
      try {
        fs.writeFileSync(failureMarker(cacheRoot, name), `${error.message}\n`);
      } catch {
        // unwritable: the next run simply tries again
      }
    }
    throw error;
  }
}
