import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expectAnnotated } from './annotated.ts';

/** Deployment rules on instance arrays: ports, diskless boot, boot methods, server selection. */
const RULES = /^MBP30/;

test('an empty infrastructure is valid: no rule fires', () => {
  expectAnnotated(
    [
      '// expect none',
      'infrastructure services {',
      '  datacenter = "dc-east"',
      '  network wan { kind = "wan" }',
      '  subnet services { network = wan, prefix = 28 }',
      '  on pre_deploy run hello()',
      '}',
      'workflow hello() {',
      '  step ping = std.http.request("https://example.com/ping", "GET")',
      '}',
    ].join('\n'),
    /^(MBP|[a-z])/,
  );
});

test('port indexes are unique per array (the checker\'s MBP2028, reported once), and may repeat across arrays', () => {
  expectAnnotated(
    [
      'infrastructure edge {',
      '  datacenter = "dc-east"',
      '  network wan { kind = "wan" }',
      '  network lan { kind = "lan" }',
      '  instance_array a {',
      '    server_type = "M.8.32.2"',
      '    template    = std.os.ubuntu_2404',
      '    port 0 { network = wan }',
      '    port 1 { network = lan }',
      '    // expect MBP2028 at +1:5',
      '    port 1 { network = wan }',
      '  }',
      '  instance_array b {',
      '    server_type = "M.8.32.2"',
      '    template    = std.os.ubuntu_2404',
      '    port 0 { network = wan }',
      '    port 1 { network = lan }',
      '  }',
      '}',
    ].join('\n'),
    /^MBP30|^MBP2028$/,
  );
});

const DISKLESS = (networks: string[], ports: string[], expect: string) =>
  [
    'infrastructure farm {',
    '  datacenter = "dc-east"',
    ...networks,
    '  instance_array node {',
    '    server_type = "M.40.256.4"',
    '    template    = std.os.rocky_9',
    expect,
    '    boot        = "pxe_iscsi"',
    ...ports,
    '  }',
    '}',
  ].join('\n');

test('diskless arrays need a port on a san network; the fix-it attaches one when the network exists', () => {
  expectAnnotated(
    DISKLESS(['  network wan { kind = "wan" }', '  network storage { kind = "san" }'], ['    port 0 { network = wan }'], '    // expect MBP3001 at +1:19 fix "\\n    port 1 { network = storage }"'),
    RULES,
  );
  // No SAN network at all: the help says to declare one.
  expectAnnotated(DISKLESS(['  network wan { kind = "wan" }'], ['    port 0 { network = wan }'], '    // expect MBP3001 at +1:19 help "network san { kind = \\"san\\" }"'), RULES);
  // A port on the SAN: fine.
  expectAnnotated(DISKLESS(['  network wan { kind = "wan" }', '  network storage { kind = "san" }'], ['    port 0 { network = wan }', '    port 1 { network = storage }'], '    // expect none'), RULES);
});

test('local installs need no SAN port', () => {
  expectAnnotated(DISKLESS(['  network wan { kind = "wan" }'], ['    port 0 { network = wan }'], '    // expect none').replace('"pxe_iscsi"', '"local_drives"'), RULES);
});

const BOOT = (template: string, boot: string[], extra: string[] = []) =>
  [
    ...extra,
    'infrastructure farm {',
    '  datacenter = "dc-east"',
    '  network wan { kind = "wan" }',
    '  network san { kind = "san" }',
    '  instance_array node {',
    '    server_type = "M.40.256.4"',
    `    template    = ${template}`,
    ...boot,
    '    port 0 { network = wan }',
    '    port 1 { network = san }',
    '  }',
    '}',
  ].join('\n');

test('the boot method is one the template supports: built-in templates', () => {
  expectAnnotated(BOOT('std.os.debian_12', ['    // expect MBP3002 at +1:19', '    boot        = "pxe_iscsi"']), RULES);
  expectAnnotated(BOOT('std.os.flatcar', ['    // expect none', '    boot        = "pxe_iscsi"']), RULES);
});

test('the boot method is one the template supports: custom templates, default boot', () => {
  const custom = (methods: string) => ['os_template diskless_only {', '  base         = std.os.ubuntu_2404', `  boot_methods = ${methods}`, '}'];
  // `boot` left out means local_drives, which this template does not offer: reported at `template`.
  expectAnnotated(BOOT('diskless_only', ['    // expect MBP3002 at -1:19'], custom('["pxe_iscsi"]')), RULES);
  expectAnnotated(BOOT('diskless_only', ['    // expect none', '    boot        = "pxe_iscsi"'], custom('["pxe_iscsi"]')), RULES);
  // Without boot_methods a custom template supports what its base supports.
  const based = ['os_template plain {', '  base = std.os.debian_12', '}'];
  expectAnnotated(BOOT('plain', ['    // expect MBP3002 at +1:19', '    boot        = "pxe_iscsi"'], based), RULES);
});

test('an empty server type split selects nothing', () => {
  const split = (value: string, expect: string) =>
    [
      'infrastructure farm {',
      '  datacenter = "dc-east"',
      '  network wan { kind = "wan" }',
      '  instance_array node {',
      expect,
      `    server_types = ${value}`,
      '    template     = std.os.rocky_9',
      '    port 0 { network = wan }',
      '  }',
      '}',
    ].join('\n');
  expectAnnotated(split('{}', '    // expect MBP3003 at +1:20'), RULES);
  expectAnnotated(split('{ "M.40.256.4" = 2, "M.40.256.2" = 1 }', '    // expect none'), RULES);
});

test('the MBP3001 fix-it, applied, gives a blueprint without the error', () => {
  const text = DISKLESS(['  network wan { kind = "wan" }', '  network storage { kind = "san" }'], ['    port 0 { network = wan }'], '    // expect MBP3001 at +1:19');
  const result = expectAnnotated(text, RULES);
  const edit = result.diagnostics.find((d) => d.code === 'MBP3001')!.fixes[0]!.edits[0]!;
  const fixed = text.slice(0, edit.range.start) + edit.text + text.slice(edit.range.end);
  assert.match(fixed, '    port 0 { network = wan }\n    port 1 { network = storage }\n  }');
  expectAnnotated(fixed.replace('// expect MBP3001 at +1:19', '// expect none'), RULES);
});

test.run();
