import type { FileSystem } from '../sources/index.ts';
import type { MessageArgs, RelatedInformation, TextRange } from '../diagnostics/index.ts';
import type { Code } from '../diagnostics/index.ts';
import type { Type } from '../../stdlib/index.ts';
import type { ResultCache } from './result-cache.ts';

/** One `std.ts.call(path, export, args)` as the semantic checker sees it. */
export interface TsHookRequest {
  /** The .mbp file holding the call; diagnostics are reported in it. */
  readonly file: string;
  /** The hook module, resolved to an absolute path (relative paths in a blueprint are relative to its directory). */
  readonly hookPath: string;
  readonly exportName: string;
  /** The language type of the `args` expression; `any` or `error` skip the argument check but not the export check. */
  readonly argsType: Type;
  /** The `args` expression. */
  readonly span: TextRange;
  /** The `path` argument (the string literal, quotes included). */
  readonly pathSpan: TextRange;
  /** The `export` argument (the string literal, quotes included); a did-you-mean fix replaces it. */
  readonly exportSpan: TextRange;
  /**
   * Spans of the argument fields, keyed by dotted path (`count`, `server.id`),
   * so a diagnostic points at the field rather than the whole object.
   */
  readonly fieldSpans?: Readonly<Record<string, TextRange>>;
  /**
   * Values known at compile time, by the same dotted paths. A known string,
   * number or boolean is given its literal TypeScript type, so `mode = "fast"`
   * fits a parameter typed `"fast" | "slow"` (the language has no literal types).
   */
  readonly constants?: Readonly<Record<string, string | number | boolean>>;
}

export interface TsHookOptions {
  /** Where the default cache directory is (`<cwd>/.mbp/cache/ts-hooks`); default `process.cwd()`. */
  readonly cwd?: string;
  /** The cache directory; default `<cwd>/.mbp/cache/ts-hooks`. Ignored when `cache` is given. */
  readonly cacheDir?: string;
  /** A result cache to use instead of the directory, or `false` for none. */
  readonly cache?: ResultCache | false;
  /** Reads the hook modules for the cache key; default the real disk. ts-morph reads the disk itself. */
  readonly fs?: FileSystem;
  /** The hooks API module `metal-blueprint/hooks` resolves to; default `stdlib/hooks-api/index.ts`. */
  readonly hooksApiPath?: string;
}

/**
 * A diagnostic before it is placed: findings are what the cache stores, so a
 * blueprint edited around an unchanged hook reuses them with its new spans.
 */
export interface Finding {
  readonly code: Code;
  /** What the diagnostic points at: the path literal, the export literal, or a field of the arguments. */
  readonly anchor: 'path' | 'export' | 'args';
  /** For `args`: the field path the diagnostic points at ([] is the whole `args` expression). */
  readonly at?: readonly string[];
  /** Message arguments; `path` (the hook as the blueprint names it) is added when placed. */
  readonly args: MessageArgs;
  readonly help?: string;
  readonly related?: readonly RelatedInformation[];
  /** A replacement for the anchor's text, offered as a fix-it. */
  readonly fix?: { readonly title: string; readonly text: string };
}
