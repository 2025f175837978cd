import { makeDiagnostic, sortDiagnostics, type Diagnostic } from '../compiler/diagnostics/index.ts';
import type { Module } from './ast.ts';
import { buildAst } from './cst-to-ast.ts';
import { layout, type Layout } from './layout.ts';
import { getParser } from './parser.ts';
import { toPublicComments, toPublicTokens, type Comment, type Token } from './public-tokens.ts';

export interface ParseResult {
  readonly module: Module;
  /** Lexical, syntax and literal diagnostics, in source order. */
  readonly diagnostics: readonly Diagnostic[];
  /** Every token but whitespace and comments, line breaks included. */
  readonly tokens: readonly Token[];
  readonly comments: readonly Comment[];
}

export interface TokenizeResult {
  readonly tokens: readonly Token[];
  readonly comments: readonly Comment[];
  /** Lexical problems, invalid literals (units, addresses, escapes) included. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Token lists are converted on first use: most callers (the compiler) never look at them. */
class LazyResult implements ParseResult {
  private tokenCache: Token[] | undefined;
  private commentCache: Comment[] | undefined;

  constructor(
    readonly module: Module,
    readonly diagnostics: readonly Diagnostic[],
    private readonly lexed: Pick<Layout, 'raw' | 'comments'> | undefined,
  ) {}

  get tokens(): readonly Token[] {
    this.tokenCache ??= this.lexed === undefined ? [] : toPublicTokens(this.lexed.raw);
    return this.tokenCache;
  }

  get comments(): readonly Comment[] {
    this.commentCache ??= this.lexed === undefined ? [] : toPublicComments(this.lexed.comments);
    return this.commentCache;
  }
}

function emptyModule(text: string, file: string): Module {
  return { kind: 'Module', span: { start: 0, end: text.length }, file, declarations: [] };
}

function internalError(file: string, stage: string, e: unknown): Diagnostic {
  const detail = e instanceof Error ? e.message : String(e);
  return makeDiagnostic('MBP9001', file, { start: 0, end: 0 }, { stage, detail });
}

/**
 * Parses a blueprint. Never throws: whatever the input, the result has a
 * module (partial when there are errors) and every diagnostic found.
 */
export function parse(text: string, file: string): ParseResult {
  let lexed: Layout | undefined;
  const diagnostics: Diagnostic[] = [];
  let module = emptyModule(text, file);
  try {
    lexed = layout(text, file);
    diagnostics.push(...lexed.diagnostics);
    const parsed = getParser().parseModule(lexed, file);
    diagnostics.push(...parsed.diagnostics);
    const built = buildAst({ cst: parsed.cst, text, file, comments: lexed.comments, invalidLiterals: lexed.invalidLiterals });
    module = built.module;
    diagnostics.push(...built.diagnostics);
  } catch (e) {
    diagnostics.push(internalError(file, 'parser', e));
  }
  return new LazyResult(module, sortDiagnostics(diagnostics), lexed);
}

/** Lexes only: tokens, comments and lexical diagnostics (what a formatter or highlighter needs). */
export function tokenize(text: string, file: string): TokenizeResult {
  try {
    const lexed = layout(text, file);
    const diagnostics = sortDiagnostics(lexed.diagnostics);
    return { tokens: toPublicTokens(lexed.raw), comments: toPublicComments(lexed.comments), diagnostics };
  } catch (e) {
    return { tokens: [], comments: [], diagnostics: [internalError(file, 'lexer', e)] };
  }
}
