import { tokenize, type TokenCategory } from '../../grammar/index.ts';
import type { IGrammar } from 'vscode-textmate';
import { scopeLines, scopesAt } from './textmate.ts';

/**
 * What TextMate scope each lexer category may be shown with. Checked against
 * the innermost scope that is not `meta.*` (meta scopes only group), except
 * for comments, which may hold sub-scopes (the `//` marker, a directive).
 * Strict on purpose: an identifier scoped as a keyword, a string or a number
 * is a mismatch, and so is a duration scoped as a plain integer.
 */
const ACCEPTED: Partial<Record<TokenCategory, { readonly prefixes: readonly string[]; readonly anywhere?: boolean }>> = {
  keyword: { prefixes: ['keyword.control.', 'keyword.other.', 'storage.type.', 'storage.modifier.'] },
  constant: { prefixes: ['constant.language.'] },
  identifier: { prefixes: ['variable.', 'entity.name.', 'entity.other.attribute-name.', 'support.'] },
  string: { prefixes: ['string.', 'punctuation.definition.string.'] },
  'string-escape': { prefixes: ['constant.character.escape.'] },
  interpolation: { prefixes: ['punctuation.section.interpolation.'] },
  number: { prefixes: ['constant.numeric.integer.'] },
  duration: { prefixes: ['constant.numeric.duration.'] },
  size: { prefixes: ['constant.numeric.size.'] },
  address: { prefixes: ['constant.other.address.'] },
  operator: { prefixes: ['keyword.operator.'] },
  punctuation: {
    prefixes: [
      'punctuation.section.braces.',
      'punctuation.section.parens.',
      'punctuation.section.brackets.',
      'punctuation.section.parameters.',
      'punctuation.separator.',
      'punctuation.accessor.',
    ],
  },
  comment: { prefixes: ['comment.'], anywhere: true },
};

/** Lexer categories the comparison covers (line breaks and error tokens are not). */
export const CHECKED_CATEGORIES = Object.keys(ACCEPTED) as TokenCategory[];

function innermost(scopes: readonly string[]): string | undefined {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const s = scopes[i]!;
    if (!s.startsWith('meta.') && !s.startsWith('source.')) return s;
  }
  return undefined;
}

/**
 * Whether `scopes` fit `category`. A keyword right after `.` or right
 * before `=` is a member name to the parser (`std.workflow.call`,
 * `{ step = 1 }`, `f(output = x)`), so it may be shown as an identifier
 * too: the lexer's category is purely lexical.
 */
export function scopesFit(category: TokenCategory, scopes: readonly string[], memberPosition: boolean): boolean {
  const rule = ACCEPTED[category];
  if (rule === undefined) return true;
  const prefixes = category === 'keyword' && memberPosition ? [...rule.prefixes, ...ACCEPTED.identifier!.prefixes] : rule.prefixes;
  const candidates = rule.anywhere ? scopes : [innermost(scopes) ?? ''];
  return candidates.some((s) => prefixes.some((p) => s.startsWith(p)));
}

export interface Mismatch {
  /** `file:line:col` of the first character whose scope does not fit. */
  readonly where: string;
  readonly image: string;
  readonly category: TokenCategory;
  readonly scopes: readonly string[];
}

export interface Comparison {
  readonly mismatches: Mismatch[];
  /** How many tokens of each category were compared (to prove the check is not vacuous). */
  readonly checked: Map<TokenCategory, number>;
}

/**
 * Lexes `text` with the real lexer and tokenises it with the TextMate
 * grammar, then checks every character of every lexer token. `lineOffset`
 * shifts reported lines (a block inside a Markdown file).
 */
export function compareWithLexer(grammar: IGrammar, text: string, file: string, lineOffset = 0): Comparison {
  const { tokens, comments } = tokenize(text, file);
  const all = [...tokens, ...comments].sort((a, b) => a.start - b.start);
  const code = tokens.filter((t) => t.category !== 'newline');
  const memberPositions = new Set(
    code.filter((t, i) => code[i - 1]?.type === 'Dot' || code[i + 1]?.type === 'Equals').map((t) => t.start),
  );
  const lines = scopeLines(grammar, text);
  const mismatches: Mismatch[] = [];
  const checked = new Map<TokenCategory, number>();
  for (const token of all) {
    if (ACCEPTED[token.category] === undefined) continue;
    checked.set(token.category, (checked.get(token.category) ?? 0) + 1);
    for (let offset = token.start; offset < token.end; offset++) {
      const at = scopesAt(lines, offset);
      if (at === undefined) continue; // a line break inside a block comment or a multi-line string
      if (!scopesFit(token.category, at.scopes, memberPositions.has(token.start))) {
        mismatches.push({ where: `${file}:${at.line + lineOffset}:${at.column}`, image: token.image, category: token.category, scopes: at.scopes });
        break;
      }
    }
  }
  return { mismatches, checked };
}

export function formatMismatches(mismatches: readonly Mismatch[], limit = 40): string {
  const shown = mismatches.slice(0, limit).map((m) => `  ${m.where}  ${JSON.stringify(m.image)}  lexer: ${m.category}  scopes: ${m.scopes.join(' ')}`);
  if (mismatches.length > limit) shown.push(`  ... and ${mismatches.length - limit} more`);
  return shown.join('\n');
}
