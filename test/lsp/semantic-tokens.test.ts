import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SemanticTokensRequest, type SemanticTokensLegend } from 'vscode-languageserver-protocol';
import { SourceFile } from '../../compiler/diagnostics/index.ts';
import { tokenize, type TokenCategory } from '../../grammar/index.ts';
import { LspSession, uriOf } from './lsp-client.ts';
import { EXTRA, MAIN, writeWorkspace, type Workspace } from './workspace.ts';

const test = suite<{ ws: Workspace; session: LspSession }>('lsp semantic tokens');

test.before(async (context) => {
  context.ws = writeWorkspace();
  context.session = await LspSession.start({ root: context.ws.root });
});

test.after(async ({ ws, session }) => {
  await session.stop();
  ws.temp.cleanup();
});

/**
 * The standard token type each lexer category should be shown as, written out
 * here rather than read from the server, so a change of mapping is a test
 * failure. Punctuation, line breaks and invalid tokens get no semantic token.
 */
const EXPECTED_TYPE: Readonly<Record<TokenCategory, string | undefined>> = {
  keyword: 'keyword',
  identifier: 'variable',
  constant: 'enumMember',
  string: 'string',
  'string-escape': 'regexp',
  interpolation: 'macro',
  number: 'number',
  duration: 'number',
  size: 'number',
  address: 'number',
  operator: 'operator',
  comment: 'comment',
  punctuation: undefined,
  newline: undefined,
  invalid: undefined,
};

interface Decoded {
  readonly line: number;
  readonly character: number;
  readonly length: number;
  readonly type: string;
  readonly modifiers: readonly string[];
}

/** Undoes the LSP's relative encoding: five integers per token, line and start relative to the previous token. */
function decode(data: readonly number[], legend: SemanticTokensLegend): Decoded[] {
  assert.equal(data.length % 5, 0, 'five integers per token');
  const out: Decoded[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [dLine, dChar, length, type, mods] = data.slice(i, i + 5) as [number, number, number, number, number];
    line += dLine;
    character = dLine === 0 ? character + dChar : dChar;
    const modifiers = legend.tokenModifiers.filter((_, bit) => (mods & (1 << bit)) !== 0);
    out.push({ line, character, length, type: legend.tokenTypes[type]!, modifiers });
  }
  return out;
}

/** What the lexer says, one entry per token and per line of a token spanning several lines. */
function expectedFrom(text: string): Decoded[] {
  const source = new SourceFile('x.mbp', text);
  const lexed = tokenize(text, 'x.mbp');
  const out: Decoded[] = [];
  for (const t of [...lexed.tokens, ...lexed.comments].sort((a, b) => a.start - b.start)) {
    const type = EXPECTED_TYPE[t.category];
    if (type === undefined) continue;
    const modifiers = t.type === 'DocComment' || t.type === 'ModuleDocComment' ? ['documentation'] : [];
    let start = t.start;
    while (start < t.end) {
      const p = source.positionAt(start);
      const lineEnd = source.lineStarts[p.line - 1]! + source.lineText(p.line).length;
      const end = Math.min(t.end, lineEnd);
      if (end > start) out.push({ line: p.line - 1, character: p.column - 1, length: end - start, type, modifiers });
      start = source.lineStarts[p.line] ?? t.end;
    }
  }
  return out;
}

test('the legend names standard token types', ({ session }) => {
  const legend = session.initializeResult.capabilities.semanticTokensProvider?.legend;
  assert.ok(legend);
  const standard = ['keyword', 'variable', 'enumMember', 'string', 'regexp', 'macro', 'number', 'operator', 'comment'];
  for (const t of legend!.tokenTypes) assert.ok(standard.includes(t), `${t} is a standard type`);
});

const INPUTS = [
  ['main.mbp (doc comments, interpolation, keywords)', MAIN],
  ['extra.mbp (a block comment over two lines, a duration)', EXTRA],
  ['escapes, sizes, addresses and operators', 'let a = "tab\\t$${x}"\nlet b = 40GiB\nlet c = 10.0.0.0/24\nlet d = 1 + 2 > 0 && !false ? null : 2001:db8::1\n'],
] as const;

INPUTS.forEach(([name, text], index) => {
  test(`decoded tokens of ${name} match the lexer's categories`, async ({ ws, session }) => {
    const file = `${ws.root}/tokens-${index}.mbp`;
    await session.open(file, text);
    const result = await session.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: uriOf(file) } });
    const legend = session.initializeResult.capabilities.semanticTokensProvider!.legend;
    const decoded = decode(result?.data ?? [], legend);
    const expected = expectedFrom(text);
    assert.ok(expected.length > 10, 'the input has tokens to compare');
    assert.equal(decoded, expected);
  });
});

test.run();
