import path from 'node:path';
import type { Diagnostic, SourceFile } from '../diagnostics/index.ts';
import type { FileSystem } from '../sources/index.ts';
import { CONFIG_FILE_NAME } from './config-schema.ts';
import { EMPTY_CONFIG, loadConfigFile, type ConfigOptions, type LintConfig } from './load-config.ts';

/** The nearest `mbp.config.json` in `dir` or a directory above it, as ESLint and Prettier look for theirs. */
export function findConfigFile(fs: FileSystem, dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const candidate = path.join(d, CONFIG_FILE_NAME);
    try {
      if (fs.stat(candidate)?.kind === 'file') return candidate;
    } catch {
      // An unreadable directory on the way up is not a configuration.
    }
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * The configuration for each blueprint of a run: one explicit file
 * (`--config FILE`) for all of them, or the nearest `mbp.config.json` above
 * each. Each configuration file is read once, however many blueprints share it.
 */
export class ConfigResolver {
  private readonly byFile = new Map<string, LintConfig>();
  private readonly byDir = new Map<string, string | undefined>();

  constructor(
    private readonly fs: FileSystem,
    private readonly options: ConfigOptions & { readonly explicit?: string },
  ) {}

  /** The configuration that applies to a blueprint file. */
  configFor(blueprint: string): LintConfig {
    const file = this.options.explicit ?? this.nearest(path.dirname(blueprint));
    return file === undefined ? EMPTY_CONFIG : this.load(file);
  }

  /**
   * The problems of every configuration file read so far, each once (two
   * configurations extending one broken base report it once).
   */
  diagnostics(): Diagnostic[] {
    const seen = new Set<string>();
    return [...this.byFile.values()].flatMap((c) => c.diagnostics).filter((d) => {
      const key = `${d.file}\0${d.range.start}\0${d.range.end}\0${d.code}\0${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** The text of every configuration file read so far, for renderers. */
  sources(): SourceFile[] {
    const byPath = new Map<string, SourceFile>();
    for (const c of this.byFile.values()) for (const s of c.sources) byPath.set(s.path, s);
    return [...byPath.values()];
  }

  private nearest(dir: string): string | undefined {
    if (!this.byDir.has(dir)) this.byDir.set(dir, findConfigFile(this.fs, dir));
    return this.byDir.get(dir);
  }

  private load(file: string): LintConfig {
    let config = this.byFile.get(file);
    if (config === undefined) {
      config = loadConfigFile(this.fs, file, this.options);
      this.byFile.set(file, config);
    }
    return config;
  }
}
