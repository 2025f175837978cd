import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigResolver, findConfigFile, loadConfigFile, locateJson } from '../../compiler/config/index.ts';
import type { Diagnostic } from '../../compiler/diagnostics/index.ts';
import { MemoryFileSystem, NodeFileSystem } from '../../compiler/sources/index.ts';
import { withTempDir } from '../support/index.ts';

const KNOWN = ['unused-let', 'unused-param', 'secret-literal'];
const options = { knownRules: KNOWN };

function load(files: Record<string, string>, file = '/p/mbp.config.json') {
  return loadConfigFile(new MemoryFileSystem(files), file, options);
}

/** The text a diagnostic points at in its own file. */
function pointedAt(files: Record<string, string>, d: Diagnostic): string {
  return (files[d.file] ?? '').slice(d.range.start, d.range.end);
}

test('rules: levels by id; a valid file has no diagnostics', () => {
  const config = load({ '/p/mbp.config.json': '{ "rules": { "unused-let": "off", "secret-literal": "error" } }' });
  assert.equal(config.diagnostics, []);
  assert.equal([...config.levels], [['unused-let', 'off'], ['secret-literal', 'error']]);
  assert.equal(config.files, ['/p/mbp.config.json']);
});

test('extends: a path or a list, relative to the extending file; later entries and the file itself win', () => {
  const files = {
    '/p/mbp.config.json': '{ "extends": ["../shared/a.json", "./b.json"], "rules": { "unused-param": "info" } }',
    '/shared/a.json': '{ "rules": { "unused-let": "error", "unused-param": "error", "secret-literal": "off" } }',
    '/p/b.json': '{ "extends": "../shared/c.json", "rules": { "unused-let": "warning" } }',
    '/shared/c.json': '{ "rules": { "secret-literal": "info" } }',
  };
  const config = load(files);
  assert.equal(config.diagnostics, []);
  assert.equal(Object.fromEntries(config.levels), { 'unused-let': 'warning', 'unused-param': 'info', 'secret-literal': 'info' });
  assert.equal([...config.files].sort(), ['/p/b.json', '/p/mbp.config.json', '/shared/a.json', '/shared/c.json']);
});

test('an unknown rule names the key, suggests the closest id with a fix-it, and lists every rule', () => {
  const files = { '/p/mbp.config.json': '{\n  "rules": {\n    "unused-lett": "off",\n    "no-such-thing": "error"\n  }\n}\n' };
  const config = load(files);
  assert.equal(config.diagnostics.map((d) => d.code), ['MBP3083', 'MBP3083']);
  const [typo, unknown] = config.diagnostics as [Diagnostic, Diagnostic];
  assert.is(pointedAt(files, typo), '"unused-lett"');
  assert.is(typo.message, 'unknown lint rule `unused-lett`');
  assert.match(typo.help ?? '', 'did you mean `unused-let`?');
  assert.match(typo.help ?? '', '`secret-literal`');
  assert.equal(typo.fixes[0]?.edits[0]?.text, '"unused-let"');
  assert.is(unknown.fixes.length, 0);
  assert.match(unknown.help ?? '', 'the lint rules are `unused-let`, `unused-param`, `secret-literal`');
  assert.equal([...config.levels], []);
});

test('a compiler code cannot be re-levelled', () => {
  const files = { '/p/mbp.config.json': '{ "rules": { "MBP3001": "off" } }' };
  const [d] = load(files).diagnostics;
  assert.is(d?.code, 'MBP3084');
  assert.is(pointedAt(files, d!), '"MBP3001"');
});

test('schema problems: unknown key with did-you-mean, bad level, bad extends, not an object', () => {
  const files = { '/p/mbp.config.json': '{ "rulez": {}, "rules": { "unused-let": "warn" }, "extends": 3 }' };
  const config = load(files);
  const byProblem = config.diagnostics.map((d) => [d.code, d.message, pointedAt(files, d)]);
  assert.equal(byProblem, [
    ['MBP3082', 'invalid configuration: unknown key `rulez`', '"rulez"'],
    ['MBP3082', 'invalid configuration: `extends` must be a path or a list of paths', '3'],
    ['MBP3082', 'invalid configuration: `rules.unused-let` is "warn", not a level', '"warn"'],
  ].sort((a, b) => files['/p/mbp.config.json'].indexOf(a[2]!) - files['/p/mbp.config.json'].indexOf(b[2]!)));
  const rulez = config.diagnostics.find((d) => d.message.includes('rulez'))!;
  assert.match(rulez.help ?? '', 'did you mean `rules`?');
  const warn = config.diagnostics.find((d) => d.message.includes('warn'))!;
  assert.match(warn.help ?? '', 'did you mean "warning"?');
  assert.equal(warn.fixes[0]?.edits[0]?.text, '"warning"');
  assert.equal(load({ '/p/mbp.config.json': '[1]' }).diagnostics.map((d) => d.message), ['invalid configuration: the configuration must be a JSON object']);
});

test('not JSON: one error at the position JSON.parse names', () => {
  const files = { '/p/mbp.config.json': '{ "rules": { "unused-let": "off", } }' };
  const [d, ...rest] = load(files).diagnostics;
  assert.is(rest.length, 0);
  assert.is(d?.code, 'MBP3081');
  assert.is(pointedAt(files, d!), '}');
});

test('extends cycles are reported once, at the entry that closes them, showing the chain', () => {
  const files = {
    '/p/mbp.config.json': '{ "extends": "./a.json" }',
    '/p/a.json': '{ "extends": ["./b.json"], "rules": { "unused-let": "off" } }',
    '/p/b.json': '{ "extends": "./a.json" }',
  };
  const config = load(files);
  assert.equal(config.diagnostics.map((d) => [d.code, d.file, pointedAt(files, d)]), [['MBP3085', '/p/b.json', '"./a.json"']]);
  assert.is(config.diagnostics[0]!.message, 'the configuration extends itself: a.json → b.json → a.json');
  assert.equal(Object.fromEntries(config.levels), { 'unused-let': 'off' });
  // A file that extends itself.
  const self = load({ '/p/mbp.config.json': '{ "extends": "./mbp.config.json" }' });
  assert.equal(self.diagnostics.map((d) => d.code), ['MBP3085']);
  // Two paths to the same base are not a cycle.
  const diamond = load({
    '/p/mbp.config.json': '{ "extends": ["./a.json", "./b.json"] }',
    '/p/a.json': '{ "extends": "./base.json" }',
    '/p/b.json': '{ "extends": "./base.json" }',
    '/p/base.json': '{ "rules": { "secret-literal": "error" } }',
  });
  assert.equal(diamond.diagnostics, []);
  assert.equal(Object.fromEntries(diamond.levels), { 'secret-literal': 'error' });
});

test('a missing file: at the extends entry that names it, or at the file itself', () => {
  const files = { '/p/mbp.config.json': '{ "extends": "./nope.json" }' };
  const [d] = load(files).diagnostics;
  assert.is(d?.code, 'MBP3080');
  assert.is(pointedAt(files, d!), '"./nope.json"');
  assert.match(d!.message, 'no such file: /p/nope.json');
  const [top] = load({}, '/p/given.json').diagnostics;
  assert.equal([top?.code, top?.file], ['MBP3080', '/p/given.json']);
});

test('locateJson: key and value ranges by JSON pointer, escapes included', () => {
  const text = '{"a~b": {"x/y": [1, "t\\"q"]}, "n": null}';
  const where = locateJson(text);
  const slice = (p: string, part: 'key' | 'value') => {
    const r = where.get(p)?.[part];
    return r === undefined ? undefined : text.slice(r.start, r.end);
  };
  assert.is(slice('/a~0b', 'key'), '"a~b"');
  assert.is(slice('/a~0b/x~1y/1', 'value'), '"t\\"q"');
  assert.is(slice('/a~0b/x~1y', 'value'), '[1, "t\\"q"]');
  assert.is(slice('/n', 'value'), 'null');
  assert.is(slice('', 'value'), text);
});

test('the nearest mbp.config.json above a file on disk; --config overrides; each file read once', () => {
  withTempDir((dir) => {
    fs.mkdirSync(path.join(dir, 'a', 'b', 'c'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'mbp.config.json'), '{ "rules": { "unused-let": "off" } }');
    fs.writeFileSync(path.join(dir, 'a', 'b', 'mbp.config.json'), '{ "rules": { "unused-let": "error" } }');
    fs.writeFileSync(path.join(dir, 'other.json'), '{ "rules": { "unused-let": "info" } }');
    const disk = new NodeFileSystem();
    assert.is(findConfigFile(disk, path.join(dir, 'a', 'b', 'c')), path.join(dir, 'a', 'b', 'mbp.config.json'));
    assert.is(findConfigFile(disk, path.join(dir, 'a')), path.join(dir, 'mbp.config.json'));
    const resolver = new ConfigResolver(disk, options);
    assert.is(resolver.configFor(path.join(dir, 'a', 'b', 'c', 'x.mbp')).levels.get('unused-let'), 'error');
    assert.is(resolver.configFor(path.join(dir, 'a', 'b', 'y.mbp')).levels.get('unused-let'), 'error');
    assert.is(resolver.configFor(path.join(dir, 'a', 'z.mbp')).levels.get('unused-let'), 'off');
    assert.is(resolver.sources().length, 2);
    assert.equal(resolver.diagnostics(), []);
    const explicit = new ConfigResolver(disk, { ...options, explicit: path.join(dir, 'other.json') });
    assert.is(explicit.configFor(path.join(dir, 'a', 'b', 'c', 'x.mbp')).levels.get('unused-let'), 'info');
  });
});

test.run();
