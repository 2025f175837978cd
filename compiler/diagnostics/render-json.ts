import type { Diagnostic, TextRange } from './diagnostic.ts';
import { SourceFile, type Position } from './source-file.ts';
import { displayPath } from './display-path.ts';
import { countDiagnostics, sortDiagnostics } from './sort-diagnostics.ts';
import type { SourceLookup } from './render-text.ts';

/**
 * `--format json`, the document of DESIGN.md section 3, format_version "1".
 * Lines and columns count from 1, offsets from 0, columns and offsets in UTF-16
 * code units. `help` is present only when there is help; `related` and `fixes`
 * are always arrays. Paths are relative to `cwd` with `/` separators. A file
 * whose text could not be read (missing, not UTF-8…) reports line 1, column 1,
 * offset 0. Diagnostics are ordered by file, offset, then code.
 */
export interface JsonRange {
  readonly start: Position;
  readonly end: Position;
}

export interface JsonRelated {
  readonly message: string;
  readonly file: string;
  readonly range: JsonRange;
}

export interface JsonTextEdit {
  readonly file: string;
  readonly range: JsonRange;
  readonly text: string;
}

export interface JsonFix {
  readonly title: string;
  readonly edits: readonly JsonTextEdit[];
}

export interface JsonDiagnostic {
  readonly code: string;
  readonly severity: Diagnostic['severity'];
  readonly message: string;
  readonly file: string;
  readonly range: JsonRange;
  readonly related: readonly JsonRelated[];
  readonly help?: string;
  readonly fixes: readonly JsonFix[];
}

export interface JsonReport {
  readonly format_version: '1';
  readonly valid: boolean;
  readonly error_count: number;
  readonly warning_count: number;
  readonly diagnostics: readonly JsonDiagnostic[];
}

export interface JsonRenderOptions {
  readonly cwd: string;
}

const UNREADABLE = new SourceFile('', '');

export function toJsonReport(diagnostics: readonly Diagnostic[], sources: SourceLookup, options: JsonRenderOptions): JsonReport {
  const range = (file: string, r: TextRange): JsonRange => {
    const source = sources.get(file) ?? UNREADABLE;
    const start = source.positionAt(r.start);
    const end = source.positionAt(Math.max(r.start, r.end));
    return { start: { line: start.line, column: start.column, offset: start.offset }, end: { line: end.line, column: end.column, offset: end.offset } };
  };
  const path = (file: string): string => displayPath(file, options.cwd);
  const counts = countDiagnostics(diagnostics);
  return {
    format_version: '1',
    valid: counts.errors === 0,
    error_count: counts.errors,
    warning_count: counts.warnings,
    diagnostics: sortDiagnostics(diagnostics).map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      file: path(d.file),
      range: range(d.file, d.range),
      related: d.related.map((r) => ({ message: r.message, file: path(r.file), range: range(r.file, r.range) })),
      ...(d.help !== undefined ? { help: d.help } : {}),
      fixes: d.fixes.map((f) => ({
        title: f.title,
        edits: f.edits.map((e) => ({ file: path(e.file), range: range(e.file, e.range), text: e.text })),
      })),
    })),
  };
}

/** The JSON document, indented two spaces, ending with a newline. */
export function renderJson(diagnostics: readonly Diagnostic[], sources: SourceLookup, options: JsonRenderOptions): string {
  return JSON.stringify(toJsonReport(diagnostics, sources, options), null, 2) + '\n';
}
