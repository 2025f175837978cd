import fs from 'node:fs';
import { createRequire } from 'node:module';
import oniguruma from 'vscode-oniguruma';
import textmate, { type IGrammar, type IRawGrammar } from 'vscode-textmate';
import { repoPath } from '../support/index.ts';

/**
 * The extension's TextMate grammar run through the engine VS Code uses
 * (vscode-textmate + the Oniguruma wasm), so a test sees the scopes an
 * editor would show.
 */

export const GRAMMAR_PATH = repoPath('editor', 'vscode', 'syntaxes', 'mbp.tmLanguage.json');
export const SCOPE_NAME = 'source.mbp';

/** The grammar as written on disk, parsed as plain JSON (tests copy and break it). */
export function readRawGrammar(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8')) as Record<string, unknown>;
}

let onigReady: Promise<void> | undefined;

function onigLib(): Promise<textmate.IOnigLib> {
  onigReady ??= oniguruma.loadWASM(fs.readFileSync(createRequire(import.meta.url).resolve('vscode-oniguruma/release/onig.wasm')));
  return onigReady.then(() => ({
    createOnigScanner: (patterns: string[]) => oniguruma.createOnigScanner(patterns),
    createOnigString: (s: string) => oniguruma.createOnigString(s),
  }));
}

/** Loads a grammar object (the file's or a broken copy) into a fresh registry. */
export async function loadGrammar(raw: object): Promise<IGrammar> {
  const registry = new textmate.Registry({
    onigLib: onigLib(),
    loadGrammar: async (scopeName: string): Promise<IRawGrammar | null> =>
      scopeName === SCOPE_NAME ? textmate.parseRawGrammar(JSON.stringify(raw), 'mbp.tmLanguage.json') : null,
  });
  const grammar = await registry.loadGrammar(SCOPE_NAME);
  if (grammar === null) throw new Error(`grammar ${SCOPE_NAME} did not load`);
  return grammar;
}

export interface ScopedLine {
  /** Offset of the line's first character in the whole text. */
  readonly start: number;
  readonly text: string;
  readonly tokens: readonly { readonly startIndex: number; readonly endIndex: number; readonly scopes: readonly string[] }[];
}

/** Tokenises `text` line by line, carrying the rule stack across lines as an editor does. */
export function scopeLines(grammar: IGrammar, text: string): ScopedLine[] {
  const out: ScopedLine[] = [];
  const lineBreak = /\r\n|\r|\n/g;
  let stack = textmate.INITIAL;
  let start = 0;
  for (;;) {
    const m = lineBreak.exec(text);
    const end = m === null ? text.length : m.index;
    const line = text.slice(start, end);
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    out.push({ start, text: line, tokens: result.tokens });
    if (m === null) break;
    start = m.index + m[0].length;
  }
  return out;
}

/** The scopes of the character at `offset` (innermost last), or undefined for a line break. */
export function scopesAt(lines: readonly ScopedLine[], offset: number): { line: number; column: number; scopes: readonly string[] } | undefined {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  const line = lines[lo]!;
  const column = offset - line.start;
  if (column >= line.text.length) return undefined;
  const token = line.tokens.find((t) => t.startIndex <= column && column < t.endIndex);
  return { line: lo + 1, column: column + 1, scopes: token?.scopes ?? [] };
}

/** Compiles one grammar regex with Oniguruma; throws with Oniguruma's message when it is invalid. */
export async function compileOniguruma(source: string): Promise<void> {
  await onigLib();
  oniguruma.createOnigScanner([source]).dispose();
}
