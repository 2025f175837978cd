import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic as LspDiagnostic,
  type Position,
  type Range,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import type { Diagnostic, Fix, Severity, SourceFile, TextRange } from '../../compiler/diagnostics/index.ts';

/** An offset (UTF-16, as the compiler counts) as an LSP position (0-based line and UTF-16 character). */
export function positionAt(source: SourceFile, offset: number): Position {
  const p = source.positionAt(offset);
  return { line: p.line - 1, character: p.column - 1 };
}

export function rangeOf(source: SourceFile, range: TextRange): Range {
  return { start: positionAt(source, range.start), end: positionAt(source, range.end) };
}

/** The offset of an LSP position (clamped to the line, as editors send positions past its end). */
export function offsetAt(source: SourceFile, position: Position): number {
  const line = Math.max(0, Math.min(position.line, source.lineCount - 1));
  const start = source.lineStarts[line] ?? 0;
  const next = source.lineStarts[line + 1];
  let end = next ?? source.text.length;
  if (next !== undefined) {
    if (source.text.charCodeAt(end - 1) === 10) end--;
    if (source.text.charCodeAt(end - 1) === 13) end--;
  }
  return Math.min(start + Math.max(0, position.character), end);
}

/** Finds the text of a file named in a diagnostic. */
export type SourceLookup = (file: string) => SourceFile | undefined;

/** A quick fix as the client will apply it: edits by URI, positions resolved when the diagnostic was published. */
export interface FixData {
  readonly title: string;
  readonly edits: readonly { readonly uri: string; readonly edit: LspTextEdit }[];
}

/** What a published diagnostic carries for code actions (`Diagnostic.data`, returned by the client as is). */
export interface DiagnosticData {
  readonly fixes: readonly FixData[];
}

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Lint rules whose finding is code that does nothing: editors fade it out. */
const UNNECESSARY = new Set(['unused-let', 'unused-param', 'unused-secret', 'unused-workflow', 'unused-disable-directive']);

export function toFixData(fix: Fix, sources: SourceLookup, uriOf: (file: string) => string): FixData | undefined {
  const edits: { uri: string; edit: LspTextEdit }[] = [];
  for (const e of fix.edits) {
    const source = sources(e.file);
    if (!source) return undefined;
    edits.push({ uri: uriOf(e.file), edit: { range: rangeOf(source, e.range), newText: e.text } });
  }
  return { title: fix.title, edits };
}

/** A compiler diagnostic in LSP terms; help goes after the message, fix-its into `data` for code actions. */
export function toLspDiagnostic(d: Diagnostic, source: SourceFile, sources: SourceLookup, uriOf: (file: string) => string): LspDiagnostic {
  const related = d.related.flatMap((r) => {
    const s = sources(r.file);
    return s ? [{ location: { uri: uriOf(r.file), range: rangeOf(s, r.range) }, message: r.message }] : [];
  });
  const fixes = d.fixes.flatMap((f) => toFixData(f, sources, uriOf) ?? []);
  const data: DiagnosticData = { fixes };
  return {
    range: rangeOf(source, d.range),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'mbp',
    message: d.help ? `${d.message}\nhelp: ${d.help}` : d.message,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    ...(UNNECESSARY.has(d.code) ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    data,
  };
}
