import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, RESERVED_WORDS, SOFT_KEYWORD_WORDS, type TokenCategory } from '../../grammar/index.ts';
import { functionNames, HOOK_PHASES } from '../../stdlib/index.ts';
import { docBlocks, exampleFiles, REPO_ROOT } from '../support/index.ts';
import { CHECKED_CATEGORIES, compareWithLexer, formatMismatches, type Comparison } from './scope-categories.ts';
import { compileOniguruma, loadGrammar, readRawGrammar, SCOPE_NAME } from './textmate.ts';

/**
 * The VS Code grammar (editor/vscode/syntaxes/mbp.tmLanguage.json) against
 * the real lexer: at every character of every token of the examples and of
 * the `mbp` blocks of docs/, the TextMate scope must be of the lexer
 * token's category (scope-categories.ts says which scopes fit which).
 */

interface Input {
  readonly name: string;
  readonly text: string;
  readonly lineOffset: number;
}

/** Valid constructs a simpler grammar gets wrong (IPv6 beside `?:`, nested interpolation, soft keywords as names, ...). */
const TRICKY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'tricky.mbp');

function fileInput(f: string): Input {
  return { name: path.relative(REPO_ROOT, f), text: fs.readFileSync(f, 'utf8'), lineOffset: 0 };
}

function inputs(): Input[] {
  const files = [...exampleFiles(), TRICKY].map(fileInput);
  const blocks = docBlocks(['mbp']).map((b) => {
    const [file, line] = b.name.split(':') as [string, string];
    return { name: file, text: b.text, lineOffset: Number(line) };
  });
  return [...files, ...blocks];
}

async function compareAll(raw: object, sources: readonly Input[]): Promise<Comparison> {
  const grammar = await loadGrammar(raw);
  const total: Comparison = { mismatches: [], checked: new Map() };
  for (const s of sources) {
    const r = compareWithLexer(grammar, s.text, s.name, s.lineOffset);
    total.mismatches.push(...r.mismatches);
    for (const [k, n] of r.checked) total.checked.set(k, (total.checked.get(k) ?? 0) + n);
  }
  return total;
}

type Repository = Record<string, { patterns?: unknown[]; name?: string; match?: string; captures?: Record<string, { name?: string }> }>;

function repositoryOf(raw: Record<string, unknown>): Repository {
  return raw['repository'] as Repository;
}

/** The words of a `\b(a|b|c)` alternation in a rule's regex. */
function alternation(source: string): string[] {
  const m = /\((?:\?:)?([a-z0-9_|]+)\)/.exec(source);
  return m === null ? [] : m[1]!.split('|').sort();
}

test('the grammar file is the source.mbp grammar and every include resolves', () => {
  const raw = readRawGrammar();
  assert.is(raw['scopeName'], SCOPE_NAME);
  const repository = repositoryOf(raw);
  const includes = [...JSON.stringify(raw).matchAll(/"include":"#([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(includes.length > 10);
  const missing = [...new Set(includes)].filter((i) => !(i in repository));
  assert.equal(missing, [], `includes without a repository entry: ${missing.join(', ')}`);
  const unused = Object.keys(repository).filter((k) => !includes.includes(k));
  assert.equal(unused, [], `repository entries never included: ${unused.join(', ')}`);
});

/** Every regex of the grammar (`match`, `begin`, `end`), wherever it is nested. */
function regexesOf(node: unknown, at = '$'): { at: string; source: string }[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => regexesOf(n, `${at}[${i}]`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) =>
    ['match', 'begin', 'end'].includes(k) && typeof v === 'string' ? [{ at: `${at}.${k}`, source: v }] : regexesOf(v, `${at}.${k}`),
  );
}

test('every regex of the grammar compiles with Oniguruma (rules no input reaches included)', async () => {
  const regexes = regexesOf(readRawGrammar());
  assert.ok(regexes.length > 40, `only ${regexes.length} regexes found`);
  const broken: string[] = [];
  for (const r of regexes) {
    await compileOniguruma(r.source).catch((e: unknown) => broken.push(`${r.at}: ${e instanceof Error ? e.message : String(e)}`));
  }
  assert.equal(broken, []);
  await compileOniguruma('(unbalanced').then(
    () => assert.unreachable('an invalid regex compiled'),
    () => undefined,
  );
});

test('the tricky fixture is valid mbp (so its expectations are the lexer\'s, not an error recovery\'s)', () => {
  const { text, name } = fileInput(TRICKY);
  assert.equal(parse(text, name).diagnostics.map((d) => `${d.code} ${d.message}`), []);
});

test('examples and docs: every lexer token has a TextMate scope of its category', async () => {
  const sources = inputs();
  assert.ok(sources.length >= 10, `only ${sources.length} inputs found`);
  const { mismatches, checked } = await compareAll(readRawGrammar(), sources);
  if (mismatches.length > 0) {
    assert.unreachable(`${mismatches.length} token(s) scoped as another category:\n${formatMismatches(mismatches)}`);
  }
  const unseen = CHECKED_CATEGORIES.filter((c) => (checked.get(c) ?? 0) === 0);
  assert.equal(unseen, [], `no input has a token of: ${unseen.join(', ')}`);
});

test('keywords, built-in functions and hook phases are the language\'s own lists', () => {
  const repository = repositoryOf(readRawGrammar());
  const keywordPatterns = (repository['keywords']!.patterns ?? []) as { match: string }[];
  const grammarKeywords = keywordPatterns.flatMap((p) => alternation(p.match)).sort();
  assert.equal(grammarKeywords, [...RESERVED_WORDS, ...SOFT_KEYWORD_WORDS].filter((w) => !['true', 'false', 'null'].includes(w)).sort());

  const calls = (repository['calls']!.patterns ?? []) as { match: string; captures?: Record<string, { name?: string }> }[];
  const builtin = calls.find((p) => p.captures?.['1']?.name === 'support.function.builtin.mbp');
  assert.ok(builtin, 'no rule scopes built-in functions');
  assert.equal(alternation(builtin.match), [...functionNames()].sort());

  const phases = (repository['hook-phase']!.patterns ?? []) as { name: string; match: string }[];
  const known = phases.find((p) => p.name === 'support.constant.phase.mbp');
  assert.ok(known, 'no rule scopes hook phases');
  assert.equal(alternation(known.match), HOOK_PHASES.map((p) => p.value).sort());
});

/** Deliberately broken copies: each must make the comparison fail, on the category it breaks. */
const BREAKAGES: readonly { name: string; expect: TokenCategory; breakIt(repository: Repository): void }[] = [
  { name: 'comment rules removed', expect: 'comment', breakIt: (r) => (r['comments']!.patterns = []) },
  { name: 'interpolation rule removed', expect: 'interpolation', breakIt: (r) => (r['interpolation'] = { patterns: [] }) },
  {
    name: 'address rules removed',
    expect: 'address',
    breakIt: (r) => (r['literals']!.patterns = (r['literals']!.patterns as { name: string }[]).filter((p) => !p.name.startsWith('constant.other.address'))),
  },
  {
    name: 'plain names scoped as keywords',
    expect: 'identifier',
    breakIt: (r) => {
      const variables = r['variables']!.patterns as { name: string }[];
      variables[variables.length - 1]!.name = 'keyword.other.name.mbp';
    },
  },
  {
    name: 'durations scoped as integers',
    expect: 'duration',
    breakIt: (r) => {
      const literals = r['literals']!.patterns as { name: string }[];
      literals.find((p) => p.name === 'constant.numeric.duration.mbp')!.name = 'constant.numeric.integer.mbp';
    },
  },
];

for (const breakage of BREAKAGES) {
  test(`negative control: ${breakage.name} is caught`, async () => {
    const raw = readRawGrammar();
    breakage.breakIt(repositoryOf(raw));
    const examples = inputs().filter((s) => s.name.startsWith('examples'));
    const { mismatches } = await compareAll(raw, examples);
    const hit = mismatches.filter((m) => m.category === breakage.expect);
    assert.ok(hit.length > 0, `no ${breakage.expect} mismatch; mismatches:\n${formatMismatches(mismatches, 10)}`);
  });
}

test.run();
