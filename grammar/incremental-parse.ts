import type { IToken } from 'chevrotain';
import { sortDiagnostics, type Diagnostic, type TextRange } from '../compiler/diagnostics/index.ts';
import type { Declaration, Module } from './ast.ts';
import { buildAst } from './cst-to-ast.ts';
import { layout } from './layout.ts';
import { getParser } from './parser.ts';
import { parse, tokenize, type ParseResult } from './parse.ts';
import type { Comment, Token } from './public-tokens.ts';
import * as T from './tokens.ts';

/**
 * Parsing again only what an edit touched, for the language server.
 *
 * The text is cut into chunks before top-level declarations (a line starting
 * at column 0 with a declaration keyword and a name, with the `///` lines
 * right above it). A chunk is parsed on its own followed by the first line
 * of the next one (the "head"): the layout pass and the parser then see the
 * same tokens around the cut as in the whole file. The cut is kept only if,
 * in that parse, the next declaration's keyword is at nesting level 0 right
 * after a line break the parser sees, and a declaration starts there: then
 * nothing of the chunk (an open bracket, string, heredoc or comment, the
 * recovery from an entry in error) runs into the next one, and the whole
 * file's parse is the chunks' parses put end to end.
 * Otherwise the chunk is merged with what follows and parsed again.
 *
 * Chunk results are cached by their text (head included) and re-based to
 * where the chunk now starts: an edit re-parses one or two chunks. The
 * result deep-equals `parse(text, file)` (test/grammar/incremental-parse.test.ts).
 */
export class IncrementalParser {
  private cache = new Map<string, ChunkEntry>();
  private file: string | undefined;
  private generation = 0;
  private last: { text: string; result: ParseResult } | undefined;
  /** Chunks parsed (not found in the cache) by the last call: for tests and benchmarks. */
  lastParsedChunks = 0;
  /** Chunks the last call's result was put together from. */
  lastChunkCount = 0;

  parse(text: string, file: string): ParseResult {
    if (file !== this.file) {
      this.cache.clear();
      this.last = undefined;
      this.file = file;
    }
    this.lastParsedChunks = 0;
    // A file read again unchanged (an import of the document being edited) keeps its tree.
    if (this.last?.text === text) return this.last.result;
    this.generation++;
    let result: ParseResult | undefined;
    try {
      result = this.chunked(text, file);
    } catch {
      result = undefined;
    }
    // Entries unused by this parse and the one before are dropped: undo and redo stay cheap, memory stays bounded.
    for (const [key, entry] of this.cache) if (entry.used < this.generation - 1) this.cache.delete(key);
    if (!result) {
      this.lastChunkCount = 1;
      result = parse(text, file);
    }
    this.last = { text, result };
    return result;
  }

  private chunked(text: string, file: string): ParseResult | undefined {
    const cuts = candidateCuts(text);
    const declarations: Declaration[] = [];
    const diagnostics: Diagnostic[] = [];
    let doc: string | undefined;
    let chunks = 0;
    let start = 0;
    let next = 0; // index into cuts of the first cut after `start`
    while (start < text.length || chunks === 0) {
      // Try the next cut, then twice as far each time the chunk runs into what follows.
      let span = 1;
      let found: { end: number; result: ChunkResult } | undefined;
      for (;;) {
        const cut = cuts[next + span - 1];
        const end = cut ? cut.start : text.length;
        const head = cut ? text.slice(cut.start, cut.lineEnd) : '';
        const result = this.chunk(text.slice(start, end), head, cut ? cut.keyword - cut.start : -1, file);
        if (result.settled) {
          found = { end, result };
          next += span;
          break;
        }
        if (!cut) return undefined; // cannot happen: the last chunk is always settled
        span = Math.min(span * 2, cuts.length - next + 1);
      }
      const { end, result } = found;
      if (chunks === 0) {
        // The module's `//!` doc is read up to the first declaration: it must be in the first chunk.
        if (result.declarations.length === 0 && end < text.length) return undefined;
        doc = result.doc;
      }
      const at = this.rebased(result, start);
      for (const d of at.declarations) declarations.push(d);
      for (const d of at.diagnostics) diagnostics.push(d);
      chunks++;
      start = end;
      if (end >= text.length) break;
    }
    this.lastChunkCount = chunks;
    const module: Module = { kind: 'Module', span: { start: 0, end: text.length }, file, doc, declarations };
    return new IncrementalResult(module, sortDiagnostics(diagnostics), text, file);
  }

  /** The chunk's declarations and diagnostics, relative to its start; cached by its text and head. */
  private chunk(body: string, head: string, keywordInHead: number, file: string): ChunkResult & { entry?: ChunkEntry } {
    // Where the chunk ends is part of the key: the same text may be cut in two places.
    const key = `${body.length},${keywordInHead};${body}${head}`;
    let entry = this.cache.get(key);
    if (!entry) {
      this.lastParsedChunks++;
      // A copy, so that the cached tree's strings do not keep this version of the whole text alive.
      const own = copyString(key);
      const text = own.slice(own.indexOf(';') + 1);
      entry = { result: parseChunk(text, body.length, keywordInHead < 0 ? -1 : body.length + keywordInHead, file), at: new Map(), used: 0 };
      this.cache.set(own, entry);
    }
    entry.used = this.generation;
    return Object.assign({ entry }, entry.result);
  }

  /** The result moved to `offset`; the two latest placements of a chunk are kept (typing shifts what follows back and forth). */
  private rebased(result: ChunkResult & { entry?: ChunkEntry }, offset: number): Placed {
    if (offset === 0) return result;
    const entry = result.entry!;
    let placed = entry.at.get(offset);
    if (!placed) {
      placed = { declarations: result.declarations.map((d) => shifted(d, offset)), diagnostics: result.diagnostics.map((d) => shiftDiagnostic(d, offset)) };
      if (entry.at.size >= 2) entry.at.delete(entry.at.keys().next().value!);
      entry.at.set(offset, placed);
    }
    return placed;
  }
}

interface Placed {
  readonly declarations: readonly Declaration[];
  readonly diagnostics: readonly Diagnostic[];
}

interface ChunkResult extends Placed {
  /** The cut after this chunk holds: nothing of it runs into the next chunk. */
  readonly settled: boolean;
  readonly doc: string | undefined;
}

interface ChunkEntry {
  readonly result: ChunkResult;
  /** Placements by offset. */
  readonly at: Map<number, Placed>;
  used: number;
}

interface Cut {
  /** Where the chunk starts: the declaration's line, or the first of the `///` lines above it. */
  readonly start: number;
  readonly keyword: number;
  /** End of the keyword's line (the head given with the chunk before). */
  readonly lineEnd: number;
}

const DECLARATION = /^(?:import|param|secret|let|output|os_template|workflow|infrastructure)[ \t\f\v\uFEFF]+["A-Za-z_]/;
const DECLARATION_KEYWORDS = new Set([T.Import, T.Param, T.Secret, T.Let, T.Output, T.OsTemplate, T.Workflow, T.Infrastructure]);

/**
 * Lines that look like the start of a top-level declaration, but the first
 * (the module's doc is read up to it). Only a guess: `parseChunk` checks
 * each cut it is given.
 */
function candidateCuts(text: string): Cut[] {
  const cuts: Cut[] = [];
  let seenFirst = false;
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const c = text.charCodeAt(lineStart);
    // Every declaration keyword starts with one of `i p s l o w`.
    if ((c === 105 || c === 112 || c === 115 || c === 108 || c === 111 || c === 119) && DECLARATION.test(text.slice(lineStart, Math.min(lineEnd, lineStart + 32)))) {
      if (seenFirst) {
        const start = docStart(text, lineStart);
        if (start > 0) cuts.push({ start, keyword: lineStart, lineEnd });
      }
      seenFirst = true;
    }
    lineStart = lineEnd + 1;
  }
  // Doc lines may reach back over a previous cut's line only in text that is not code; keep cuts increasing.
  return cuts.filter((c, i) => i === 0 || c.start > cuts[i - 1]!.keyword);
}

/** The start of the `///` lines right above the line at `lineStart` (or that line); -1 when a doc comment ends a code line above. */
function docStart(text: string, lineStart: number): number {
  let start = lineStart;
  while (start > 0) {
    const prevStart = text.lastIndexOf('\n', start - 2) + 1;
    const line = text.slice(prevStart, start - 1);
    // A bare `\r` is a line break too: what follows it on a `///` line is code, and such text is not cut.
    const bareCr = line.slice(0, -1).includes('\r');
    if (/^[ \t\f\v\uFEFF]*\/\/\//.test(line)) {
      if (bareCr) return -1;
      start = prevStart;
      continue;
    }
    return line.includes('///') || bareCr ? -1 : start;
  }
  return start;
}

/**
 * Parses `text` (a chunk, then the head of the next one, whose keyword is at
 * `keyword`, or -1 for the last chunk), keeping what lies before `end`.
 */
function parseChunk(text: string, end: number, keyword: number, file: string): ChunkResult {
  const lexed = layout(text, file);
  const parsed = getParser().parseModule(lexed, file);
  const built = buildAst({ cst: parsed.cst, text, file, comments: lexed.comments, invalidLiterals: lexed.invalidLiterals });
  let settled = keyword < 0;
  if (!settled) {
    const i = tokenAt(lexed.tokens, keyword);
    settled =
      i > 0 &&
      DECLARATION_KEYWORDS.has(lexed.tokens[i]!.tokenType) &&
      lexed.levels[i] === 0 &&
      lexed.tokens[i - 1]!.tokenType === T.Newline &&
      // The parser started a declaration there: the recovery from an error above did not skip into it.
      built.module.declarations.some((d) => d.span.start === keyword);
  }
  const all = [...lexed.diagnostics, ...parsed.diagnostics, ...built.diagnostics];
  // The head's own problems lie after its keyword; a problem of the chunk found at the line break before it is shown at the keyword.
  const diagnostics = keyword < 0 ? all : all.filter((d) => d.range.start <= keyword);
  const declarations = keyword < 0 ? built.module.declarations : built.module.declarations.filter((d) => d.span.start < end);
  return { settled, doc: built.module.doc, declarations, diagnostics };
}

function tokenAt(tokens: readonly IToken[], offset: number): number {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const s = tokens[i]!.startOffset;
    if (s === offset) return i;
    if (s < offset) return -1;
  }
  return -1;
}

/** A flat copy of a string (a slice of a string keeps the whole of it alive). */
function copyString(s: string): string {
  return Buffer.from(s, 'utf16le').toString('utf16le');
}

/** A copy of an AST node with every span moved by `delta`. */
function shifted<N>(node: N, delta: number): N {
  return shiftValue(node, delta) as N;
}

function shiftValue(value: unknown, delta: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = shiftValue(value[i], delta);
    return out;
  }
  const out: Record<string, unknown> = {};
  const obj = value as Record<string, unknown>;
  for (const key in obj) {
    const v = obj[key];
    if (key === 'span' || key === 'opSpan') {
      const s = v as TextRange;
      out[key] = { start: s.start + delta, end: s.end + delta };
    } else {
      out[key] = typeof v === 'object' && v !== null ? shiftValue(v, delta) : v;
    }
  }
  return out;
}

function shiftRange(r: TextRange, delta: number): TextRange {
  return { start: r.start + delta, end: r.end + delta };
}

function shiftDiagnostic(d: Diagnostic, delta: number): Diagnostic {
  return {
    ...d,
    range: shiftRange(d.range, delta),
    related: d.related.map((r) => ({ ...r, range: shiftRange(r.range, delta) })),
    fixes: d.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, range: shiftRange(e.range, delta) })) })),
  };
}

/** Tokens and comments are lexed again on first use: the compiler never asks. */
class IncrementalResult implements ParseResult {
  private lexed: { tokens: readonly Token[]; comments: readonly Comment[] } | undefined;

  constructor(
    readonly module: Module,
    readonly diagnostics: readonly Diagnostic[],
    private readonly text: string,
    private readonly file: string,
  ) {}

  get tokens(): readonly Token[] {
    this.lexed ??= tokenize(this.text, this.file);
    return this.lexed.tokens;
  }

  get comments(): readonly Comment[] {
    this.lexed ??= tokenize(this.text, this.file);
    return this.lexed.comments;
  }
}
