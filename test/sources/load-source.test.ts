import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import {
  MemoryFileSystem,
  NodeFileSystem,
  loadSource,
  findSourceFiles,
  firstInvalidUtf8Byte,
  MAX_SOURCE_BYTES,
  type LoadResult,
} from '../../compiler/sources/index.ts';
import type { Diagnostic } from '../../compiler/diagnostics/index.ts';

function failure(result: LoadResult): Diagnostic {
  if (result.ok) throw new Error('expected the load to fail');
  assert.is(result.diagnostics.length, 1);
  return result.diagnostics[0]!;
}

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'utf8')] : p)));

test('a UTF-8 file loads as a SourceFile; a UTF-8 BOM is dropped', () => {
  const memory = new MemoryFileSystem({ '/p/a.mbp': 'let x = 1\n', '/p/bom.mbp': bytes([0xef, 0xbb, 0xbf], 'let y = "é"\n') });
  const a = loadSource(memory, '/p/a.mbp');
  assert.ok(a.ok);
  assert.is(a.source.text, 'let x = 1\n');
  assert.is(a.source.path, '/p/a.mbp');
  const bom = loadSource(memory, '/p/bom.mbp');
  assert.ok(bom.ok);
  assert.is(bom.source.text, 'let y = "é"\n');
});

test('missing file, directory, special file', () => {
  const memory = new MemoryFileSystem({ '/p/dir/x.mbp': 'x', '/p/fifo.mbp': { special: true } });
  const missing = failure(loadSource(memory, '/p/nope.mbp'));
  assert.is(missing.code, 'MBP1050');
  assert.is(missing.file, '/p/nope.mbp');
  assert.ok(missing.help);
  assert.is(failure(loadSource(memory, '/p/dir')).code, 'MBP1052');
  assert.is(failure(loadSource(memory, '/p/fifo.mbp')).code, 'MBP1058');
  // A path through a file is "not found", not a crash.
  assert.is(failure(loadSource(memory, '/p/dir/x.mbp/y.mbp')).code, 'MBP1050');
});

test('a file that cannot be read names the reason, without the syscall', () => {
  const memory = new MemoryFileSystem({ '/p/locked.mbp': { unreadable: 'EACCES' } });
  const d = failure(loadSource(memory, '/p/locked.mbp'));
  assert.is(d.code, 'MBP1051');
  assert.is(d.message, 'cannot read the file: permission denied');
});

test('a file over the limit is refused before reading, naming both sizes', () => {
  const memory = new MemoryFileSystem({ '/p/big.mbp': 'x'.repeat(2049) });
  const d = failure(loadSource(memory, '/p/big.mbp', { maxBytes: 2048 }));
  assert.is(d.code, 'MBP1056');
  assert.match(d.message, '2049 bytes');
  assert.match(d.message, '2048 bytes');
  assert.ok(loadSource(memory, '/p/big.mbp', { maxBytes: 2049 }).ok);
  assert.is(MAX_SOURCE_BYTES, 32 * 1024 * 1024);
});

test('a NUL byte means a binary file, with its byte offset', () => {
  const memory = new MemoryFileSystem({ '/p/img.mbp': bytes([0x89], 'PNG\r\n', [0x1a, 0x0a, 0x00, 0x00]) });
  const d = failure(loadSource(memory, '/p/img.mbp'));
  assert.is(d.code, 'MBP1054');
  assert.match(d.message, 'byte offset 8');
});

test('invalid UTF-8 points at the line and column of the first bad byte', () => {
  // Latin-1 "é" (0xE9) on line 3 after "  café" → column 6; the display text keeps the excerpt readable.
  const memory = new MemoryFileSystem({ '/p/latin1.mbp': bytes('let a = 1\n// ok ✓\n  caf', [0xe9], ' = 2\n', [0xff]) });
  const result = loadSource(memory, '/p/latin1.mbp');
  const d = failure(result);
  assert.is(d.code, 'MBP1053');
  assert.match(d.message, 'byte 0xE9 at byte offset 25');
  assert.ok(!result.ok && result.display);
  const position = result.display.positionAt(d.range.start);
  assert.equal([position.line, position.column], [3, 6]);
  assert.is(result.display.lineText(3), '  caf\uFFFD = 2');
});

test('a UTF-16 file is reported as not UTF-8 (not as binary), at its first byte', () => {
  const memory = new MemoryFileSystem({ '/p/u16.mbp': Uint8Array.from([0xff, 0xfe, 0x6c, 0x00, 0x65, 0x00]) });
  const d = failure(loadSource(memory, '/p/u16.mbp'));
  assert.is(d.code, 'MBP1053');
  assert.equal(d.range, { start: 0, end: 1 });
});

test('empty means nothing but whitespace (a BOM alone too)', () => {
  const memory = new MemoryFileSystem({
    '/p/zero.mbp': '',
    '/p/blank.mbp': '  \n\t\r\n',
    '/p/bom.mbp': Uint8Array.from([0xef, 0xbb, 0xbf]),
    '/p/one.mbp': ' x',
  });
  for (const file of ['/p/zero.mbp', '/p/blank.mbp', '/p/bom.mbp']) assert.is(failure(loadSource(memory, file)).code, 'MBP1055', file);
  assert.ok(loadSource(memory, '/p/one.mbp').ok);
});

test('firstInvalidUtf8Byte agrees with the WHATWG decoder on arbitrary bytes', () => {
  const fatal = new TextDecoder('utf-8', { fatal: true });
  // Bias towards the interesting bytes: lead bytes, continuation bytes and their edges.
  const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x80, 0xbf, 0xc0, 0xc2, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0x9f, 0xa0, 0x8f, 0x90));
  fc.assert(
    fc.property(fc.array(byte, { maxLength: 24 }), (list) => {
      const input = Uint8Array.from(list);
      const bad = firstInvalidUtf8Byte(input);
      let valid = true;
      try {
        fatal.decode(input);
      } catch {
        valid = false;
      }
      if (valid) return bad === -1;
      // Everything before the bad byte decodes; the prefix through it does not start a valid sequence.
      fatal.decode(input.subarray(0, bad));
      return bad >= 0 && bad < input.length;
    }),
    { numRuns: 3000 },
  );
  assert.is(firstInvalidUtf8Byte(bytes('ok ✓ 😀')), -1);
  assert.is(firstInvalidUtf8Byte(Uint8Array.from([0x61, 0xed, 0xa0, 0x80])), 1); // a UTF-8-encoded surrogate
  assert.is(firstInvalidUtf8Byte(Uint8Array.from([0xc0, 0xaf])), 0); // overlong
  assert.is(firstInvalidUtf8Byte(Uint8Array.from([0x61, 0xe2, 0x82])), 1); // truncated
});

test('a directory expands to its .mbp files, sorted, skipping hidden directories and node_modules', () => {
  const memory = new MemoryFileSystem({
    '/p/b.mbp': 'x',
    '/p/a.mbp': 'x',
    '/p/notes.txt': 'x',
    '/p/lib/z.mbp': 'x',
    '/p/.git/c.mbp': 'x',
    '/p/node_modules/d.mbp': 'x',
  }).mkdir('/p/empty');
  const set = findSourceFiles(memory, ['/p', '/p/a.mbp', '/p/notes.txt', '/p/missing.mbp']);
  assert.equal(set.files, ['/p/a.mbp', '/p/b.mbp', '/p/lib/z.mbp', '/p/missing.mbp', '/p/notes.txt']);
  assert.equal(set.diagnostics, []);
  const empty = findSourceFiles(memory, ['/p/empty']);
  assert.equal(empty.files, []);
  assert.equal(empty.diagnostics.map((d) => [d.code, d.file]), [['MBP1057', '/p/empty']]);
});

test('on disk: a huge file, /dev/null, symlinks (a link to a directory is not followed)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
  try {
    const disk = new NodeFileSystem();
    const huge = path.join(dir, 'huge.mbp');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, MAX_SOURCE_BYTES + 1);
    const big = failure(loadSource(disk, huge));
    assert.is(big.code, 'MBP1056');
    assert.match(big.message, `${MAX_SOURCE_BYTES + 1} bytes`);
    assert.match(big.message, '32 MiB');
    fs.rmSync(huge);

    if (fs.existsSync('/dev/null')) assert.is(failure(loadSource(disk, '/dev/null')).code, 'MBP1058');

    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'real.mbp'), 'let x = 1\n');
    fs.symlinkSync(path.join(dir, 'sub', 'real.mbp'), path.join(dir, 'link.mbp'));
    fs.symlinkSync(dir, path.join(dir, 'sub', 'loop.mbp'));
    const set = findSourceFiles(disk, [dir]);
    assert.equal(set.files, [path.join(dir, 'link.mbp'), path.join(dir, 'sub', 'real.mbp')]);
    const loaded = loadSource(disk, path.join(dir, 'link.mbp'));
    assert.ok(loaded.ok);
    assert.is(failure(loadSource(disk, path.join(dir, 'nope.mbp'))).code, 'MBP1050');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
