import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileReader, renderTemplate, TemplateError, type CallContext, type FileReader } from '../../stdlib/index.ts';
import { call, fails } from './call-helpers.ts';

/** An in-memory reader that records what was asked for. */
function memoryReader(files: Record<string, string>): FileReader & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    readText(p: string) {
      asked.push(p);
      const text = files[p];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return text;
    },
  };
}

test('file: resolves relative to the blueprint directory through the reader', () => {
  const reader = memoryReader({ '/bp/assets/motd.txt': 'hello\n', '/etc/abs.txt': 'abs' });
  const ctx: CallContext = { baseDir: '/bp', files: reader };
  assert.is(call('file', ['./assets/motd.txt'], ctx), 'hello\n');
  assert.is(call('file', ['assets/../assets/motd.txt'], ctx), 'hello\n');
  assert.is(call('file', ['/etc/abs.txt'], ctx), 'abs');
  assert.equal(reader.asked, ['/bp/assets/motd.txt', '/bp/assets/motd.txt', '/etc/abs.txt']);
});

test('file: errors', () => {
  const ctx: CallContext = { baseDir: '/bp', files: memoryReader({}) };
  fails('file', ['./missing.txt'], { kind: 'io', argIndex: 0, message: /cannot read "\.\/missing\.txt" \(\/bp\/missing\.txt\): no such file/ }, ctx);
  fails('file', ['./x'], { kind: 'io', argIndex: 0, message: /not available in this context/ });
  fails('file', [''], { argIndex: 0, message: /must not be empty/ }, ctx);
  fails('file', [3], { argIndex: 0, message: /must be a string/ }, ctx);
});

test('nodeFileReader: reads UTF-8 from disk, rejects binary', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mbp-'));
  try {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'user-data.tmpl'), 'host ${name} é\n');
    writeFileSync(join(dir, 'blob.bin'), Buffer.from([0xff, 0xfe, 0x00, 0xc3]));
    const ctx: CallContext = { baseDir: dir, files: nodeFileReader };
    assert.is(call('file', ['./assets/user-data.tmpl'], ctx), 'host ${name} é\n');
    fails('file', ['./blob.bin'], { kind: 'io', message: /not valid UTF-8/ }, ctx);
    fails('file', ['./nope'], { kind: 'io', message: /no such file/ }, ctx);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('render: names, paths, indexes and the $${ escape', () => {
  assert.is(call('render', ['hello ${who}', { who: 'rack-a' }]), 'hello rack-a');
  assert.is(call('render', ['${ a.b }/${xs[1]}/${n}/${ok}', { a: { b: 'x' }, xs: ['p', 'q'], n: 3, ok: false }]), 'x/q/3/false');
  assert.is(call('render', ['literal $${name} and $5 and ${name}', { name: 'v' }]), 'literal ${name} and $5 and v');
  assert.is(call('render', ['no placeholders', {}]), 'no placeholders');
  assert.is(call('render', ['${k}${k}', { k: 'ab' }]), 'abab');
});

test('render: errors carry template line and column', () => {
  fails('render', ['line1\n  ${missing}', { known: 1 }], { argIndex: 0, message: /"missing" is not defined in the variables \(known: known\) \(template line 2, column 3\)/ });
  fails('render', ['${a.c}', { a: { b: 1 } }], { argIndex: 0, message: /"c" is not defined in "a" \(known: b\)/ });
  fails('render', ['${xs[5]}', { xs: [1] }], { argIndex: 0, message: /out of range/ });
  fails('render', ['${a + b}', { a: 1, b: 2 }], { argIndex: 0, message: /not a variable reference.*no expressions/ });
  fails('render', ['${upper(x)}', { x: 'a' }], { argIndex: 0, message: /no expressions/ });
  fails('render', ['open ${name', { name: 1 }], { argIndex: 0, message: /unterminated/ });
  fails('render', ['${xs}', { xs: [1] }], { argIndex: 0, message: /"xs" is a list.*json/ });
  fails('render', ['${n}', { n: null }], { argIndex: 0, message: /"n" is a null/ });
  fails('render', ['x', [1]], { argIndex: 1, message: /must be a map or object/ });
});

test('renderTemplate throws TemplateError with a position', () => {
  try {
    renderTemplate('ab\ncd ${x', {});
    assert.unreachable();
  } catch (e) {
    assert.instance(e, TemplateError);
    assert.is((e as TemplateError).line, 2);
    assert.is((e as TemplateError).column, 4);
  }
});

test.run();
