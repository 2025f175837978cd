import path from 'node:path';
import type { FileSystem } from '../sources/index.ts';

/**
 * Every file a hook module depends on, found without TypeScript: the cache
 * key must be computable without loading ts-morph. Specifiers are picked out
 * with a regular expression, so one in a comment is taken too; that can only
 * make the key change more often, never miss a real import.
 */
export interface ModuleGraph {
  /** Absolute path → text, the hook first; `undefined` for an import that resolves to nothing (yet). */
  readonly files: ReadonlyMap<string, string | undefined>;
  /** `node_modules/<pkg>/package.json` paths of bare imports → text (its version stands for its types). */
  readonly packages: ReadonlyMap<string, string | undefined>;
}

const SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|<reference\s+path\s*=\s*)(["'])([^"'\r\n]+)\1/g;

const TS_FOR_JS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx', '.d.ts'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts', '.d.mts'],
  '.cjs': ['.cts', '.d.cts'],
};

const SUFFIXES = ['.ts', '.tsx', '.d.ts', '.mts', '.cts', '/index.ts', '/index.tsx', '/index.d.ts'];

/** Module specifiers named in a TypeScript text, in order, without duplicates. */
export function moduleSpecifiers(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(SPECIFIER)) seen.add(m[2] as string);
  return [...seen];
}

function isFile(fs: FileSystem, file: string): boolean {
  try {
    return fs.stat(file)?.kind === 'file';
  } catch {
    return false;
  }
}

/** The candidates TypeScript's bundler resolution tries for a relative specifier, in its order. */
function candidates(base: string): string[] {
  const ext = path.extname(base);
  const swapped = (TS_FOR_JS[ext] ?? []).map((tsExt) => base.slice(0, -ext.length) + tsExt);
  return [base, ...swapped, ...SUFFIXES.map((s) => base + s)];
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/** `node_modules/<name>/package.json` (and its `@types/` twin) nearest to `dir`, walking up. */
function packageManifests(fs: FileSystem, dir: string, name: string): string[] {
  const found: string[] = [];
  const typesName = name.startsWith('@') ? name.slice(1).replace('/', '__') : name;
  for (const pkg of [name, `@types/${typesName}`]) {
    for (let d = dir; ; d = path.dirname(d)) {
      const manifest = path.join(d, 'node_modules', pkg, 'package.json');
      if (isFile(fs, manifest)) {
        found.push(manifest);
        break;
      }
      if (path.dirname(d) === d) break;
    }
  }
  return found;
}

/** A file's text, or undefined when it cannot be read (the cache key then records it as missing). */
export function readText(fs: FileSystem, file: string): string | undefined {
  try {
    return new TextDecoder().decode(fs.readFile(file));
  } catch {
    return undefined;
  }
}

/**
 * Walks relative imports from `entry` transitively. `ignore` lists bare
 * specifiers accounted for elsewhere (the hooks API); `node:` built-ins are
 * part of the toolchain, not the hook.
 */
export function collectModuleGraph(fs: FileSystem, entry: string, ignore: ReadonlySet<string> = new Set()): ModuleGraph {
  const files = new Map<string, string | undefined>();
  const packages = new Map<string, string | undefined>();
  const queue = [path.resolve(entry)];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (files.has(file)) continue;
    const text = readText(fs, file);
    files.set(file, text);
    if (text === undefined) continue;
    const dir = path.dirname(file);
    for (const specifier of moduleSpecifiers(text)) {
      if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
        const base = path.resolve(dir, specifier);
        const resolved = candidates(base).find((c) => isFile(fs, c));
        // An import of a file not there yet is keyed by its name, so creating it changes the key.
        if (resolved === undefined) files.set(base, undefined);
        else queue.push(resolved);
      } else if (!specifier.startsWith('node:') && !ignore.has(specifier)) {
        const manifests = packageManifests(fs, dir, packageName(specifier));
        if (manifests.length === 0) packages.set(`${dir}:${packageName(specifier)}`, undefined);
        for (const manifest of manifests) if (!packages.has(manifest)) packages.set(manifest, readText(fs, manifest));
      }
    }
  }
  return { files, packages };
}
