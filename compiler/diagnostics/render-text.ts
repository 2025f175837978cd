import type { Diagnostic, Fix, Severity, TextRange } from './diagnostic.ts';
import { SourceFile } from './source-file.ts';
import { layoutLine } from './text-width.ts';
import { painter, type Paint, type StyleName } from './ansi.ts';
import { displayPath } from './display-path.ts';
import { sortDiagnostics, type DiagnosticCounts } from './sort-diagnostics.ts';

/**
 * Terminal rendering in the rustc/codespan style:
 *
 *     error[MBP2001]: unknown network `wan2`
 *       ┌─ main.mbp:5:22
 *       │
 *     3 │   network wan { kind = "wan" }
 *       │           --- declared here
 *     4 │
 *     5 │   port 0 { network = wan2 }
 *       │                      ^^^^
 *       │
 *       = help: did you mean `wan`?
 *       = fix: replace with `wan`
 *       │
 *     5 │   port 0 { network = wan }
 *       │                      ~~~
 *
 * Columns in the `file:line:col` header count UTF-16 code units from 1, as in
 * the JSON document; carets are placed by terminal cells (tabs, wide
 * characters), so they line up whatever the text.
 */
export interface TextRenderOptions {
  /** Paths are shown relative to this directory. */
  readonly cwd: string;
  /** ANSI colour; the caller decides (TTY, NO_COLOR). Default off. */
  readonly color?: boolean;
  /** ASCII frame characters instead of box drawing (dumb terminals). */
  readonly ascii?: boolean;
  readonly tabWidth?: number;
  /** Longer source lines are cut to a window around their marks. */
  readonly maxLineWidth?: number;
}

export type SourceLookup = ReadonlyMap<string, SourceFile>;

type Mark = 'primary' | 'secondary' | 'insert' | 'replace' | 'delete';

interface Annotation {
  readonly range: TextRange;
  readonly mark: Mark;
  readonly label?: string;
}

/** Part of an annotation on one line, in UTF-16 indexes of that line; `end === start` marks one cell. */
interface Segment {
  readonly start: number;
  readonly end: number;
  readonly mark: Mark;
  readonly label?: string;
}

interface ShownLine {
  readonly lineNo: number;
  readonly text: string;
  readonly segments: readonly Segment[];
}

type Row =
  | { readonly kind: 'locator'; readonly text: string }
  | { readonly kind: 'blank' }
  | { readonly kind: 'ellipsis' }
  | { readonly kind: 'line'; readonly line: ShownLine }
  | { readonly kind: 'note'; readonly label: 'help' | 'note' | 'fix'; readonly text: string };

interface Charset {
  readonly locator: string;
  readonly bar: string;
  readonly ellipsis: string;
  readonly connector: string;
  readonly marks: Readonly<Record<Mark, string>>;
  readonly cut: string;
  readonly ok: string;
  readonly failed: string;
}

const UNICODE: Charset = {
  locator: '┌─',
  bar: '│',
  ellipsis: '·',
  connector: '│',
  marks: { primary: '^', secondary: '-', insert: '+', replace: '~', delete: '-' },
  cut: '…',
  ok: '✓',
  failed: '✗',
};

const ASCII: Charset = {
  locator: '-->',
  bar: '|',
  ellipsis: '.',
  connector: '|',
  marks: UNICODE.marks,
  cut: '~',
  ok: 'ok:',
  failed: 'error:',
};

const SEVERITY_STYLE: Readonly<Record<Severity, StyleName>> = { error: 'error', warning: 'warning', info: 'info' };

/** A long span shows its first two lines and its last; the rest is elided. */
const MAX_SPAN_LINES = 4;

interface Context {
  readonly options: TextRenderOptions;
  readonly chars: Charset;
  readonly paint: Paint;
  readonly tabWidth: number;
  readonly maxLineWidth: number;
}

function contextFor(options: TextRenderOptions): Context {
  return {
    options,
    chars: options.ascii ? ASCII : UNICODE,
    paint: painter(options.color ?? false),
    tabWidth: options.tabWidth ?? 4,
    maxLineWidth: Math.max(20, options.maxLineWidth ?? 160),
  };
}

function firstNonSpace(text: string): number {
  const match = /\S/.exec(text);
  return match ? match.index : text.length;
}

/** The segments of one annotation, keyed by 1-based line. */
function segmentsOf(source: SourceFile, annotation: Annotation): Map<number, Segment> {
  const start = source.positionAt(annotation.range.start);
  const end = source.positionAt(Math.max(annotation.range.start, annotation.range.end));
  let lastLine = end.line;
  let lastEnd = end.column - 1;
  // A span ending right after a line break ends on the line before, not at column 1 of the next.
  if (end.offset > start.offset && end.column === 1 && end.line > start.line) {
    lastLine = end.line - 1;
    lastEnd = source.lineText(lastLine).length;
  }
  const spanLines = lastLine - start.line + 1;
  const segments = new Map<number, Segment>();
  for (let line = start.line; line <= lastLine; line++) {
    const isFirst = line === start.line;
    const isLast = line === lastLine;
    if (spanLines > MAX_SPAN_LINES && line > start.line + 1 && !isLast) continue;
    const text = source.lineText(line);
    if (!isFirst && !isLast && text.trim() === '') continue;
    const from = Math.min(isFirst ? start.column - 1 : firstNonSpace(text), text.length);
    const to = Math.min(isLast ? lastEnd : text.length, text.length);
    const label = isLast ? annotation.label : undefined;
    segments.set(line, { start: from, end: Math.max(from, to), mark: annotation.mark, ...(label !== undefined ? { label } : {}) });
  }
  return segments;
}

/** Source lines to show for a set of annotations: marked lines, a single gap line filled in, longer gaps elided. */
function snippetRows(source: SourceFile, annotations: readonly Annotation[]): Row[] {
  const byLine = new Map<number, Segment[]>();
  for (const annotation of annotations) {
    for (const [line, segment] of segmentsOf(source, annotation)) {
      const list = byLine.get(line);
      if (list) list.push(segment);
      else byLine.set(line, [segment]);
    }
  }
  const lines = [...byLine.keys()].sort((a, b) => a - b);
  const rows: Row[] = [];
  let previous: number | undefined;
  for (const lineNo of lines) {
    if (previous !== undefined && lineNo - previous === 2) {
      rows.push({ kind: 'line', line: { lineNo: previous + 1, text: source.lineText(previous + 1), segments: [] } });
    } else if (previous !== undefined && lineNo - previous > 2) {
      rows.push({ kind: 'ellipsis' });
    }
    rows.push({ kind: 'line', line: { lineNo, text: source.lineText(lineNo), segments: byLine.get(lineNo) ?? [] } });
    previous = lineNo;
  }
  return rows;
}

function locatorText(file: string, source: SourceFile | undefined, offset: number, cwd: string): string {
  const shown = displayPath(file, cwd);
  if (!source) return shown;
  const position = source.positionAt(offset);
  return `${shown}:${position.line}:${position.column}`;
}

/** The primary span and related spans, one snippet per file (the primary's first), then notes, help and fixes. */
function diagnosticRows(d: Diagnostic, sources: SourceLookup, ctx: Context): Row[] {
  const cwd = ctx.options.cwd;
  const groups = new Map<string, Annotation[]>([[d.file, [{ range: d.range, mark: 'primary' }]]]);
  const orphanNotes: Row[] = [];
  for (const related of d.related) {
    if (!sources.has(related.file)) {
      orphanNotes.push({ kind: 'note', label: 'note', text: `${displayPath(related.file, cwd)}: ${related.message}` });
      continue;
    }
    const annotation: Annotation = { range: related.range, mark: 'secondary', label: related.message };
    const group = groups.get(related.file);
    if (group) group.push(annotation);
    else groups.set(related.file, [annotation]);
  }

  const rows: Row[] = [];
  let endsWithSnippet = false;
  for (const [file, annotations] of groups) {
    const source = sources.get(file);
    if (rows.length > 0) rows.push({ kind: 'blank' });
    rows.push({ kind: 'locator', text: locatorText(file, source, annotations[0]!.range.start, cwd) });
    if (source) {
      rows.push({ kind: 'blank' }, ...snippetRows(source, annotations));
      endsWithSnippet = true;
    }
  }
  const notes: Row[] = [...orphanNotes];
  if (d.help !== undefined) notes.push({ kind: 'note', label: 'help', text: d.help });
  if (notes.length > 0 || d.fixes.length > 0) {
    if (endsWithSnippet) rows.push({ kind: 'blank' });
    rows.push(...notes);
  }
  for (const fix of d.fixes) rows.push(...fixRows(fix, d.file, sources, ctx));
  return rows;
}

/** A fix-it as a preview of the edited lines: inserted text marked `+`, replacements `~`, pure deletions `-` under the old text. */
function fixRows(fix: Fix, primaryFile: string, sources: SourceLookup, ctx: Context): Row[] {
  const rows: Row[] = [{ kind: 'note', label: 'fix', text: fix.title }];
  const files = [...new Set(fix.edits.map((edit) => edit.file))];
  for (const file of files) {
    const source = sources.get(file);
    if (!source) continue;
    const edits = fix.edits.filter((edit) => edit.file === file).sort((a, b) => a.range.start - b.range.start);
    let preview: SourceFile;
    const annotations: Annotation[] = [];
    if (edits.every((edit) => edit.text === '')) {
      preview = source;
      for (const edit of edits) annotations.push({ range: edit.range, mark: 'delete' });
    } else {
      let text = '';
      let cursor = 0;
      for (const edit of edits) {
        const start = Math.max(cursor, Math.min(edit.range.start, source.text.length));
        const end = Math.max(start, Math.min(edit.range.end, source.text.length));
        text += source.text.slice(cursor, start);
        if (edit.text !== '') {
          annotations.push({
            range: { start: text.length, end: text.length + edit.text.length },
            mark: start === end ? 'insert' : 'replace',
          });
        }
        text += edit.text;
        cursor = end;
      }
      text += source.text.slice(cursor);
      preview = new SourceFile(file, text);
    }
    if (file !== primaryFile) rows.push({ kind: 'locator', text: locatorText(file, preview, annotations[0]?.range.start ?? 0, ctx.options.cwd) });
    rows.push({ kind: 'blank' }, ...snippetRows(preview, annotations));
  }
  return rows;
}

interface Cell {
  readonly ch: string;
  readonly style: StyleName | undefined;
}

function serialize(cells: readonly (Cell | undefined)[], paint: Paint): string {
  let out = '';
  let run = '';
  let runStyle: StyleName | undefined;
  for (const cell of cells) {
    const style = cell?.style;
    if (style !== runStyle) {
      out += paint(run, runStyle);
      run = '';
      runStyle = style;
    }
    run += cell?.ch ?? ' ';
  }
  return out + paint(run, runStyle);
}

function markStyle(mark: Mark, severity: Severity): StyleName {
  switch (mark) {
    case 'primary': return SEVERITY_STYLE[severity];
    case 'secondary': return 'secondary';
    case 'insert':
    case 'replace': return 'insert';
    case 'delete': return 'delete';
  }
}

/** The source line as printed, and where each segment falls on screen (cells from 0). */
function layoutShownLine(line: ShownLine, ctx: Context): { text: string; spans: { segment: Segment; from: number; to: number }[] } {
  const glyphs = layoutLine(line.text, ctx.tabWidth);
  const columnAt = new Array<number>(line.text.length + 1).fill(0);
  let column = 0;
  for (const glyph of glyphs) {
    for (let k = 0; k < glyph.length; k++) columnAt[glyph.index + k] = column;
    column += glyph.width;
  }
  columnAt[line.text.length] = column;
  const total = column;
  const cellOf = (index: number): number => columnAt[Math.max(0, Math.min(index, line.text.length))]!;

  let windowStart = 0;
  let windowEnd = total;
  if (total > ctx.maxLineWidth) {
    const first = Math.min(...line.segments.map((s) => cellOf(s.start)), total);
    const last = Math.max(...line.segments.map((s) => cellOf(s.end)), 0);
    windowStart = last < ctx.maxLineWidth - 1 ? 0 : Math.max(0, Math.min(first - 8, total - ctx.maxLineWidth + 2));
    windowEnd = windowStart + ctx.maxLineWidth - 2;
  }
  const lead = windowStart > 0 ? ctx.chars.cut : '';
  let text = lead;
  let truncated = false;
  for (const glyph of glyphs) {
    const at = columnAt[glyph.index]!;
    if (at < windowStart) continue;
    if (at + glyph.width > windowEnd) {
      truncated = true;
      break;
    }
    text += glyph.text;
  }
  if (truncated) text += ctx.chars.cut;
  const shift = lead.length - windowStart;
  const clampCell = (cell: number): number => Math.max(lead.length, Math.min(cell + shift, windowEnd + shift + (truncated ? 1 : 0)));
  const spans = line.segments.map((segment) => {
    const from = clampCell(cellOf(segment.start));
    const to = Math.max(from + 1, clampCell(cellOf(segment.end)));
    return { segment, from, to };
  });
  return { text, spans };
}

/** The source row, then the marks row with the rightmost label inline, then other labels hanging from connectors. */
function renderLine(line: ShownLine, severity: Severity, gutter: number, ctx: Context): string[] {
  const { paint, chars } = ctx;
  const { text, spans } = layoutShownLine(line, ctx);
  const number = paint(String(line.lineNo).padStart(gutter), 'gutter');
  const out = [`${number} ${paint(chars.bar, 'gutter')} ${text}`.trimEnd()];
  if (spans.length === 0) return out;

  const prefix = `${' '.repeat(gutter + 1)}${paint(chars.bar, 'gutter')} `;
  const marks: (Cell | undefined)[] = [];
  // Secondary marks first so the primary span wins where they overlap.
  const drawOrder = [...spans].sort((a, b) => Number(a.segment.mark === 'primary') - Number(b.segment.mark === 'primary'));
  for (const { segment, from, to } of drawOrder) {
    const cell: Cell = { ch: chars.marks[segment.mark], style: markStyle(segment.mark, severity) };
    for (let c = from; c < to; c++) marks[c] = cell;
  }
  const rightEdge = Math.max(...spans.map((s) => s.to));
  const labelled = spans.filter((s) => s.segment.label !== undefined).sort((a, b) => a.from - b.from);
  const inline = [...labelled].reverse().find((s) => s.to === rightEdge);
  const hanging = labelled.filter((s) => s !== inline);

  const labelText = (s: (typeof spans)[number]): string => paint(s.segment.label ?? '', markStyle(s.segment.mark, severity));
  out.push(`${prefix}${serialize(marks, paint)}${inline ? ` ${labelText(inline)}` : ''}`.trimEnd());
  if (hanging.length > 0) {
    const connectors = (count: number): (Cell | undefined)[] => {
      const cells: (Cell | undefined)[] = [];
      for (const s of hanging.slice(0, count)) cells[s.from] = { ch: chars.connector, style: markStyle(s.segment.mark, severity) };
      return cells;
    };
    out.push(`${prefix}${serialize(connectors(hanging.length), paint)}`.trimEnd());
    for (let i = hanging.length - 1; i >= 0; i--) {
      const s = hanging[i]!;
      const cells = connectors(i).slice(0, s.from);
      while (cells.length < s.from) cells.push(undefined);
      out.push(`${prefix}${serialize(cells, paint)}${labelText(s)}`.trimEnd());
    }
  }
  return out;
}

function renderNote(label: 'help' | 'note' | 'fix', text: string, gutter: number, paint: Paint): string[] {
  const [first = '', ...rest] = text.split(/\r?\n/);
  const indent = ' '.repeat(gutter + 1 + `= ${label}: `.length);
  return [`${' '.repeat(gutter + 1)}${paint(`= ${label}:`, 'bold')} ${first}`.trimEnd(), ...rest.map((l) => `${indent}${l}`.trimEnd())];
}

/** One diagnostic, ending with a newline. */
export function renderDiagnostic(d: Diagnostic, sources: SourceLookup, options: TextRenderOptions): string {
  const ctx = contextFor(options);
  const { paint, chars } = ctx;
  const rows = diagnosticRows(d, sources, ctx);
  const maxLine = Math.max(1, ...rows.map((row) => (row.kind === 'line' ? row.line.lineNo : 1)));
  const gutter = String(maxLine).length;
  const pad = ' '.repeat(gutter + 1);

  const out = [`${paint(`${d.severity}[${d.code}]`, SEVERITY_STYLE[d.severity])}${paint(`: ${d.message}`, 'bold')}`];
  for (const row of rows) {
    switch (row.kind) {
      case 'locator':
        out.push(`${pad}${paint(chars.locator, 'gutter')} ${row.text}`);
        break;
      case 'blank':
        out.push(`${pad}${paint(chars.bar, 'gutter')}`);
        break;
      case 'ellipsis':
        out.push(`${pad}${paint(chars.ellipsis, 'gutter')}`);
        break;
      case 'line':
        out.push(...renderLine(row.line, d.severity, gutter, ctx));
        break;
      case 'note':
        out.push(...renderNote(row.label, row.text, gutter, paint));
        break;
    }
  }
  return out.join('\n') + '\n';
}

/** Every diagnostic in the one output order, a blank line between them. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], sources: SourceLookup, options: TextRenderOptions): string {
  return sortDiagnostics(diagnostics)
    .map((d) => renderDiagnostic(d, sources, options))
    .join('\n');
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/**
 * The last line: `✓ 3 files checked, no problems`, `✓ 3 files checked: 1 warning`
 * (warnings alone do not fail), `✗ 3 files checked: 2 errors, 1 warning`.
 */
export function renderSummary(fileCount: number, counts: DiagnosticCounts, options: Pick<TextRenderOptions, 'color' | 'ascii'>): string {
  const ctx = contextFor({ cwd: '', ...options });
  const files = `${plural(fileCount, 'file')} checked`;
  const parts: string[] = [];
  if (counts.errors > 0) parts.push(plural(counts.errors, 'error'));
  if (counts.warnings > 0) parts.push(plural(counts.warnings, 'warning'));
  if (counts.infos > 0) parts.push(plural(counts.infos, 'info', 'info'));
  if (counts.errors > 0) return `${ctx.paint(ctx.chars.failed, 'error')} ${files}: ${parts.join(', ')}\n`;
  if (parts.length > 0) return `${ctx.paint(ctx.chars.ok, 'success')} ${files}: ${parts.join(', ')}\n`;
  return `${ctx.paint(ctx.chars.ok, 'success')} ${files}, no problems\n`;
}
