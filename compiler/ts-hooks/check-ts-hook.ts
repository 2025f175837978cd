import path from 'node:path';
import { makeDiagnostic, type Diagnostic } from '../diagnostics/index.ts';
import { describeError, NodeFileSystem, type FileSystem } from '../sources/index.ts';
import { analyzeHook } from './analyze.ts';
import { CHECKER_VERSION, hookCacheKey } from './cache-key.ts';
import { createHookProject, DEFAULT_HOOKS_API_PATH, refreshHookFiles } from './hook-project.ts';
import { collectModuleGraph, readText } from './import-graph.ts';
import { placeFinding } from './place-findings.ts';
import { HOOKS_API_SPECIFIER } from './probe.ts';
import type { Finding, TsHookOptions, TsHookRequest } from './request.ts';
import { directoryCache, type ResultCache } from './result-cache.ts';
import { countCache, loadTsMorph, toolchainVersion, type TsMorphModule } from './ts-morph-loader.ts';
import type { Project } from 'ts-morph';

/** Checks `std.ts.call`s; one per compile, so every hook shares one TypeScript project. */
export interface TsHookChecker {
  check(request: TsHookRequest): Promise<Diagnostic[]>;
}

/** Relative to the working directory, beside the default inventory (`.mbp/inventory.json`). */
export const DEFAULT_CACHE_DIR = path.join('.mbp', 'cache', 'ts-hooks');

interface CacheEntry {
  readonly checker: number;
  readonly findings: readonly Finding[];
}

function readCached(cache: ResultCache, key: string): readonly Finding[] | undefined {
  const text = cache.read(key);
  if (text === undefined) return undefined;
  try {
    const entry = JSON.parse(text) as Partial<CacheEntry>;
    return entry.checker === CHECKER_VERSION && Array.isArray(entry.findings) ? entry.findings : undefined;
  } catch {
    return undefined;
  }
}

/** Why the hook module cannot be read, or undefined when it can. */
function unreadable(fs: FileSystem, file: string): string | undefined {
  try {
    const stat = fs.stat(file);
    if (stat === undefined) return 'no such file or directory';
    if (stat.kind === 'directory') return 'it is a directory';
    if (stat.kind !== 'file') return 'it is not a regular file';
    fs.readFile(file);
    return undefined;
  } catch (error) {
    return describeError(error);
  }
}

export function createTsHookChecker(options: TsHookOptions = {}): TsHookChecker {
  const fs = options.fs ?? new NodeFileSystem();
  const cache =
    options.cache === false
      ? undefined
      : (options.cache ?? directoryCache(options.cacheDir ?? path.resolve(options.cwd ?? process.cwd(), DEFAULT_CACHE_DIR)));
  const hooksApiPath = path.resolve(options.hooksApiPath ?? DEFAULT_HOOKS_API_PATH);
  let session: { tsm: TsMorphModule; project: Project } | undefined;

  async function analyze(request: TsHookRequest): Promise<readonly Finding[]> {
    if (session === undefined) {
      const tsm = await loadTsMorph();
      session ??= { tsm, project: createHookProject(tsm, hooksApiPath) };
    } else {
      refreshHookFiles(session.project);
    }
    return analyzeHook(session.tsm, session.project, {
      hookPath: request.hookPath,
      exportName: request.exportName,
      argsType: request.argsType,
      constants: request.constants ?? {},
      hooksApiPath,
    });
  }

  return {
    async check(request) {
      const hookPath = path.resolve(request.hookPath);
      const req = { ...request, hookPath };
      const reason = unreadable(fs, hookPath);
      if (reason !== undefined) return [placeFinding({ code: 'MBP2090', anchor: 'path', args: { reason } }, req)];

      const key = hookCacheKey({
        hookPath,
        exportName: req.exportName,
        argsType: req.argsType,
        constants: req.constants ?? {},
        graph: collectModuleGraph(fs, hookPath, new Set([HOOKS_API_SPECIFIER])),
        hooksApiText: readText(fs, hooksApiPath) ?? '',
        toolchain: toolchainVersion(),
      });
      const cached = cache !== undefined ? readCached(cache, key) : undefined;
      countCache(cached !== undefined);
      if (cached !== undefined) return cached.map((f) => placeFinding(f, req));

      let findings: readonly Finding[];
      try {
        findings = await analyze(req);
      } catch (error) {
        // Not cached: an internal failure says nothing about the hook.
        const detail = error instanceof Error ? error.message : String(error);
        return [makeDiagnostic('MBP9001', req.file, req.span, { stage: 'the TypeScript hook check', detail })];
      }
      cache?.write(key, JSON.stringify({ checker: CHECKER_VERSION, findings } satisfies CacheEntry));
      return findings.map((f) => placeFinding(f, req));
    },
  };
}

/** One check with its own project; a compile with several hooks should share a {@link createTsHookChecker}. */
export function checkTsHook(request: TsHookRequest, options: TsHookOptions = {}): Promise<Diagnostic[]> {
  return createTsHookChecker(options).check(request);
}
