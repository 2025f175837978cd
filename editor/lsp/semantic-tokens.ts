import { SemanticTokenModifiers, SemanticTokenTypes, type SemanticTokensLegend } from 'vscode-languageserver';
import type { SourceFile } from '../../compiler/diagnostics/index.ts';
import { tokenize, type Comment, type Token, type TokenCategory } from '../../grammar/index.ts';

/**
 * The lexer's token categories as standard semantic token types. Punctuation
 * and line breaks are left to the editor; `invalid` tokens carry their
 * diagnostic instead of a colour. Durations, sizes and addresses are numbers
 * to a theme.
 */
export const CATEGORY_TOKEN_TYPES: Readonly<Partial<Record<TokenCategory, string>>> = {
  keyword: SemanticTokenTypes.keyword,
  identifier: SemanticTokenTypes.variable,
  constant: SemanticTokenTypes.enumMember,
  string: SemanticTokenTypes.string,
  'string-escape': SemanticTokenTypes.regexp,
  interpolation: SemanticTokenTypes.macro,
  number: SemanticTokenTypes.number,
  duration: SemanticTokenTypes.number,
  size: SemanticTokenTypes.number,
  address: SemanticTokenTypes.number,
  operator: SemanticTokenTypes.operator,
  comment: SemanticTokenTypes.comment,
};

const TOKEN_TYPES: readonly string[] = [...new Set(Object.values(CATEGORY_TOKEN_TYPES))];
const TOKEN_MODIFIERS: readonly string[] = [SemanticTokenModifiers.documentation];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

const DOCUMENTATION = 1 << TOKEN_MODIFIERS.indexOf(SemanticTokenModifiers.documentation);

/**
 * Semantic tokens of a whole document in the LSP's relative encoding
 * (line delta, start delta, length, type, modifiers). A token over several
 * lines (a block comment, a `"""` string) is split into one per line, since
 * clients need not support multi-line tokens.
 */
export function semanticTokens(source: SourceFile): number[] {
  const lexed = tokenize(source.text, source.path);
  const all: (Token | Comment)[] = [...lexed.tokens, ...lexed.comments].sort((a, b) => a.start - b.start);
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  const push = (line: number, char: number, length: number, type: number, modifiers: number): void => {
    data.push(line - prevLine, line === prevLine ? char - prevChar : char, length, type, modifiers);
    prevLine = line;
    prevChar = char;
  };
  for (const t of all) {
    const typeName = CATEGORY_TOKEN_TYPES[t.category];
    if (typeName === undefined || t.end <= t.start) continue;
    const type = TOKEN_TYPES.indexOf(typeName);
    const modifiers = t.type === 'DocComment' || t.type === 'ModuleDocComment' ? DOCUMENTATION : 0;
    const first = source.positionAt(t.start).line - 1;
    const last = source.positionAt(t.end).line - 1;
    for (let line = first; line <= last; line++) {
      const lineStart = source.lineStarts[line]!;
      const start = Math.max(t.start, lineStart);
      const lineEnd = lineStart + source.lineText(line + 1).length;
      const end = Math.min(t.end, lineEnd);
      if (end > start) push(line, start - lineStart, end - start, type, modifiers);
    }
  }
  return data;
}
