import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lintRule } from '../../compiler/lint/index.ts';
import type { Diagnostic } from '../../compiler/diagnostics/index.ts';
import { checkBlueprint, expectAnnotated } from '../rules/annotated.ts';

/** Fix-its of prefer-server-types and redundant-after, applied: the result checks clean of the rule. */
function apply(text: string, d: Diagnostic): string {
  const edits = [...d.fixes[0]!.edits].sort((a, b) => b.range.start - a.range.start);
  return edits.reduce((t, e) => t.slice(0, e.range.start) + e.text + t.slice(e.range.end), text);
}

function fixOnce(text: string, code: string): string {
  const d = checkBlueprint(text).diagnostics.find((x) => x.code === code);
  assert.ok(d, `${code} is not reported`);
  const fixed = apply(text, d!);
  assert.equal(checkBlueprint(fixed).diagnostics.filter((x) => x.code === code || x.severity === 'error').map((x) => x.code), [], fixed);
  return fixed;
}

test('prefer-server-types: the fix-it removes the prefer block and its line', () => {
  const bad = lintRule('prefer-server-types')!.docs.bad;
  const fixed = fixOnce(bad, 'prefer-server-types');
  assert.is(fixed, bad.replace('    prefer { servers = [5, "srv-0042"] }\n', ''));
});

test('prefer-server-types: one warning per prefer block, at the block name', () => {
  expectAnnotated(lintRule('prefer-server-types')!.docs.bad.replace('    prefer {', '    // expect prefer-server-types at +1:5\n    prefer {'), /^prefer-server-types$/);
});

test('redundant-after: the fix-it removes `after` (the whole options block when it is the only option)', () => {
  const bad = lintRule('redundant-after')!.docs.bad;
  assert.is(fixOnce(bad, 'redundant-after'), lintRule('redundant-after')!.docs.good);
  const withTimeout = bad.replace('    after = [health]\n', '    after   = [health]\n    timeout = 1m\n');
  assert.match(fixOnce(withTimeout, 'redundant-after'), '") {\n    timeout = 1m\n  }');
  const oneLine = bad.replace(' {\n    after = [health]\n  }', ' { after = [health], timeout = 1m }');
  assert.match(fixOnce(oneLine, 'redundant-after'), '"POST") { timeout = 1m }');
});

test('redundant-after: `after` naming an earlier step that is not the previous one is not redundant', () => {
  const text = lintRule('redundant-after')!.docs.good.replace('  step cache', '  step other = std.http.request("${url}/x", "GET")\n  step cache').replace('"POST")\n', '"POST") { after = [health] }\n');
  assert.equal(checkBlueprint(text).diagnostics.map((d) => d.code), []);
});

test('empty-workflow: a workflow with only outputs is fine', () => {
  const text = ['infrastructure web {', '  datacenter = "dc-east"', '  on post_deploy run values()', '}', 'workflow values() {', '  output answer = 42', '}', ''].join('\n');
  assert.equal(checkBlueprint(text).diagnostics.map((d) => d.code), []);
});

test('asset-url-without-checksum: an inline asset needs no checksum', () => {
  const text = lintRule('asset-url-without-checksum')!.docs.bad.replace('    url  = "https://mirror.example/pkgs/tuning_1.4_amd64.deb"', '    content = "vm.swappiness = 1"');
  assert.equal(checkBlueprint(text).diagnostics.map((d) => d.code), []);
});

test.run();
