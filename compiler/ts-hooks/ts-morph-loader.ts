import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TsMorph from 'ts-morph';

/**
 * ts-morph (and TypeScript under it) take a good part of a second to load, so
 * they are imported only when a hook must really be checked: a blueprint
 * without hooks, or whose hooks are all cached, never pays for them.
 */
export type TsMorphModule = typeof TsMorph;

interface Counters {
  tsMorphLoads: number;
  projectsCreated: number;
  cacheHits: number;
  cacheMisses: number;
}

const counters: Counters = { tsMorphLoads: 0, projectsCreated: 0, cacheHits: 0, cacheMisses: 0 };
let loading: Promise<TsMorphModule> | undefined;

/** What this process has done so far; tests use it to prove that a cached check loads nothing. */
export function tsHookStats(): Readonly<Counters> {
  return { ...counters };
}

export function countProjectCreated(): void {
  counters.projectsCreated += 1;
}

export function countCache(hit: boolean): void {
  if (hit) counters.cacheHits += 1;
  else counters.cacheMisses += 1;
}

export function loadTsMorph(): Promise<TsMorphModule> {
  if (loading === undefined) {
    counters.tsMorphLoads += 1;
    loading = import('ts-morph');
  }
  return loading;
}

let toolchain: string | undefined;

/** The ts-morph version, read from its package.json without loading it (part of the cache key). */
export function toolchainVersion(): string {
  if (toolchain === undefined) {
    try {
      const entry = fileURLToPath(import.meta.resolve('ts-morph'));
      // dist/ts-morph.js → the package root.
      const manifest = path.join(path.dirname(path.dirname(entry)), 'package.json');
      toolchain = `ts-morph@${(JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version?: string }).version ?? 'unknown'}`;
    } catch {
      toolchain = 'ts-morph@unknown';
    }
  }
  return toolchain;
}
