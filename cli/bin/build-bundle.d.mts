// Types of build-bundle.mjs for the TypeScript tests and benchmarks that use it.
import type { Metafile } from 'esbuild';

export class BundleError extends Error {}

/** Bundles `entryPoints` (output name → source path) into `outdir`, as the bin's start-up bundle is built. */
export function bundle(options: { root: string; entryPoints: Record<string, string>; outdir: string }): Promise<Metafile>;

/** Builds the cache entry `name` into the first writable of `roots`; resolves to its main module's path. */
export function buildEntry(options: { root: string; name: string; roots: readonly string[] }): Promise<string>;
