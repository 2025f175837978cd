import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { walk, type Block, type Expr, type Hook, type Node, type OsTemplate, type Step } from '../../grammar/index.ts';
import { bindAndCheck, type CheckedProgram } from '../../compiler/checker/index.ts';
import { MemoryFileSystem } from '../../compiler/sources/index.ts';
import { typeToString } from '../../stdlib/index.ts';

const SOURCE = `param workers: int = 4
secret token
let spare = workers - 1
let motd = file("./motd.txt")
let auth = "Bearer \${token}"
let shout = upper(auth)
let plain = upper("x")

os_template custom {
  base  = std.os.rocky_9
  ready = std.ready.ssh(port = 2222)
  step hello = std.ssh.exec(instance, motd)
}

infrastructure edge {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  subnet lan { network = wan }
  instance_array web {
    server_type = "M.8.32.2"
    count       = spare
    template    = custom
    port 0 { network = wan }
    on provision run setup(node = instance)
  }
  instance_array db {
    server_type = "M.8.32.2"
    template    = std.os.debian_12
    port 0 { network = wan }
  }
  on pre_deploy run ips = reserve(subnet = lan)
  output vip = ips.address
}

workflow setup(node: instance) {
  step os = std.provision.os(node)
  step tune = std.ssh.exec(node, "sysctl -a")
  step each_one = std.ssh.exec(node, "echo \${each.value}") {
    for_each = ["a", "b"]
  }
  step sub = std.workflow.call(reserve, { subnet = node })
  step ts = std.ts.call("./hooks/x.ts", "run", { name = node.hostname, n = 3 })
  output kernel = tune.stdout
}

workflow reserve(subnet: subnet) {
  step api = std.ipam.reserve_vip(subnet)
  output address = api.address
}
`;

function checkedSource(): CheckedProgram {
  const fs = new MemoryFileSystem({ '/m/main.mbp': SOURCE, '/m/motd.txt': 'welcome' });
  return bindAndCheck(fs, ['/m/main.mbp']);
}

function find<N extends Node>(checked: CheckedProgram, pred: (n: Node) => n is N): N[] {
  const out: N[] = [];
  walk(checked.program.files.get('/m/main.mbp')!.module, (n) => void (pred(n) && out.push(n)));
  return out;
}

const letValue = (c: CheckedProgram, name: string): Expr =>
  find(c, (n): n is Extract<Node, { kind: 'Let' }> => n.kind === 'Let' && n.name.text === name)[0]!.value;

test('the example checks clean but for the workflow-call argument of the wrong type', () => {
  const c = checkedSource();
  assert.equal(c.diagnostics.map((d) => [d.code, SOURCE.slice(d.range.start, d.range.end)]), [['MBP2040', 'node']]);
});

test('constants: params with defaults, lets, pure functions, file() through the file system', () => {
  const c = checkedSource();
  assert.is(c.valueOf(letValue(c, 'spare')), 3);
  assert.is(c.valueOf(letValue(c, 'motd')), 'welcome');
  assert.is(c.valueOf(letValue(c, 'plain')), 'X');
  assert.is(c.valueOf(letValue(c, 'auth')), undefined, 'a secret has no value at compile time');
  const workers = c.symbols.find((s) => s.kind === 'param' && s.name === 'workers')!;
  assert.is(c.paramValue(workers), 4);
});

test('secret taint flows through interpolation and function calls', () => {
  const c = checkedSource();
  assert.ok(c.isSecret(letValue(c, 'auth')));
  assert.ok(c.isSecret(letValue(c, 'shout')));
  assert.not.ok(c.isSecret(letValue(c, 'plain')));
});

test('types of step outputs, hook outputs and for_each steps', () => {
  const c = checkedSource();
  const outputs = find(c, (n): n is Extract<Node, { kind: 'Output' }> => n.kind === 'Output');
  const byName = new Map(outputs.map((o) => [o.name.text, typeToString(c.typeOf(o.value))]));
  assert.is(byName.get('kernel'), 'string');
  assert.is(byName.get('vip'), 'ip');
  const stepSymbol = c.symbols.find((s) => s.kind === 'step' && s.name === 'each_one')!;
  assert.is(typeToString(c.typeOfSymbol(stepSymbol)), 'list(object({ exit_code = int, stdout = string, stderr = string }))');
  const sub = c.symbols.find((s) => s.kind === 'step' && s.name === 'sub')!;
  assert.is(typeToString(c.typeOfSymbol(sub)), 'object({ address = ip })');
});

test('lookup helpers: workflowOf, stepTargetOf, templateOf, networkOf, baseOf, readyCheckOf, blockKindOf', () => {
  const c = checkedSource();
  const hooks = find(c, (n): n is Hook => n.kind === 'Hook');
  assert.equal(hooks.map((h) => c.workflowOf(h)?.symbol.name), ['setup', 'reserve']);
  const steps = new Map(find(c, (n): n is Step => n.kind === 'Step').map((s) => [s.name.text, s]));
  assert.is(c.workflowOf(steps.get('sub')!)?.symbol.name, 'reserve');
  const tune = c.stepTargetOf(steps.get('tune')!);
  assert.ok(tune?.kind === 'step' && tune.def.name === 'std.ssh.exec');
  const blocks = find(c, (n): n is Block => n.kind === 'Block');
  const array = (name: string): Block => blocks.find((b) => b.name.text === 'instance_array' && b.labels[0]?.text === name)!;
  const web = c.templateOf(array('web'));
  assert.ok(web?.kind === 'custom' && web.symbol.name === 'custom');
  const db = c.templateOf(array('db'));
  assert.ok(db?.kind === 'builtin' && db.def.name === 'std.os.debian_12');
  const port = blocks.find((b) => b.name.text === 'port')!;
  assert.is(c.networkOf(port)?.name, 'wan');
  assert.is(c.blockKindOf(port), 'port');
  const subnet = blocks.find((b) => b.name.text === 'subnet')!;
  assert.is(c.networkOf(subnet)?.name, 'wan');
  const template = find(c, (n): n is OsTemplate => n.kind === 'OsTemplate')[0]!;
  assert.is(c.baseOf(template)?.name, 'std.os.rocky_9');
  assert.is(c.readyCheckOf(template)?.def.name, 'std.ready.ssh');
});

test('std.ts.call becomes a request for the TypeScript hook checker, with field spans and constants', () => {
  const c = checkedSource();
  assert.is(c.tsHookRequests.length, 1);
  const r = c.tsHookRequests[0]!;
  assert.is(r.hookPath, '/m/hooks/x.ts');
  assert.is(r.exportName, 'run');
  assert.is(typeToString(r.argsType), 'object({ name = string, n = int })');
  assert.is(SOURCE.slice(r.pathSpan.start, r.pathSpan.end), '"./hooks/x.ts"');
  assert.is(SOURCE.slice(r.fieldSpans!['name']!.start, r.fieldSpans!['name']!.end), 'node.hostname');
  assert.equal(r.constants, { n: 3 });
});

test('every expression of the module has a type', () => {
  const c = checkedSource();
  const missing: string[] = [];
  walk(c.program.files.get('/m/main.mbp')!.module, (n, parent) => {
    const isExpr = 'span' in n && !['Module', 'Body', 'Attribute', 'Block', 'Label', 'Step', 'Hook', 'NamedArg', 'ObjectEntry', 'StringText', 'Interpolation', 'WorkflowParam', 'TypeName', 'ListType', 'MapType', 'ObjectType', 'ObjectTypeField', 'ErrorType', 'Param', 'Secret', 'Let', 'Output', 'OsTemplate', 'Infrastructure', 'Workflow', 'Import'].includes(n.kind);
    // Callees and `std` paths are names, not values.
    const isCallee = parent?.kind === 'Call' && parent.callee === n;
    const isName = parent?.kind === 'Member' || (parent?.kind === 'Attribute' && ['template', 'base', 'ready'].includes(parent.name.text)) || (parent?.kind === 'Call' && parent.args[0] === n && n.kind === 'Ref' && n.name.text === 'reserve');
    if (isExpr && !isCallee && !isName && !c.types.has(n as Expr)) missing.push(`${n.kind} ${SOURCE.slice(n.span.start, n.span.end)}`);
  });
  assert.equal(missing, []);
});

test.run();
