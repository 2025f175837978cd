import { Lexer, type ILexerErrorMessageProvider, type IToken } from 'chevrotain';
import { COMMENTS_GROUP, LEXER_DEFINITION } from './tokens.ts';

/**
 * The Chevrotain lexer, built once per process. It knows three modes:
 * `code`, `string` (inside `"..."`) and `heredoc` (inside `"""..."""`);
 * `${` and `{` push `code`, `}` pops it, so nested braces inside an
 * interpolation work. Everything about line breaks, brackets and broken
 * strings is handled afterwards by the layout pass (layout.ts).
 */

const POP_ERROR = 'pop';
const CHAR_ERROR = 'char';

/** Only the kind of error matters: messages are made from the code table. */
const errorKinds: ILexerErrorMessageProvider = {
  buildUnexpectedCharactersMessage: () => CHAR_ERROR,
  buildUnableToPopLexerModeMessage: () => POP_ERROR,
};

let lexer: Lexer | undefined;

/**
 * `validate`: check the token definitions (patterns, modes, line breaks)
 * instead of trusting them. Skipped in production, where it is a third of
 * the lexer's construction time; `lexerDefinitionProblems` runs it in a test.
 */
function buildLexer(validate: boolean): Lexer {
  return new Lexer(LEXER_DEFINITION, {
    positionTracking: 'onlyOffset',
    // The string modes cannot use first-character dispatch (their text patterns are complements, and
    // Chevrotain would print a warning); the code mode, where nearly all the work is, does use it.
    ensureOptimizations: false,
    errorMessageProvider: errorKinds,
    skipValidations: !validate,
    deferDefinitionErrorsHandling: validate,
  });
}

function getLexer(): Lexer {
  lexer ??= buildLexer(false);
  return lexer;
}

/** What Chevrotain's validation finds wrong with the token definitions (empty when nothing). */
export function lexerDefinitionProblems(): string[] {
  const checked = buildLexer(true);
  // Warnings (printed by Chevrotain) are kept on the lexer under a field its typings leave out.
  const warnings = (checked as unknown as { lexerDefinitionWarning?: { message: string }[] }).lexerDefinitionWarning ?? [];
  return [...checked.lexerDefinitionErrors, ...warnings].map((e) => e.message);
}

/** A run of characters no token matches. */
export interface BadCharacters {
  readonly start: number;
  readonly end: number;
}

export interface LexedChunk {
  /** Offset in the whole text where this chunk starts. */
  readonly start: number;
  readonly tokens: IToken[];
  readonly comments: IToken[];
  readonly badCharacters: BadCharacters[];
}

/**
 * Lexes `text` from `start` (in the code mode). Offsets in the result are
 * offsets in the whole text. Starting anywhere but 0 only happens after a
 * broken one-line string, to get the lexer's mode stack back in step.
 */
export function lexFrom(text: string, start: number): LexedChunk {
  const source = start === 0 ? text : text.slice(start);
  const result = getLexer().tokenize(source);
  const comments = result.groups[COMMENTS_GROUP] ?? [];
  const badCharacters: BadCharacters[] = [];
  for (const error of result.errors) {
    // A `}` with nothing to close cannot pop the mode stack; the parser reports it with context.
    if (error.message === POP_ERROR) continue;
    badCharacters.push({ start: error.offset + start, end: error.offset + start + error.length });
  }
  if (start !== 0) {
    shift(result.tokens, start);
    shift(comments, start);
  }
  return { start, tokens: result.tokens, comments, badCharacters };
}

function shift(tokens: IToken[], by: number): void {
  for (const t of tokens) {
    t.startOffset += by;
    if (t.endOffset !== undefined) t.endOffset += by;
  }
}

/** End offset (exclusive) of a Chevrotain token; Chevrotain's own `endOffset` is inclusive and optional. */
export function tokenEnd(t: IToken): number {
  return t.startOffset + t.image.length;
}
