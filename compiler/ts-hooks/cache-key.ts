import { createHash } from 'node:crypto';
import { canonicalJson, type Type, type Value } from '../../stdlib/index.ts';
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

function digestAll(entries: ReadonlyMap<string, string | undefined>): [string, string | null][] {
  return [...entries].map(([file, text]) => [file, text === undefined ? null : sha256(text)] as [string, string | null]).sort();
}

export function hookCacheKey(input: CacheKeyInput): string {
  // Keys sorted, so the key does not depend on the order fields were written in.
  const described = {
    checker: CHECKER_VERSION,
    toolchain: input.toolchain,
    hooksApi: sha256(input.hooksApiText),
    hook: input.hookPath,
    export: input.exportName,
    args: input.argsType,
    constants: input.constants,
    files: digestAll(input.graph.files),
    packages: digestAll(input.graph.packages),
  };
  // A Type is plain JSON data, though not declared as a Value.
  return sha256(canonicalJson(described as unknown as Value));
}
