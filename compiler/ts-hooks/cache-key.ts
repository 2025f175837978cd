import { createHash } from 'node:crypto';
import type { Type } from '../../stdlib/index.ts';
import type { ModuleGraph } from './import-graph.ts';
import type { Constants } from './map-type.ts';

/**
 * Bumped whenever the checker's findings for the same inputs could change
 * (messages, the probe, the mapping), so old cache entries are never reused.
 */
export const CHECKER_VERSION = 1;

export interface CacheKeyInput {
  readonly hookPath: string;
  readonly exportName: string;
  readonly argsType: Type;
  readonly constants: Constants;
  readonly graph: ModuleGraph;
  /** The hooks API module's text: hook authors' `Instance` and `HookContext`. */
  readonly hooksApiText: string;
  /** The ts-morph (hence TypeScript) version: another compiler may judge differently. */
  readonly toolchain: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** JSON with object keys sorted, so the key does not depend on the order fields were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function digestAll(entries: ReadonlyMap<string, string | undefined>): [string, string | null][] {
  return [...entries].map(([file, text]) => [file, text === undefined ? null : sha256(text)] as [string, string | null]).sort();
}

export function hookCacheKey(input: CacheKeyInput): string {
  return sha256(
    canonical({
      checker: CHECKER_VERSION,
      toolchain: input.toolchain,
      hooksApi: sha256(input.hooksApiText),
      hook: input.hookPath,
      export: input.exportName,
      args: input.argsType,
      constants: input.constants,
      files: digestAll(input.graph.files),
      packages: digestAll(input.graph.packages),
    }),
  );
}
