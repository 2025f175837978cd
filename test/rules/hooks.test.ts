import { test } from 'uvu';
import { expectAnnotated } from './annotated.ts';

/** Deployment rules on hooks: one provision hook, the provision workflow takes the instance, run levels. */
const RULES = /^MBP30/;

const ARRAY = (hooks: string[], workflows: string[]) =>
  [
    'infrastructure edge {',
    '  datacenter = "dc-east"',
    '  network wan { kind = "wan" }',
    '  instance_array node {',
    '    server_type = "M.8.32.2"',
    '    template    = std.os.ubuntu_2404',
    '    port 0 { network = wan }',
    ...hooks,
    '  }',
    '}',
    ...workflows,
  ].join('\n');

const PROVISION = ['workflow setup(node: instance) {', '  step os = std.provision.os(node)', '}'];
const OTHER = ['workflow tune(node: instance) {', '  step os = std.provision.os(node)', '}'];

test('at most one provision hook per array, reported at the second', () => {
  expectAnnotated(
    ARRAY(['    on provision run setup(node = instance)', '    // expect MBP3004 at +1:8', '    on provision run tune(node = instance)'], [...PROVISION, ...OTHER]),
    RULES,
  );
  expectAnnotated(ARRAY(['    // expect none', '    on provision run setup(node = instance)', '    on deprovision run tune(node = instance)'], [...PROVISION, ...OTHER]), RULES);
});

test('a provision workflow needs an instance parameter', () => {
  expectAnnotated(
    ARRAY(['    // expect MBP3005 at +1:22 help "node: instance"', '    on provision run announce()'], ['workflow announce() {', '  step post = std.http.request("https://hooks.example/x", "POST")', '}']),
    RULES,
  );
});

test('the instance parameter receives `instance`, with a fix-it when it gets something else', () => {
  const workflows = [...PROVISION, 'workflow helper(node: instance, peer: instance) {', '  step os = std.provision.os(node)', '  step hi = std.ssh.exec(peer, "true")', '}'];
  expectAnnotated(ARRAY(['    // expect none', '    on provision run setup(node = instance)'], workflows), RULES);
  expectAnnotated(
    ARRAY(['    // expect MBP3005 at +1:53 fix "instance"', '    on provision run helper(peer = instance, node = node.instances[0])'], workflows),
    RULES,
  );
});

test('run levels are non-negative (the checker\'s bound on `level`, MBP2055, reported once)', () => {
  const infra = (level: string, expect: string) =>
    [
      'infrastructure edge {',
      '  datacenter = "dc-east"',
      expect,
      `  on post_deploy run hello() { level = ${level} }`,
      '}',
      'workflow hello() {',
      '  step ping = std.http.request("https://example.com/ping", "GET")',
      '}',
    ].join('\n');
  expectAnnotated(infra('2', '  // expect none'), /^MBP30|^MBP2055$/);
  expectAnnotated(infra('-1', '  // expect MBP2055 at +1:40'), /^MBP30|^MBP2055$/);
});

test.run();
