import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { walk, type Node, type Ref } from '../../grammar/index.ts';
import { bind, loadProgram, type MbpSymbol } from '../../compiler/binder/index.ts';
import { bindAndCheck } from '../../compiler/checker/index.ts';
import { MemoryFileSystem } from '../../compiler/sources/index.ts';
import { checkPaths, runAnnotatedCase } from '../support/index.ts';

const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures');
const fixture = (...parts: string[]): string => path.join(FIXTURES, ...parts);

for (const name of ['imports/main.mbp', 'missing-import/main.mbp', 'alias-member/main.mbp']) {
  test(`annotated fixture: ${name}`, async () => {
    const outcome = await runAnnotatedCase(fixture(name));
    if (outcome.problems.length > 0) assert.unreachable(`${name}:\n  ${outcome.problems.join('\n  ')}`);
  });
}

test('an import cycle is reported once, at the import that closes it, with the chain', async () => {
  const result = await checkPaths([fixture('cycle', 'a.mbp')]);
  const cycles = result.diagnostics.filter((d) => d.code === 'MBP2004');
  assert.is(cycles.length, 1);
  const d = cycles[0]!;
  assert.is(d.file, fixture('cycle', 'b.mbp'));
  assert.is(d.message, 'import cycle: a.mbp → b.mbp → a.mbp');
  const text = result.sources.get(d.file)!.text;
  assert.is(text.slice(d.range.start, d.range.end), '"./a.mbp"');
  assert.equal(d.related.map((r) => [path.basename(r.file), r.message]), [['a.mbp', 'a.mbp imports b.mbp']]);
  // The cycle does not stop binding: `b.value` still resolves.
  assert.equal(result.diagnostics.filter((x) => x.code !== 'MBP2004').map((x) => x.code), []);
});

test('a three-file cycle lists every file and every import on the way', async () => {
  const result = await checkPaths([fixture('cycle3', 'a.mbp')]);
  const cycles = result.diagnostics.filter((d) => d.code === 'MBP2004');
  assert.is(cycles.length, 1);
  assert.is(cycles[0]!.file, fixture('cycle3', 'c.mbp'));
  assert.is(cycles[0]!.message, 'import cycle: a.mbp → b.mbp → c.mbp → a.mbp');
  assert.is(cycles[0]!.related.length, 2);
});

test('each file is loaded and parsed once, however many imports reach it', () => {
  const fs = new MemoryFileSystem({
    '/p/main.mbp': 'import "./a.mbp" as a\nimport "./b.mbp" as b\nlet x = a.v + b.v\n',
    '/p/a.mbp': 'import "./c.mbp" as c\nlet v = c.v\n',
    '/p/b.mbp': 'import "./c.mbp" as c\nlet v = c.v\n',
    '/p/c.mbp': 'let v = 1\n',
  });
  const program = loadProgram(fs, ['/p/main.mbp']);
  assert.equal([...program.files.keys()], ['/p/main.mbp', '/p/a.mbp', '/p/b.mbp', '/p/c.mbp']);
  assert.equal([...program.files.values()].map((f) => f.entry), [true, false, false, false]);
  assert.equal(program.diagnostics, []);
  assert.is(bind(program).diagnostics.length, 0);
});

const SOURCE = `/// How many.
param workers: int = 3
let spare = workers - 1

infrastructure edge {
  datacenter = "dc"
  network wan { kind = "wan" }
  subnet lan { network = wan }
  instance_array web {
    server_type = "M"
    count = workers
    template = std.os.ubuntu_2404
    port 0 { network = wan }
    on provision run setup(node = instance)
  }
  on pre_deploy run vips = reserve(subnet = lan)
  output vip = vips.address
}

workflow setup(node: instance) {
  step os = std.provision.os(node)
  step tune = std.ssh.exec(node, "echo \${node.hostname} \${os.hostname}")
}

workflow reserve(subnet: subnet) {
  step api = std.ipam.reserve_vip(subnet)
  output address = api.address
}
`;

function refsNamed(root: Node, name: string): Ref[] {
  const out: Ref[] = [];
  walk(root, (n) => void (n.kind === 'Ref' && n.name.text === name && out.push(n)));
  return out;
}

test('every reference resolves to its declaration, with name span, file and doc', () => {
  const fs = new MemoryFileSystem({ '/m/main.mbp': SOURCE });
  const checked = bindAndCheck(fs, ['/m/main.mbp']);
  assert.equal(checked.diagnostics.map((d) => d.message), []);
  const module = checked.program.files.get('/m/main.mbp')!.module;
  const workers = refsNamed(module, 'workers');
  assert.is(workers.length, 2);
  const symbol = checked.resolve(workers[0]!)!;
  assert.is(symbol.kind, 'param');
  assert.is(symbol.name, 'workers');
  assert.is(symbol.file, '/m/main.mbp');
  assert.is(symbol.doc, 'How many.');
  assert.is(SOURCE.slice(symbol.nameSpan!.start, symbol.nameSpan!.end), 'workers');
  assert.is(checked.resolve(workers[1]!), symbol);
  assert.is(checked.declarationOf(symbol)?.kind, 'Param');
  // Find-references: both uses, nothing else.
  assert.equal(checked.referencesOf(symbol).map((r) => SOURCE.slice(r.span.start, r.span.end)), ['workers', 'workers']);
});

test('kinds of the symbols: block labels, hooks, steps, workflow params, context values', () => {
  const fs = new MemoryFileSystem({ '/m/main.mbp': SOURCE });
  const checked = bindAndCheck(fs, ['/m/main.mbp']);
  const module = checked.program.files.get('/m/main.mbp')!.module;
  const kindOf = (name: string, index = 0): string | undefined => checked.resolve(refsNamed(module, name)[index]!)?.kind;
  assert.is(kindOf('wan'), 'network');
  assert.is(kindOf('lan'), 'subnet');
  assert.is(kindOf('vips'), 'hook');
  assert.is(kindOf('node'), 'workflow_param');
  assert.is(kindOf('os'), 'step');
  assert.is(kindOf('instance'), 'context');
  assert.is(kindOf('setup'), 'workflow');
  assert.is(kindOf('std'), 'std');
});

test('named arguments of a workflow call refer to its parameters (rename follows them)', () => {
  const fs = new MemoryFileSystem({ '/m/main.mbp': SOURCE });
  const checked = bindAndCheck(fs, ['/m/main.mbp']);
  const param = checked.symbols.find((s) => s.kind === 'workflow_param' && s.name === 'subnet') as MbpSymbol;
  const uses = checked.referencesOf(param);
  // `subnet = lan` in the hook, and `subnet` inside the workflow.
  assert.is(uses.length, 2);
  assert.equal(uses.map((u) => u.node.kind).sort(), ['NamedArg', 'Ref']);
});

test('an import alias member resolves to the declaration in the other file', () => {
  const fs = new MemoryFileSystem({
    '/m/main.mbp': 'import "./lib.mbp" as lib\nlet r = lib.region\n',
    '/m/lib.mbp': '/// The region.\nlet region = "x"\n',
  });
  const checked = bindAndCheck(fs, ['/m/main.mbp']);
  assert.equal(checked.diagnostics, []);
  const region = checked.symbols.find((s) => s.name === 'region')!;
  assert.is(region.file, '/m/lib.mbp');
  const uses = checked.referencesOf(region);
  assert.is(uses.length, 1);
  assert.is(uses[0]!.file, '/m/main.mbp');
  assert.is(uses[0]!.node.kind, 'Member');
  const use = checked.program.files.get('/m/main.mbp')!.module.declarations[1];
  assert.ok(use?.kind === 'Let');
  assert.is(checked.valueOf(use.value), 'x');
});

test('a duplicate points at the first declaration', () => {
  const text = 'let a = 1\nlet a = 2\n';
  const checked = bindAndCheck(new MemoryFileSystem({ '/m/x.mbp': text }), ['/m/x.mbp']);
  assert.is(checked.diagnostics.length, 1);
  const d = checked.diagnostics[0]!;
  assert.is(d.code, 'MBP2002');
  assert.is(d.range.start, text.indexOf('a', 10));
  assert.is(d.related[0]!.range.start, text.indexOf('a'));
});

test('for variables shadow outer names only inside their comprehension', () => {
  const text = 'let x = 5\nlet xs = [for x in ["a"]: x]\nlet y = x + 1\n';
  const checked = bindAndCheck(new MemoryFileSystem({ '/m/x.mbp': text }), ['/m/x.mbp']);
  assert.equal(checked.diagnostics, []);
  const module = checked.program.files.get('/m/x.mbp')!.module;
  const refs = refsNamed(module, 'x');
  assert.equal(refs.map((r) => checked.resolve(r)?.kind), ['for_variable', 'let']);
  assert.equal(refs.map((r) => checked.typeOf(r).kind), ['string', 'int']);
});

test('`HOOK.NAME` and `STEP.NAME` are uses of the output of the workflow run, kept out of resolve()', () => {
  const fs = new MemoryFileSystem({
    '/w/lib.mbp': 'workflow probe(n: int) {\n  output seen = n\n}\nworkflow other(n: int) {\n  output seen = n\n}\n',
    '/w/main.mbp': [
      'import "./lib.mbp" as lib',
      'workflow outer(n: int) {',
      '  step p = lib.probe(n = n)',
      '  step many = lib.probe(n = each.value) { for_each = [1, 2] }',
      '  output both = p.seen + early.seen',
      '  step early = lib.other(n = n)',
      '}',
      '',
    ].join('\n'),
  });
  const checked = bindAndCheck(fs, ['/w/main.mbp']);
  const members: Node[] = [];
  walk(checked.program.files.get('/w/main.mbp')!.module, (n) => {
    if (n.kind === 'Member' && n.object.kind === 'Ref' && n.name.text === 'seen') members.push(n);
  });
  assert.is(members.length, 2);
  const [probeRead, otherRead] = members.map((m) => checked.binding.outputRead(m as never));
  // `early` is declared below its use: resolved once the whole program is bound.
  assert.equal([probeRead?.kind, probeRead?.file, otherRead?.file], ['output', '/w/lib.mbp', '/w/lib.mbp']);
  assert.is.not(probeRead, otherRead);
  assert.equal(checked.referencesOf(probeRead!).map((r) => r.node), [members[0]]);
  // The member is still typed as a field of the run's result: resolve() does not see it.
  assert.is(checked.resolve(members[0]!), undefined);
});

test.run();
