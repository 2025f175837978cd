import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkBlueprint, expectAnnotated, MAIN } from './annotated.ts';

/** Deployment rules on steps: provision order, `after` names steps, dependency cycles. */
const RULES = /^MBP30/;

const HOST = ['infrastructure edge {', '  datacenter = "dc-east"', '  on post_deploy run flow()', '}'];
const flow = (steps: string[]) => [...HOST, 'workflow flow() {', ...steps, '}'].join('\n');
const provisioning = (steps: string[]) =>
  [
    'infrastructure edge {',
    '  datacenter = "dc-east"',
    '  network wan { kind = "wan" }',
    '  instance_array node {',
    '    server_type = "M.8.32.2"',
    '    template    = std.os.ubuntu_2404',
    '    port 0 { network = wan }',
    '    on provision run custom(node = instance)',
    '  }',
    '}',
    'workflow custom(node: instance) {',
    ...steps,
    '}',
  ].join('\n');

test('std.provision steps keep their order; skipping is fine', () => {
  expectAnnotated(
    provisioning([
      '  // expect none',
      '  step off     = std.provision.power_off(node)',
      '  step boot    = std.provision.prepare_boot(node)',
      '  step power   = std.provision.power_on(node)',
      '  step install = std.provision.install_os(node)',
      '  step ready   = std.provision.wait_ready(node)',
    ]),
    RULES,
  );
  const result = expectAnnotated(
    provisioning([
      '  step off     = std.provision.power_off(node)',
      '  step install = std.provision.install_os(node)',
      '  // expect MBP3006 at +1:18',
      '  step boot    = std.provision.prepare_boot(node)',
    ]),
    RULES,
  );
  const d = result.diagnostics.find((x) => x.code === 'MBP3006')!;
  assert.is(d.message, '`std.provision.prepare_boot` runs after `std.provision.install_os`, but must come before it');
  // The related span points at the earlier step.
  const text = result.sources.get(MAIN)!.text;
  assert.is(text.slice(d.related[0]!.range.start, d.related[0]!.range.end), 'install');
});

test('`os` stands for the whole default sequence', () => {
  expectAnnotated(provisioning(['  step os  = std.provision.os(node)', '  // expect MBP3006 at +1:14', '  step off = std.provision.power_off(node)']), RULES);
  expectAnnotated(provisioning(['  // expect none', '  step ports = std.provision.configure_ports(node)', '  step os    = std.provision.os(node)']), RULES);
});

test('`after` lists steps: a param or a quoted name is the checker\'s error, reported once', () => {
  expectAnnotated(
    [
      ...HOST.slice(0, 2),
      '  on post_deploy run flow(url = "https://example.com")',
      '}',
      'workflow flow(url: string) {',
      '  step a = std.http.request(url, "GET")',
      '  // expect MBP2020 at +1:52',
      '  step b = std.http.request(url, "GET") { after = [url] }',
      '  // expect MBP2040 at +1:52',
      '  step c = std.http.request(url, "GET") { after = ["a"] }',
      '}',
    ].join('\n'),
    /^MBP30|^MBP20[24]0$/,
  );
});

test('no cycle with `after` to earlier steps or `after = []`', () => {
  expectAnnotated(
    flow([
      '  // expect none',
      '  step a = std.http.request("https://example.com/a", "GET")',
      '  step b = std.http.request("https://example.com/b", "GET") { after = [] }',
      '  step c = std.http.request("https://example.com/${a.status}", "GET") { after = [a, b] }',
    ]),
    RULES,
  );
});

test('a cycle through `after` and a forward output reference is reported once, with each edge', () => {
  const result = expectAnnotated(
    flow([
      '  // expect MBP3007 at +1:8',
      '  step a = std.http.request("https://example.com/${c.status}", "GET")',
      '  step b = std.http.request("https://example.com/b", "GET")',
      '  step c = std.http.request("https://example.com/c", "GET") { after = [b] }',
    ]),
    RULES,
  );
  const d = result.diagnostics.find((x) => x.code === 'MBP3007')!;
  assert.is(d.message, 'steps depend on each other in a cycle: `a` → `c` → `b` → `a`');
  assert.equal(d.related.map((r) => r.message), [
    '`a` uses the outputs of `c`',
    '`c` waits for `b` (`after`)',
    '`b` runs after `a`, the step written before it (it has no `after`)',
  ]);
});

test('two separate cycles are two diagnostics; a step that waits for itself is its own error', () => {
  expectAnnotated(
    flow([
      '  // expect MBP3007 at +1:8',
      '  step a = std.http.request("https://example.com/a", "GET") { after = [b] }',
      '  step b = std.http.request("https://example.com/b", "GET") { after = [a] }',
      '  // expect MBP3007 at +1:8',
      '  step c = std.http.request("https://example.com/c", "GET") { after = [d] }',
      '  step d = std.http.request("https://example.com/d", "GET") { after = [c] }',
      '  // expect MBP3008 at +1:72',
      '  step e = std.http.request("https://example.com/e", "GET") { after = [e] }',
    ]),
    RULES,
  );
});

test('cycles in an os_template\'s steps are found too', () => {
  const text = [
    'os_template t {',
    '  base = std.os.ubuntu_2404',
    '  step a = std.ssh.exec(instance, "echo ${b.stdout}")',
    '  step b = std.ssh.exec(instance, "true")',
    '}',
  ].join('\n');
  const codes = checkBlueprint(text).diagnostics.map((d) => d.code);
  assert.ok(codes.includes('MBP3007'), codes.join(', '));
});

test.run();
