// Types of bundle-cache.mjs for the TypeScript tests and benchmarks that use it.

export const SOURCE_DIRS: readonly string[];
export const MANIFEST: string;
export const ENTRY: string;

/** `<project tag>-<fingerprint>`: changes when any source file or dependency manifest changes. */
export function entryName(root: string): string;
export function projectTag(root: string): string;
export function cacheRoots(root: string, env: NodeJS.ProcessEnv): string[];
export function describeFiles(dir: string): Record<string, { size: number; mtimeMs: number }>;
export function validEntry(dir: string, name: string): string | undefined;
export function failureMarker(cacheRoot: string, name: string): string;
export function lookup(roots: readonly string[], name: string): { entry?: string; failed?: string; cacheRoot?: string };
export function publish(tmp: string, cacheRoot: string, name: string): string;
export function prune(cacheRoot: string, root: string, keep: string, now?: number): void;
