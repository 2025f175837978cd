import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkBlueprint, expectAnnotated, MAIN } from '../rules/annotated.ts';

/** unused-param, unused-secret, unused-let, unused-workflow: scopes, `_` names, libraries and importers. */
const UNUSED = /^unused-(param|secret|let|workflow)$/;

test('unused top-level and local declarations of a blueprint', () => {
  expectAnnotated(
    [
      '// expect unused-param at +1:7',
      'param replicas: int = 3',
      '// expect unused-secret at +1:8',
      'secret token',
      '// expect unused-let at +1:5',
      'let region = "dc-east"',
      'param _reserved: int = 0',
      'infrastructure web {',
      '  datacenter = "dc-east"',
      '  on post_deploy run used(url = "https://example.com", extra = 1)',
      '}',
      '// expect unused-workflow at +1:10',
      'workflow spare() {',
      '  step s = std.http.request("https://example.com", "GET")',
      '}',
      '// expect unused-param at +1:28',
      'workflow used(url: string, extra: int) {',
      '  step s = std.http.request(url, "GET")',
      '}',
    ].join('\n'),
    UNUSED,
  );
});

test('a library (no infrastructure) keeps its top-level declarations; its workflow parameters still count', () => {
  expectAnnotated(
    [
      'let shared = "x"',
      'workflow join(node: instance) {',
      '  step s = std.ssh.exec(node, "true")',
      '}',
      '// expect unused-param at +1:16',
      'workflow drain(node: instance) {',
      '  step s = std.http.request("https://example.com", "GET")',
      '}',
    ].join('\n'),
    UNUSED,
  );
});

test('uses from another file of the program count', () => {
  const lib = '/proj/lib.mbp';
  const result = checkBlueprint(
    ['import "./lib.mbp" as lib', 'infrastructure web {', '  datacenter = "dc-east"', '  on post_deploy run lib.hello(name = lib.greeting)', '}', ''].join('\n'),
    { [lib]: ['let greeting = "hi"', 'workflow hello(name: string) {', '  step s = std.http.request("https://example.com/${name}", "GET")', '}', ''].join('\n') },
  );
  assert.equal(result.diagnostics.map((d) => `${d.code} ${d.file}`), []);
});

test('the unused-let fix-it removes the declaration\'s line', () => {
  const text = ['let a = 1', 'let b = a', 'infrastructure web {', '  datacenter = "dc-east"', '  vars = { a = b }', '  output x = 1', '}', 'let gone = 2', ''].join('\n');
  const d = checkBlueprint(text).diagnostics.find((x) => x.code === 'unused-let')!;
  const edit = d.fixes[0]!.edits[0]!;
  assert.is(edit.file, MAIN);
  assert.is(text.slice(0, edit.range.start) + edit.text + text.slice(edit.range.end), text.replace('let gone = 2\n', ''));
});

test('a file with a syntax error is not linted (its tree is a recovery guess)', () => {
  const text = ['let a = 1', 'infrastructure web {', '  datacenter = "dc-east"', '  on_failure = ', '}', ''].join('\n');
  const codes = checkBlueprint(text).diagnostics.map((d) => d.code);
  assert.ok(codes.some((c) => c.startsWith('MBP1')), codes.join(', '));
  assert.not.ok(codes.includes('unused-let'), codes.join(', '));
  assert.ok(checkBlueprint(text.replace('  on_failure = \n', '')).diagnostics.some((d) => d.code === 'unused-let'));
});

test.run();
