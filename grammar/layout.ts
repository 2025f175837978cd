import { createTokenInstance, tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import { makeDiagnostic, type Diagnostic } from '../compiler/diagnostics/index.ts';
import { lexFrom, tokenEnd, type LexedChunk } from './lexer.ts';
import { literalDiagnostic, literalProblem } from './literals.ts';
import * as T from './tokens.ts';

/**
 * The layout pass sits between the lexer and the parser. In one walk over
 * the tokens it:
 *
 * - decides which line breaks matter. Entries are separated by a line break
 *   or `,`, so a `Newline` reaches the parser only at the level of a body or
 *   an object (`{ }`) or the top level, and never right after a token that
 *   needs a continuation (`+`, `,`, `(`, `?`, ...) or right before one that
 *   can only continue something (`)`, `.`, `+`, `{`, ...). Inside `( )`,
 *   `[ ]` and `${ }` line breaks never matter. Blank lines fold into one.
 * - matches brackets, recording for every token its nesting level and the
 *   innermost open bracket, which error recovery and the "unclosed `{`"
 *   message use.
 *   A line starting with a declaration keyword and a name always starts an
 *   entry, closing brackets left open above it.
 * - repairs broken strings: a one-line string that reaches the end of the
 *   line (or a `${` left open on it) is one diagnostic; the parser sees an
 *   empty string and the next line is lexed as code again.
 * - validates literals (units, addresses, escapes): their problems are
 *   lexical, reported whether or not the parser ever looks at the token.
 */

export interface Layout {
  readonly text: string;
  /** What the parser consumes. */
  readonly tokens: IToken[];
  /** Per parser token: nesting depth ("where it lives"; for a closer, the depth after it). */
  readonly levels: Int32Array;
  /** Per parser token: index of the innermost open bracket before it, or -1. */
  readonly enclosing: Int32Array;
  /** Indices of opening brackets never closed. */
  readonly unclosed: ReadonlySet<number>;
  /** The innermost bracket still open at the end of the file, or -1. */
  readonly openAtEnd: number;
  /** Every lexed token except whitespace and comments, in order (for `tokenize` and editors). */
  readonly raw: IToken[];
  readonly comments: IToken[];
  readonly diagnostics: Diagnostic[];
  /**
   * Text the lexer dropped with an error (unknown characters), in order. A
   * syntax error right after such a gap is the same mistake and is not
   * reported again.
   */
  readonly gaps: readonly { readonly start: number; readonly end: number }[];
  /** An unterminated block comment or `"""` string swallowed the rest of the file. */
  readonly swallowedToEnd: boolean;
  /** Literal tokens already reported as invalid. */
  readonly invalidLiterals: ReadonlySet<IToken>;
  /** Parser token indices of line breaks whose errors are shown at the next token. */
  readonly pointAhead: ReadonlySet<number>;
}

// Flags per token type, indexed by tokenTypeIdx, so the hot loop is table lookups.
const DROP_NEWLINE_AFTER = 1;
const DROP_NEWLINE_BEFORE = 2;
const OPENER = 4;
const CLOSER = 8;
const ENTRY_KEYWORD = 16;
const LITERAL = 32;

const flags: number[] = [];
function flag(types: readonly TokenType[], bit: number): void {
  for (const t of types) {
    const idx = t.tokenTypeIdx;
    if (idx === undefined) throw new Error(`token ${t.name} has no index`);
    flags[idx] = (flags[idx] ?? 0) | bit;
  }
}

const BINARY = [T.OrOr, T.AndAnd, T.EqEq, T.NotEq, T.LtEq, T.GtEq, T.Lt, T.Gt, T.Plus, T.Minus, T.Star, T.Slash, T.Percent];
let flagsReady = false;
function initFlags(): void {
  if (flagsReady) return;
  // Token type indices are assigned when the lexer is built.
  flag([...BINARY, T.Bang, T.Question, T.Colon, T.Dot, T.Comma, T.LParen, T.LBracket, T.LCurly, T.InterpolationStart], DROP_NEWLINE_AFTER);
  flag([...BINARY, T.Bang, T.Question, T.Colon, T.Dot, T.Comma, T.RParen, T.RBracket, T.RCurly, T.LParen, T.LBracket, T.LCurly], DROP_NEWLINE_BEFORE);
  flag([T.LParen, T.LBracket, T.LCurly, T.InterpolationStart, T.StringStart, T.HeredocStart], OPENER);
  flag([T.RParen, T.RBracket, T.RCurly, T.StringEnd, T.HeredocEnd], CLOSER);
  // Every reserved keyword but `run` can start an entry.
  flag(T.RESERVED_KEYWORDS.filter((k) => k !== T.Run), ENTRY_KEYWORD);
  flag([T.IntLiteral, T.DurationLiteral, T.SizeLiteral, T.Ipv4Literal, T.Ipv6Literal, T.MalformedNumber, T.StringEscape], LITERAL);
  flagsReady = true;
}

/** Brackets (and strings) open at once beyond which the rest of the file is not parsed. */
const MAX_NESTING = 200;
/** Returned by a step to end the walk (any negative number but -1). */
const STOP = -2;

// Kinds of open brackets on the layout stack.
const K_PAREN = 1;
const K_BRACKET = 2;
const K_CURLY = 3;
const K_INTERP = 4;
const K_STRING = 5;
const K_HEREDOC = 6;

/** After an entry keyword comes its name (or, for `import`, its path); after an argument name comes `=`. */
function startsEntryAfterKeyword(next: IToken): boolean {
  return tokenMatcher(next, T.Identifier) || next.tokenType === T.StringStart;
}

function kindOf(type: TokenType): number {
  switch (type) {
    case T.LParen: return K_PAREN;
    case T.LBracket: return K_BRACKET;
    case T.LCurly: return K_CURLY;
    case T.InterpolationStart: return K_INTERP;
    case T.StringStart: return K_STRING;
    case T.HeredocStart: return K_HEREDOC;
    default: return 0;
  }
}

export function layout(text: string, file: string): Layout {
  return new LayoutBuilder(text, file).run();
}

class LayoutBuilder {
  /**
   * What the parser consumes: the first `count` entries. Allocated once at
   * the lexer's token count (an upper bound but for the rare synthetic
   * tokens) rather than pushed to: growing an array of 700,000 tokens by
   * pushes costs more than the rest of the walk.
   */
  private out: IToken[] = [];
  private count = 0;
  // Typed arrays sized from the lexer's token count; `grow` handles the rare synthetic extras.
  private levels = new Int32Array(0);
  private enclosing = new Int32Array(0);
  private readonly unclosed = new Set<number>();
  private readonly diagnostics: Diagnostic[] = [];
  private readonly chunks: LexedChunk[] = [];
  /** Open brackets: kind and index in `out`. */
  private readonly stackKind: number[] = [];
  private readonly stackIdx: number[] = [];
  /** Kinds of the open strings only (K_STRING / K_HEREDOC), innermost last. */
  private readonly strings: number[] = [];
  /** A line break that matters, emitted only if the next token does not continue the line. */
  private pendingNewline: IToken | undefined;
  /** For the pending line break: the bracket it closed, or whether its errors show at the next token. */
  private pendingEnclosing = -1;
  private pendingPointsAhead = false;
  /** The first line break dropped since the last token, in case the next line starts an entry. */
  private droppedNewline: IToken | undefined;
  /** Literal tokens already reported as invalid (the AST builder makes them `ErrorExpr`s silently). */
  private readonly invalidLiterals = new Set<IToken>();
  /** Line breaks whose syntax errors are better shown at the token after them. */
  private readonly pointAhead = new Set<number>();
  private readonly gaps: { start: number; end: number }[] = [];
  private swallowedToEnd = false;
  /** The walk stopped early (nesting too deep): what is still open is not the user's mistake to report. */
  private stopped = false;

  constructor(private readonly text: string, private readonly file: string) {}

  run(): Layout {
    initFlags();
    let chunk = lexFrom(this.text, 0);
    this.chunks.push(chunk);
    this.out = new Array<IToken>(chunk.tokens.length + 16);
    this.levels = new Int32Array(chunk.tokens.length + 16);
    this.enclosing = new Int32Array(chunk.tokens.length + 16);
    let i = 0;
    for (;;) {
      const tokens = chunk.tokens;
      const n = tokens.length;
      let relexAt = -1;
      for (; i < n; i++) {
        relexAt = this.step(tokens[i]!, tokens[i + 1]);
        if (relexAt !== -1) break;
      }
      if (relexAt < 0) break;
      chunk = lexFrom(this.text, relexAt);
      this.chunks.push(chunk);
      i = 0;
    }
    this.finish();
    this.out.length = this.count;
    const { raw, comments } = this.collectChunks();
    return {
      text: this.text,
      tokens: this.out,
      levels: this.levels.subarray(0, this.count),
      enclosing: this.enclosing.subarray(0, this.count),
      unclosed: this.unclosed,
      openAtEnd: this.stackIdx.length > 0 ? this.stackIdx[this.stackIdx.length - 1]! : -1,
      raw,
      comments,
      diagnostics: this.diagnostics,
      gaps: this.gaps,
      swallowedToEnd: this.swallowedToEnd,
      invalidLiterals: this.invalidLiterals,
      pointAhead: this.pointAhead,
    };
  }

  /** Handles one lexed token; returns an offset to re-lex from, or -1. */
  private step(t: IToken, next: IToken | undefined): number {
    const type = t.tokenType;
    if (type === T.Newline) return this.newline(t);
    if (type === T.StringNewline) return this.brokenString(t, true);
    const f = flags[t.tokenTypeIdx] ?? 0;
    if (this.droppedNewline !== undefined) {
      const dropped = this.droppedNewline;
      this.droppedNewline = undefined;
      if ((f & ENTRY_KEYWORD) !== 0 && next !== undefined && startsEntryAfterKeyword(next)) this.restoreNewline(dropped);
    }
    if (this.pendingNewline !== undefined) {
      if ((f & DROP_NEWLINE_BEFORE) === 0) {
        this.emit(this.pendingNewline);
        if (this.pendingEnclosing >= 0) this.enclosing[this.count - 1] = this.pendingEnclosing;
        if (this.pendingPointsAhead) this.pointAhead.add(this.count - 1);
      }
      this.pendingNewline = undefined;
      this.pendingEnclosing = -1;
      this.pendingPointsAhead = false;
    }
    if ((f & LITERAL) !== 0) this.checkLiteral(t);
    if ((f & OPENER) !== 0) {
      if (this.stackKind.length >= MAX_NESTING) return this.tooDeep(t);
      this.emit(t);
      const kind = kindOf(type);
      this.stackKind.push(kind);
      this.stackIdx.push(this.count - 1);
      if (kind === K_STRING || kind === K_HEREDOC) this.strings.push(kind);
    } else if ((f & CLOSER) !== 0) {
      this.close(t);
    } else {
      this.emit(t);
    }
    return -1;
  }

  /** Literal validity is lexical: checked here, so it is reported even where the parser skips tokens. */
  private checkLiteral(t: IToken): void {
    const problem = literalProblem(t);
    if (problem === undefined) return;
    this.invalidLiterals.add(t);
    this.diagnostics.push(literalDiagnostic(problem, this.file, { start: t.startOffset, end: tokenEnd(t) }));
  }

  /** Nesting this deep is no real blueprint; stopping here keeps the parser's recursion bounded. */
  private tooDeep(t: IToken): number {
    this.diagnostics.push(
      makeDiagnostic('MBP1031', this.file, { start: t.startOffset, end: tokenEnd(t) }, { limit: String(MAX_NESTING) }),
    );
    this.swallowedToEnd = true;
    this.stopped = true;
    return STOP;
  }

  private newline(t: IToken): number {
    const depth = this.stackKind.length;
    if (depth > 0) {
      if (this.strings.length > 0 && this.strings[this.strings.length - 1] === K_STRING) {
        return this.brokenString(t, false);
      }
      if (this.stackKind[depth - 1] !== K_CURLY) return this.drop(t);
    }
    if (this.pendingNewline !== undefined) return -1;
    const last = this.count > 0 ? this.out[this.count - 1] : undefined;
    if (last === undefined || ((flags[last.tokenTypeIdx] ?? 0) & DROP_NEWLINE_AFTER) !== 0) return this.drop(t);
    this.pendingNewline = t;
    return -1;
  }

  /** A line break that does not matter, remembered in case the next line turns out to start an entry. */
  private drop(t: IToken): number {
    // A comment line splits a run of line breaks in two: the first one ends the line that matters.
    this.droppedNewline ??= t;
    return -1;
  }

  /**
   * A line starting with a declaration keyword and a name (`let b`,
   * `step s`, `import "..."`) starts an entry: no expression contains
   * one. So the line break before it separates entries after all, and
   * every `(` or `[` still open on the lines above is unclosed. Without
   * this, `let a = 1 +` or an unclosed `(` would swallow the next entries.
   */
  private restoreNewline(nl: IToken): void {
    let d = this.stackKind.length - 1;
    let innermost = -1;
    while (d >= 0 && (this.stackKind[d] === K_PAREN || this.stackKind[d] === K_BRACKET)) {
      if (innermost < 0) innermost = this.stackIdx[d]!;
      this.unclosed.add(this.stackIdx[d]!);
      d--;
    }
    this.stackKind.length = d + 1;
    this.stackIdx.length = d + 1;
    const top = this.stackKind[d];
    if (this.count === 0 || (top !== undefined && top !== K_CURLY)) return;
    this.pendingNewline = nl;
    // An error at this line break is about the bracket just closed (reported at the line's end),
    // or else about what is missing before the keyword (reported at the keyword).
    this.pendingEnclosing = innermost;
    this.pendingPointsAhead = innermost < 0;
  }

  private emit(t: IToken): void {
    const depth = this.stackKind.length;
    this.record(t, depth, depth > 0 ? this.stackIdx[depth - 1]! : -1);
  }

  private record(t: IToken, level: number, enclosing: number): void {
    const i = this.count++;
    if (i >= this.levels.length) this.grow();
    this.out[i] = t;
    this.levels[i] = level;
    this.enclosing[i] = enclosing;
  }

  private grow(): void {
    const size = this.levels.length * 2 + 16;
    const levels = new Int32Array(size);
    levels.set(this.levels);
    const enclosing = new Int32Array(size);
    enclosing.set(this.enclosing);
    this.levels = levels;
    this.enclosing = enclosing;
  }

  private close(t: IToken): void {
    const type = t.tokenType;
    const depth = this.stackKind.length;
    const innermost = depth > 0 ? this.stackIdx[depth - 1]! : -1;
    // How deep in the stack the bracket this closes sits; -1 when it closes nothing.
    let target = -1;
    for (let d = depth - 1; d >= 0; d--) {
      const k = this.stackKind[d]!;
      if (type === T.RCurly) {
        if (k === K_CURLY || k === K_INTERP) { target = d; break; }
        if (k !== K_PAREN && k !== K_BRACKET) break;
      } else if (type === T.RParen || type === T.RBracket) {
        const want = type === T.RParen ? K_PAREN : K_BRACKET;
        if (k === want) { target = d; break; }
        if (k !== K_PAREN && k !== K_BRACKET) break;
      } else {
        // String ends only ever close the innermost entry (the lexer guarantees it).
        if (k === K_STRING || k === K_HEREDOC) target = d;
        break;
      }
    }
    if (target >= 0) {
      for (let d = depth - 1; d > target; d--) this.unclosed.add(this.stackIdx[d]!);
      this.stackKind.length = target;
      this.stackIdx.length = target;
      if (type === T.StringEnd || type === T.HeredocEnd) this.strings.pop();
    }
    this.record(t, this.stackKind.length, innermost);
  }

  /**
   * A line break while a one-line string is open. Reported once; the whole
   * string becomes an empty string for the parser. When the lexer's mode
   * stack is out of step (a `${` was left open) the rest is lexed afresh.
   */
  private brokenString(t: IToken, fromStringMode: boolean): number {
    // Outermost one-line string above the innermost heredoc: everything from there is discarded.
    let d = this.stackKind.length - 1;
    let outer = -1;
    for (; d >= 0; d--) {
      const k = this.stackKind[d]!;
      if (k === K_HEREDOC) break;
      if (k === K_STRING) outer = d;
    }
    if (outer < 0) return -1;
    const simple = fromStringMode && outer === this.stackKind.length - 1;
    const open = this.out[this.stackIdx[outer]!]!;
    let interp = -1;
    for (let k = outer + 1; k < this.stackKind.length; k++) {
      if (this.stackKind[k] === K_INTERP) { interp = k; break; }
    }
    if (interp >= 0) {
      const s = this.out[this.stackIdx[interp]!]!;
      this.report('MBP1004', s.startOffset, tokenEnd(s));
    } else {
      this.report('MBP1002', open.startOffset, t.startOffset);
    }
    this.replaceWithEmptyString(outer, t.startOffset);
    if (simple) {
      // The lexer already popped the string mode; the line break itself still separates entries.
      const nl = createTokenInstance(T.Newline, t.image, t.startOffset, tokenEnd(t) - 1, NaN, NaN, NaN, NaN);
      return this.newline(nl);
    }
    return t.startOffset;
  }

  /** Drops every token of the open string at stack depth `d` and emits an empty string in its place. */
  private replaceWithEmptyString(d: number, endOffset: number): void {
    const startIdx = this.stackIdx[d]!;
    const open = this.out[startIdx]!;
    for (const idx of [...this.unclosed]) if (idx >= startIdx) this.unclosed.delete(idx);
    this.count = startIdx;
    // Strings opened inside the dropped one are gone too.
    for (let k = d; k < this.stackKind.length; k++) {
      const kind = this.stackKind[k];
      if (kind === K_STRING || kind === K_HEREDOC) this.strings.pop();
    }
    this.stackKind.length = d;
    this.stackIdx.length = d;
    this.emit(open);
    const endType = open.tokenType === T.HeredocStart ? T.HeredocEnd : T.StringEnd;
    this.record(createTokenInstance(endType, '', endOffset, endOffset - 1, NaN, NaN, NaN, NaN), this.stackKind.length, startIdx);
  }

  private finish(): void {
    // A line break before the end of the file separates nothing.
    this.pendingNewline = undefined;
    let outer = -1;
    for (let d = 0; d < this.stackKind.length; d++) {
      const k = this.stackKind[d]!;
      if (k === K_STRING || k === K_HEREDOC) { outer = d; break; }
    }
    if (outer >= 0) {
      const open = this.out[this.stackIdx[outer]!]!;
      const end = this.text.length;
      if (this.stopped) {
        // Nothing to report: MBP1031 already says the rest is not checked.
      } else if (this.stackKind[outer] === K_HEREDOC) {
        this.swallowedToEnd = true;
        this.report('MBP1020', open.startOffset, tokenEnd(open));
      } else {
        let interp = -1;
        for (let k = outer + 1; k < this.stackKind.length; k++) {
          if (this.stackKind[k] === K_INTERP) { interp = k; break; }
        }
        if (interp >= 0) {
          const s = this.out[this.stackIdx[interp]!]!;
          this.report('MBP1004', s.startOffset, tokenEnd(s));
        } else {
          this.report('MBP1002', open.startOffset, end);
        }
      }
      this.replaceWithEmptyString(outer, end);
    }
    for (const idx of this.stackIdx) this.unclosed.add(idx);
  }

  /** Tokens, comments and character errors of each lexed chunk, each kept only up to where the next chunk starts. */
  private collectChunks(): { raw: IToken[]; comments: IToken[] } {
    if (this.chunks.length === 1) {
      const only = this.chunks[0]!;
      this.reportCharacters(only.badCharacters, Infinity);
      this.reportComments(only.comments);
      return { raw: only.tokens, comments: only.comments };
    }
    const raw: IToken[] = [];
    const comments: IToken[] = [];
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!;
      const limit = this.chunks[c + 1]?.start ?? Infinity;
      for (const t of chunk.tokens) if (t.startOffset < limit) raw.push(t);
      for (const t of chunk.comments) if (t.startOffset < limit) comments.push(t);
      this.reportCharacters(chunk.badCharacters, limit);
    }
    this.reportComments(comments);
    return { raw, comments };
  }

  private reportCharacters(bad: readonly { start: number; end: number }[], limit: number): void {
    for (const b of bad) {
      if (b.start >= limit) continue;
      const chars = this.text.slice(b.start, b.end);
      this.gaps.push({ start: b.start, end: b.end });
      this.diagnostics.push(
        makeDiagnostic('MBP1001', this.file, { start: b.start, end: b.end }, { char: '`' + chars + '`' }, helpForCharacters(chars)),
      );
    }
  }

  private reportComments(comments: readonly IToken[]): void {
    for (const c of comments) {
      if (c.tokenType === T.UnterminatedBlockComment) {
        this.swallowedToEnd = true;
        this.report('MBP1003', c.startOffset, c.startOffset + 2);
      } else if (c.tokenType === T.HashComment) {
        this.report('MBP1028', c.startOffset, c.startOffset + 1);
      }
    }
  }

  private report(code: 'MBP1002' | 'MBP1003' | 'MBP1004' | 'MBP1020' | 'MBP1028', start: number, end: number): void {
    this.diagnostics.push(makeDiagnostic(code, this.file, { start, end }));
  }
}

const CHARACTER_HELP: Readonly<Record<string, string>> = {
  '&': 'use `&&` for "and"',
  '|': 'use `||` for "or"',
  ';': 'separate entries with a line break or `,`',
  "'": 'strings use double quotes: `"..."`',
  '`': 'strings use double quotes: `"..."`',
  '@': 'names are letters, digits and `_`',
  '$': 'interpolation is only allowed inside strings: `"${...}"`',
};

function helpForCharacters(chars: string): { help?: string } {
  const help = CHARACTER_HELP[chars[0] ?? ''];
  return help !== undefined ? { help } : {};
}
