/**
 * Runs one hook check in a fresh process, so a test can see what a check
 * loads when nothing is in the module cache: `node --import tsx
 * check-in-child.ts '<json>'` with `{ request?, cacheDir }`, printing the
 * diagnostics, the counters and whether ts-morph's code was ever loaded.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../../compiler/diagnostics/index.ts';
import type { TsHookRequest } from '../../compiler/ts-hooks/index.ts';

export interface ChildInput {
  readonly request?: TsHookRequest;
  readonly cacheDir: string;
}

export interface ChildOutput {
  readonly diagnostics: Diagnostic[];
  readonly stats: { tsMorphLoads: number; projectsCreated: number; cacheHits: number; cacheMisses: number };
  readonly tsMorphLoaded: boolean;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

export function checkInChild(input: ChildInput): ChildOutput {
  const result = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify(input)], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`child check failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as ChildOutput;
}

async function main(raw: string): Promise<void> {
  const input = JSON.parse(raw) as ChildInput;
  const { checkTsHook, tsHookStats } = await import('../../compiler/ts-hooks/index.ts');
  const diagnostics = input.request ? await checkTsHook(input.request, { cacheDir: input.cacheDir }) : [];
  // ts-morph is CommonJS: once imported, its files sit in the CommonJS module cache.
  const cache = createRequire(import.meta.url).cache;
  const tsMorphLoaded = Object.keys(cache).some((file) => /[\\/]node_modules[\\/](ts-morph|@ts-morph)[\\/]/.test(file));
  const output: ChildOutput = { diagnostics, stats: { ...tsHookStats() }, tsMorphLoaded };
  process.stdout.write(JSON.stringify(output));
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] !== undefined) await main(process.argv[2]);
