import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, type Module } from '../../grammar/index.ts';
import type { Diagnostic } from '../../compiler/diagnostics/index.ts';
import { astSpanProblems, createRandom, diagnosticSpanProblems } from '../support/index.ts';
import { minimise } from './minimise.ts';
import { buildVocabulary, mutate } from './mutators.ts';

/** The fuzzer's own parts: determinism (so a seed replays), the minimiser, and invariant checks that can fail. */
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

test('the same seed gives the same mutants; another seed other ones', () => {
  const input = bytes('infrastructure edge {\n  datacenter = "dc-east"\n  network wan { kind = "wan" }\n}\n');
  const vocabulary = buildVocabulary([text(input)]);
  const run = (seed: number) => Array.from({ length: 20 }, (_, i) => text(mutate(input, createRandom(seed * 1000 + i), vocabulary).bytes));
  assert.equal(run(7), run(7));
  assert.not.equal(run(7), run(8));
  assert.ok(run(7).some((m) => m !== text(input)), 'mutants differ from the input');
});

test('the vocabulary holds the corpus tokens and the keywords', () => {
  const vocabulary = buildVocabulary(['let a = 30s + [1]']);
  for (const image of ['let', '30s', '+', '[', 'infrastructure', '${', '"""']) assert.ok(vocabulary.includes(image), image);
});

test('the minimiser keeps the failure and drops the rest', () => {
  const input = bytes('line one\nline two has the @ sign\nline three\n');
  const small = minimise(input, (c) => text(c).includes('@'));
  assert.is(text(small), '@');
  const lines = minimise(input, (c) => text(c).includes('two') && text(c).includes('three'));
  assert.ok(text(lines).length < input.length);
  assert.match(text(lines), /two[\s\S]*three/);
});

test('span invariants: a child outside its parent and a range past the end are reported', () => {
  const module = parse('let a = 1\n', 'x.mbp').module;
  assert.equal(astSpanProblems(module, 10), []);
  const decl = module.declarations[0]!;
  const broken = { ...module, declarations: [{ ...decl, span: { start: 0, end: 3 } }] } as Module;
  assert.ok(astSpanProblems(broken, 10).some((p) => /not inside its parent/.test(p) || /not inside the Let/.test(p)));
  assert.ok(astSpanProblems(module, 5).some((p) => /outside the file/.test(p)));
  const d: Diagnostic = { code: 'MBP1001', severity: 'error', message: 'm', file: 'x.mbp', range: { start: 4, end: 12 }, related: [], fixes: [] };
  assert.is(diagnosticSpanProblems([d], () => 10).length, 1);
  assert.is(diagnosticSpanProblems([{ ...d, range: { start: 5, end: 4 } }], () => 10).length, 1);
  assert.is(diagnosticSpanProblems([{ ...d, range: { start: 0, end: 10 } }], () => 10).length, 0);
});

test.run();
