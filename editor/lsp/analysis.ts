import { checkFiles, type CheckOptions, type CheckResult } from '../../compiler/index.ts';
import type { CheckedProgram } from '../../compiler/checker/index.ts';
import type { SourceFile } from '../../compiler/diagnostics/index.ts';
import type { FileSystem } from '../../compiler/sources/index.ts';
import { parse, type Module } from '../../grammar/index.ts';
import type { ParseCache } from './parse-cache.ts';

/**
 * One run of the compiler (`mbp check` without TypeScript hooks) over some
 * entry files as the editor sees them, and the lookups the features need.
 */
export class Analysis {
  private readonly parsed = new Map<string, Module>();
  /** Every file the run loaded: the entries and what they import (and the configuration files read). */
  readonly files: ReadonlySet<string>;

  constructor(
    readonly entries: readonly string[],
    readonly result: CheckResult,
  ) {
    this.files = new Set(result.sources.keys());
  }

  get checked(): CheckedProgram | undefined {
    return this.result.checked;
  }

  sourceOf(file: string): SourceFile | undefined {
    return this.result.sources.get(file);
  }

  /** The syntax tree of a loaded file (parsed again only if the checker failed before giving one). */
  moduleOf(file: string): Module | undefined {
    const fromProgram = this.checked?.program.files.get(file)?.module;
    if (fromProgram) return fromProgram;
    const source = this.sourceOf(file);
    if (!source || !file.endsWith('.mbp')) return undefined;
    let module = this.parsed.get(file);
    if (!module) {
      module = parse(source.text, file).module;
      this.parsed.set(file, module);
    }
    return module;
  }
}

export function analyze(fs: FileSystem, entries: readonly string[], parses?: ParseCache, inventoryChecks?: CheckOptions['inventoryChecks']): Analysis {
  return new Analysis(entries, checkFiles(fs, entries, { ...(parses ? { parse: parses.parse } : {}), ...(inventoryChecks ? { inventoryChecks } : {}) }));
}
