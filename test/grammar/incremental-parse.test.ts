/**
 * The incremental parser (grammar/incremental-parse.ts) against a full
 * parse: random edits on the examples and on a generated blueprint, each
 * result deep-equal to `parse` of the same text, diagnostics included.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import { generateBlueprint } from '../../bench/generate-blueprint.ts';
import { IncrementalParser, parse } from '../../grammar/index.ts';
import { createRandom, mixSeeds, type Random } from '../support/random.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SEED = Number(process.env.MBP_TEST_SEED ?? 20261127);

function blueprints(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return blueprints(full);
    return e.name.endsWith('.mbp') ? [full] : [];
  });
}

/** What an edit inserts: typing, and the characters that open or close something across lines. */
const INSERTS = ['x', ' ', '\n', '{', '}', '(', ')', '[', ']', '"', '"""', '/*', '*/', '//', '/// doc\n', '${', '+', ',', '.', '=', 'let y = 1\n', '\nlet', 'workflow w {\n', '\r', '\n\n'];

function randomEdit(text: string, random: Random): string {
  const at = random.int(text.length + 1);
  // Edits near a line start reach the layout rules the cuts depend on.
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const where = random.chance(0.3) ? lineStart : at;
  const removed = random.chance(0.3) ? random.int(12) : 0;
  const insert = random.chance(0.8) ? random.pick(INSERTS) : '';
  return text.slice(0, where) + insert + text.slice(Math.min(text.length, where + removed));
}

function assertSame(parser: IncrementalParser, text: string, file: string, note: string): void {
  const incremental = parser.parse(text, file);
  const full = parse(text, file);
  try {
    assert.deepEqual(incremental.diagnostics, full.diagnostics);
    assert.deepEqual(incremental.module, full.module);
  } catch (error) {
    fs.writeFileSync(path.join(process.env.TMPDIR ?? '/tmp', 'mbp-incremental-failure.mbp'), text);
    throw new Error(`${note}: incremental parse differs from parse (text in $TMPDIR/mbp-incremental-failure.mbp)\n${(error as Error).message.slice(0, 2000)}`);
  }
}

test('every example, then random edits of it, parses as a whole parse does', () => {
  const files = [...blueprints(path.join(ROOT, 'examples')), path.join(ROOT, 'test/grammar/design-example.mbp')];
  assert.ok(files.length >= 5);
  for (const [n, file] of files.entries()) {
    const random = createRandom(mixSeeds(SEED, n));
    const parser = new IncrementalParser();
    let text = fs.readFileSync(file, 'utf8');
    assertSame(parser, text, file, `${file} as is`);
    for (let i = 0; i < 60; i++) {
      text = randomEdit(text, random);
      assertSame(parser, text, file, `${file}, edit ${i} (seed ${SEED})`);
    }
  }
});

test('the generated blueprint, under random edits, parses as a whole parse does, re-parsing little', () => {
  const random = createRandom(SEED);
  const parser = new IncrementalParser();
  // The benchmark's file: ~10,000 lines in 75 declarations.
  let text = generateBlueprint(10_000).text;
  assertSame(parser, text, 'gen.mbp', 'generated');
  assert.ok(parser.lastChunkCount > 60, `cut into ${parser.lastChunkCount} chunks`);
  const reparsed: number[] = [];
  for (let i = 0; i < 30; i++) {
    text = randomEdit(text, random);
    assertSame(parser, text, 'gen.mbp', `generated, edit ${i} (seed ${SEED})`);
    reparsed.push(parser.lastParsedChunks);
  }
  // Most edits touch one chunk (and its neighbour when the cut between them moves); the edits that open a heredoc or a comment re-parse more.
  const sorted = reparsed.sort((a, b) => a - b);
  assert.ok(sorted[Math.floor(sorted.length / 2)]! <= 4, `median chunks re-parsed: ${sorted.join(',')}`);
});

test('typing a character and taking it back re-parses only the chunk typed in', () => {
  const parser = new IncrementalParser();
  const text = generateBlueprint(2000).text;
  parser.parse(text, 'gen.mbp');
  const at = text.indexOf('\n', text.length >> 1) + 3;
  const typed = `${text.slice(0, at)}x${text.slice(at)}`;
  assertSame(parser, typed, 'gen.mbp', 'typed');
  assert.ok(parser.lastParsedChunks >= 1 && parser.lastParsedChunks <= 3, `parsed ${parser.lastParsedChunks}`);
  assertSame(parser, text, 'gen.mbp', 'taken back');
  assert.equal(parser.lastParsedChunks, 0);
});

test('text that cannot be cut (a heredoc or comment left open above) still parses as a whole', () => {
  const parser = new IncrementalParser();
  const body = generateBlueprint(400).text;
  const lines = body.split('\n');
  const middle = lines.findIndex((l, i) => i > lines.length / 2 && l.startsWith('let '));
  for (const opener of ['let open = """', '/*', 'let s = "abc', 'let l = [1,', 'workflow w {']) {
    const text = [...lines.slice(0, middle), opener, ...lines.slice(middle)].join('\n');
    assertSame(parser, text, 'open.mbp', opener);
  }
});

test('a file renamed between calls is parsed under its new name', () => {
  const parser = new IncrementalParser();
  const text = 'let a = 1\nlet b = [\nlet c = 2\n';
  assertSame(parser, text, 'a.mbp', 'a');
  assertSame(parser, text, 'b.mbp', 'b');
  assert.ok(parser.parse(text, 'b.mbp').diagnostics.every((d) => d.file === 'b.mbp'));
});

test.run();
