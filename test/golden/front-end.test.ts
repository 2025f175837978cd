import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, walk, NODE_KINDS, LEXED_TOKEN_TYPE_NAMES, type ParseResult } from '../../grammar/index.ts';
import { SourceFile } from '../../compiler/diagnostics/index.ts';
import { loadSource, NodeFileSystem } from '../../compiler/sources/index.ts';
import {
  checkPaths,
  dumpAst,
  dumpTokens,
  expectGolden,
  goldenCases,
  renderReports,
  staleGoldens,
  GOLDEN_CASES_DIR,
  UPDATE_GOLDEN_VARIABLE,
} from '../support/index.ts';

/**
 * Golden files per front-end stage for every case in cases/: the tokens, the
 * AST, and the diagnostics as `mbp check` prints them (text and JSON).
 * `MBP_UPDATE_GOLDEN=1` rewrites them; review the change with git diff.
 */
const STAGES = ['.tokens.txt', '.ast.json', '.diagnostics.txt', '.diagnostics.json'] as const;

interface Parsed {
  readonly name: string;
  readonly source: SourceFile;
  readonly parsed: ParseResult;
}

const cases = goldenCases();
const parsedCases: Parsed[] = [];

function parseCase(file: string): Parsed {
  const name = path.basename(file);
  // The same text `mbp check` sees (BOM dropped); a case the loader refuses is shown as decoded.
  const loaded = loadSource(new NodeFileSystem(), file);
  const text = loaded.ok ? loaded.source.text : (loaded.display?.text ?? '');
  const source = new SourceFile(name, text);
  return { name, source, parsed: parse(text, name) };
}

test('there are enough golden cases to cover the language', () => {
  assert.ok(cases.length >= 15, `expected at least 15 cases in ${GOLDEN_CASES_DIR}, found ${cases.length}`);
});

for (const file of cases) {
  const base = file.slice(0, -'.mbp'.length);
  test(`golden: ${path.basename(file)}`, async () => {
    const c = parseCase(file);
    parsedCases.push(c);
    expectGolden(`${base}.tokens.txt`, dumpTokens(c.parsed.tokens, c.parsed.comments, c.source));
    expectGolden(`${base}.ast.json`, dumpAst(c.parsed.module, c.source));
    const reports = renderReports(await checkPaths([file]), GOLDEN_CASES_DIR);
    expectGolden(`${base}.diagnostics.txt`, reports.text);
    expectGolden(`${base}.diagnostics.json`, reports.json);
  });
}

test('no golden file is left over from a removed or renamed case', () => {
  const expected = new Set(cases.flatMap((f) => STAGES.map((s) => path.basename(f, '.mbp') + s)));
  const stale = staleGoldens(GOLDEN_CASES_DIR, (n) => STAGES.some((s) => n.endsWith(s)), expected);
  assert.equal(stale, [], `stale golden files (delete them, or run with ${UPDATE_GOLDEN_VARIABLE}=1):\n${stale.join('\n')}`);
});

test('the cases use every AST node kind and every token type', () => {
  const all = parsedCases.length === cases.length ? parsedCases : cases.map(parseCase);
  const kinds = new Set<string>();
  const types = new Set<string>();
  for (const c of all) {
    walk(c.parsed.module, (node) => void kinds.add(node.kind));
    for (const t of [...c.parsed.tokens, ...c.parsed.comments]) types.add(t.type);
  }
  assert.equal(NODE_KINDS.filter((k) => !kinds.has(k)), [], 'node kinds no golden case produces');
  assert.equal(LEXED_TOKEN_TYPE_NAMES.filter((t) => !types.has(t)), [], 'token types no golden case produces');
});

test('some cases are broken and some are clean', () => {
  const all = parsedCases.length === cases.length ? parsedCases : cases.map(parseCase);
  const broken = all.filter((c) => c.parsed.diagnostics.length > 0).length;
  assert.ok(broken >= 3, `expected at least 3 broken cases, found ${broken}`);
  assert.ok(all.length - broken >= 10, `expected at least 10 clean cases, found ${all.length - broken}`);
});

test.run();
