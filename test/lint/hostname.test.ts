import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expectAnnotated, MAIN } from '../rules/annotated.ts';

/** hostname-not-dns-safe: set hostnames, per-instance ones, defaults derived from the array name; fix-its. */
const RULE = /^hostname-not-dns-safe$/;

const ARRAY = (name: string, lines: string[]) =>
  [
    'infrastructure web {',
    '  datacenter = "dc-east"',
    '  network wan { kind = "wan" }',
    `  instance_array ${name} {`,
    '    server_type = "M.8.32.2"',
    '    count       = 3',
    '    template    = std.os.ubuntu_2404',
    ...lines,
    '    port 0 { network = wan }',
    '  }',
    '}',
  ].join('\n');

function applyFirstFix(result: ReturnType<typeof expectAnnotated>): string {
  const d = result.diagnostics.find((x) => x.code === 'hostname-not-dns-safe')!;
  const text = result.sources.get(MAIN)!.text;
  const edits = [...d.fixes[0]!.edits].sort((a, b) => b.range.start - a.range.start);
  return edits.reduce((t, e) => t.slice(0, e.range.start) + e.text + t.slice(e.range.end), text);
}

test('upper case and `_` in a pattern: one warning, a fix-it rewriting only the literal parts', () => {
  const result = expectAnnotated(ARRAY('app', ['    // expect hostname-not-dns-safe at +1:19', '    hostname    = "Web_${instance.index}-A"']), RULE);
  const d = result.diagnostics.find((x) => x.code === 'hostname-not-dns-safe')!;
  assert.match(d.message, 'upper-case letters and `_`');
  assert.match(applyFirstFix(result), 'hostname    = "web-${instance.index}-a"');
});

test('dots, spaces, a leading `-` and length are reported; no fix-it where it is not obvious', () => {
  const r1 = expectAnnotated(ARRAY('app', ['    // expect hostname-not-dns-safe at +1:19', '    hostname    = "web.example ${instance.index}"']), RULE);
  assert.match(r1.diagnostics.find((x) => x.code === 'hostname-not-dns-safe')!.message, '`.`, spaces');
  const r2 = expectAnnotated(ARRAY('app', ['    // expect hostname-not-dns-safe at +1:19', '    hostname    = "-web-${instance.index}"']), RULE);
  assert.equal(r2.diagnostics.find((x) => x.code === 'hostname-not-dns-safe')!.fixes, []);
  const long = 'a'.repeat(63);
  const r3 = expectAnnotated(ARRAY('app', ['    // expect hostname-not-dns-safe at +1:19', `    hostname    = "${long}\${instance.index}"`]), RULE);
  assert.match(r3.diagnostics.find((x) => x.code === 'hostname-not-dns-safe')!.message, 'more than 63 characters');
});

test('good hostnames and run-time parts pass', () => {
  expectAnnotated(ARRAY('app', ['    // expect none', '    hostname    = "web-${instance.index + 1}"']), RULE);
  expectAnnotated(ARRAY('app', ['    // expect none', '    hostname    = "${instance.vars.role}-${instance.index}"']), RULE);
});

test('the default hostname comes from the array name: CamelCase is reported at the name, with a fix-it setting `hostname`', () => {
  const result = expectAnnotated(['// expect hostname-not-dns-safe at +4:18', ARRAY('WebTier', [])].join('\n'), RULE);
  assert.match(applyFirstFix(result), '    hostname = "webtier-${instance.index}"\n    server_type = "M.8.32.2"');
  // `_` in a name is turned into `-` by default: fine.
  expectAnnotated(['// expect none', ARRAY('web_tier', [])].join('\n'), RULE);
});

test('a hostname of one instance is checked too', () => {
  expectAnnotated(ARRAY('app', ['    instance 0 {', '      // expect hostname-not-dns-safe at +1:18 fix "db-primary"', '      hostname = "DB_Primary"', '    }']), RULE);
});

test.run();
