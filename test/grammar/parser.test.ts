import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NODE_KINDS, parse, walk, type Declaration, type Node } from '../../grammar/index.ts';
import { codesOf, decls, expr, sexpr } from './helpers.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const designExample = fs.readFileSync(path.join(here, 'design-example.mbp'), 'utf8');

function one(source: string): Declaration {
  const r = parse(source, 'test.mbp');
  assert.equal(codesOf(r), [], `no diagnostics expected for:\n${source}`);
  assert.is(r.module.declarations.length, 1);
  return r.module.declarations[0]!;
}

// ---- declarations ------------------------------------------------------------

test('import', () => {
  assert.equal(decls('import "./lib/k8s.mbp" as k8s'), ['(Import k8s (StringLit (StringText "./lib/k8s.mbp")))']);
  assert.equal(codesOf(parse('import "${x}.mbp" as k', 't')), ['MBP1027']);
  assert.equal(codesOf(parse('import "./a.mbp" k', 't')), ['MBP1013']);
});

test('param: short form, body form, no default', () => {
  assert.equal(decls('param region: string = "dc-east"'), ['(Param region (TypeName string) (StringLit (StringText "dc-east")))']);
  assert.equal(decls('param workers: int { default = 4, min = 1, max = 256 }'), [
    '(Param workers (TypeName int) (Body (Attribute default (IntLit 4)) (Attribute min (IntLit 1)) (Attribute max (IntLit 256))))',
  ]);
  assert.equal(decls('param n: int'), ['(Param n (TypeName int))']);
});

test('secret, with and without a type', () => {
  assert.equal(decls('secret token\nsecret key: string'), ['(Secret token)', '(Secret key (TypeName string))']);
});

test('let and output', () => {
  assert.equal(decls('let a = 1\noutput b = a'), ['(Let a (IntLit 1))', '(Output b (Ref a))']);
});

test('os_template, infrastructure and workflow', () => {
  assert.equal(decls('os_template t { base = std.os.ubuntu_2404 }'), [
    '(OsTemplate t (Body (Attribute base (Member ubuntu_2404 (Member os (Ref std))))))',
  ]);
  assert.equal(decls('infrastructure e {\n  datacenter = "dc"\n}'), ['(Infrastructure e (Body (Attribute datacenter (StringLit (StringText "dc")))))']);
  assert.equal(decls('workflow w(node: instance, tries: int = 3,) {\n  output o = node\n}'), [
    '(Workflow w (WorkflowParam node (TypeName instance)) (WorkflowParam tries (TypeName int) (IntLit 3)) (Body (Output o (Ref node))))',
  ]);
  assert.equal(decls('workflow empty() {}'), ['(Workflow empty (Body))']);
});

test('blocks with labels: names, ints, strings', () => {
  const d = one('infrastructure i {\n  network wan { kind = "wan" }\n  port 0 { }\n  instance 3 { vars = { a = 1 } }\n  asset "user data" { }\n  rollout { max_parallel = 20 }\n}');
  assert.is(
    sexpr(d),
    '(Infrastructure i (Body (Block network (Label name:wan) (Body (Attribute kind (StringLit (StringText "wan"))))) (Block port (Label int:0) (Body)) (Block instance (Label int:3) (Body (Attribute vars (ObjectExpr (ObjectEntry a (IntLit 1)))))) (Block asset (Label string:user data) (Body)) (Block rollout (Body (Attribute max_parallel (IntLit 20))))))',
  );
  assert.equal(codesOf(parse('infrastructure i {\n asset "${x}" {}\n}', 't')), ['MBP1027']);
});

test('steps with and without options', () => {
  const d = one('workflow w(n: instance) {\n  step os = std.provision.os(n)\n  step tune = std.ssh.exec(n, "x") {\n    timeout = 2m\n  }\n}');
  assert.is(
    sexpr(d),
    '(Workflow w (WorkflowParam n (TypeName instance)) (Body (Step os (Call (Member os (Member provision (Ref std))) (Ref n))) (Step tune (Call (Member exec (Member ssh (Ref std))) (Ref n) (StringLit (StringText "x"))) (Body (Attribute timeout (DurationLit 120000))))))',
  );
});

test('hooks: with and without a name, with options', () => {
  const d = one(
    'infrastructure i {\n  on pre_deploy run vips = reserve_vips(subnet = lan)\n  on post_deploy run k8s.join(vip = vips.address) { level = 1 }\n  on provision run tuned(node = instance)\n}',
  );
  assert.is(
    sexpr(d),
    '(Infrastructure i (Body (Hook pre_deploy vips= (Call (Ref reserve_vips) (NamedArg subnet (Ref lan)))) (Hook post_deploy (Call (Member join (Ref k8s)) (NamedArg vip (Member address (Ref vips)))) (Body (Attribute level (IntLit 1)))) (Hook provision (Call (Ref tuned) (NamedArg node (Ref instance))))))',
  );
});

test('an options block may start on the next line', () => {
  assert.is(
    sexpr(one('workflow w() {\n  step s = f()\n  {\n    timeout = 1m\n  }\n}')),
    '(Workflow w (Body (Step s (Call (Ref f)) (Body (Attribute timeout (DurationLit 60000))))))',
  );
});

test('output and let inside bodies', () => {
  assert.is(
    sexpr(one('infrastructure i {\n  let n = 2\n  output ips = [for x in y: x.ipv4]\n}')),
    '(Infrastructure i (Body (Let n (IntLit 2)) (Output ips (ForExpr x (Ref y) (Member ipv4 (Ref x))))))',
  );
});

test('entries separated by commas, trailing comma allowed', () => {
  assert.is(
    sexpr(one('infrastructure i { a = 1, b = 2, }')),
    '(Infrastructure i (Body (Attribute a (IntLit 1)) (Attribute b (IntLit 2))))',
  );
});

// ---- types -------------------------------------------------------------------------

test('types', () => {
  for (const t of ['string', 'int', 'bool', 'duration', 'size', 'ip', 'cidr', 'instance', 'instance_array', 'network', 'subnet']) {
    assert.equal(decls(`param p: ${t}`), [`(Param p (TypeName ${t}))`]);
  }
  assert.equal(decls('param p: list(map(string))'), ['(Param p (ListType (MapType (TypeName string))))']);
  assert.equal(decls('param p: object({ name = string, ports = list(int) })'), [
    '(Param p (ObjectType (ObjectTypeField name (TypeName string)) (ObjectTypeField ports (ListType (TypeName int)))))',
  ]);
  assert.equal(decls('param p: object({\n  a = int\n  b = bool\n})'), [
    '(Param p (ObjectType (ObjectTypeField a (TypeName int)) (ObjectTypeField b (TypeName bool))))',
  ]);
});

test('bad types are reported', () => {
  const unknown = parse('param p: strng', 't');
  assert.equal(codesOf(unknown), ['MBP1023']);
  assert.match(unknown.diagnostics[0]!.help ?? '', 'did you mean `string`?');
  assert.equal(codesOf(parse('param p: list', 't')), ['MBP1030']);
  assert.equal(codesOf(parse('param p: string(int)', 't')), ['MBP1030']);
  assert.equal(codesOf(parse('param p: object(int)', 't')), ['MBP1030']);
  assert.equal(codesOf(parse('param p: object({ a = int, a = bool })', 't')), ['MBP1026']);
});

// ---- expressions ---------------------------------------------------------------------

test('references, members, indexing, calls', () => {
  assert.is(expr('a.b.c'), '(Member c (Member b (Ref a)))');
  assert.is(expr('a[0]'), '(Index (Ref a) (IntLit 0))');
  assert.is(expr('a.b[1].c'), '(Member c (Index (Member b (Ref a)) (IntLit 1)))');
  assert.is(expr('f(a, b = c)'), '(Call (Ref f) (Ref a) (NamedArg b (Ref c)))');
  assert.is(expr('std.ssh.exec(n, "x")'), '(Call (Member exec (Member ssh (Ref std))) (Ref n) (StringLit (StringText "x")))');
  assert.is(expr('f()'), '(Call (Ref f))');
  assert.is(expr('f(1,)'), '(Call (Ref f) (IntLit 1))');
  assert.is(expr('f(a)(b)'), '(Call (Call (Ref f) (Ref a)) (Ref b))');
  assert.is(expr('x.output.step'), '(Member step (Member output (Ref x)))');
});

test('call arguments: positional first, each name once', () => {
  assert.equal(codesOf(parse('let x = f(a = 1, 2)', 't')), ['MBP1024']);
  assert.equal(codesOf(parse('let x = f(a = 1, a = 2)', 't')), ['MBP1025']);
});

test('lists and objects', () => {
  assert.is(expr('[]'), '(ListExpr)');
  assert.is(expr('[1, "a", [2]]'), '(ListExpr (IntLit 1) (StringLit (StringText "a")) (ListExpr (IntLit 2)))');
  assert.is(expr('{}'), '(ObjectExpr)');
  assert.is(expr('{ a = 1, "quoted key" = 2 }'), '(ObjectExpr (ObjectEntry a (IntLit 1)) (ObjectEntry "quoted key" (IntLit 2)))');
  assert.is(expr('{ import = 1, for = 2 }'), '(ObjectExpr (ObjectEntry import (IntLit 1)) (ObjectEntry for (IntLit 2)))');
  assert.equal(codesOf(parse('let x = { a = 1, a = 2 }', 't')), ['MBP1026']);
  assert.equal(codesOf(parse('let x = { "${k}" = 1 }', 't')), ['MBP1027']);
});

test('comprehensions', () => {
  assert.is(expr('[for x in xs: x.ip]'), '(ForExpr x (Ref xs) (Member ip (Ref x)))');
  assert.is(expr('[for k, v in m: k]'), '(ForExpr k v (Ref m) (Ref k))');
  assert.is(expr('[for x in xs: x if x > 1]'), '(ForExpr x (Ref xs) (Ref x) (Binary > (Ref x) (IntLit 1)))');
  assert.is(expr('[for x in c ? a : b: x]'), '(ForExpr x (Conditional (Ref c) (Ref a) (Ref b)) (Ref x))');
  assert.is(expr('[for]'), '(ListExpr (Ref for))');
  assert.is(expr('[for, in]'), '(ListExpr (Ref for) (Ref in))');
});

test('conditionals are right-associative', () => {
  assert.is(expr('a ? b : c ? d : e'), '(Conditional (Ref a) (Ref b) (Conditional (Ref c) (Ref d) (Ref e)))');
  assert.is(expr('a || b ? 1 : 2'), '(Conditional (Binary || (Ref a) (Ref b)) (IntLit 1) (IntLit 2))');
});

test('operator precedence, lowest to highest: || && (== !=) (< <= > >=) (+ -) (* / %) unary', () => {
  assert.is(expr('a || b && c'), '(Binary || (Ref a) (Binary && (Ref b) (Ref c)))');
  assert.is(expr('a && b == c'), '(Binary && (Ref a) (Binary == (Ref b) (Ref c)))');
  assert.is(expr('a == b < c'), '(Binary == (Ref a) (Binary < (Ref b) (Ref c)))');
  assert.is(expr('a != b >= c'), '(Binary != (Ref a) (Binary >= (Ref b) (Ref c)))');
  assert.is(expr('a <= b + c'), '(Binary <= (Ref a) (Binary + (Ref b) (Ref c)))');
  assert.is(expr('a > b - c'), '(Binary > (Ref a) (Binary - (Ref b) (Ref c)))');
  assert.is(expr('a + b * c'), '(Binary + (Ref a) (Binary * (Ref b) (Ref c)))');
  assert.is(expr('a - b / c % d'), '(Binary - (Ref a) (Binary % (Binary / (Ref b) (Ref c)) (Ref d)))');
  assert.is(expr('-a * b'), '(Binary * (Unary - (Ref a)) (Ref b))');
  assert.is(expr('!a && b'), '(Binary && (Unary ! (Ref a)) (Ref b))');
  assert.is(expr('-a.b'), '(Unary - (Member b (Ref a)))');
  assert.is(expr('!-x'), '(Unary ! (Unary - (Ref x)))');
});

test('binary operators are left-associative', () => {
  assert.is(expr('a - b - c'), '(Binary - (Binary - (Ref a) (Ref b)) (Ref c))');
  assert.is(expr('a / b * c'), '(Binary * (Binary / (Ref a) (Ref b)) (Ref c))');
  assert.is(expr('a || b || c'), '(Binary || (Binary || (Ref a) (Ref b)) (Ref c))');
});

test('parentheses', () => {
  assert.is(expr('(a + b) * c'), '(Binary * (Paren (Binary + (Ref a) (Ref b))) (Ref c))');
});

// ---- spans, names, docs ------------------------------------------------------------

test('spans cover their text, and names point at the name', () => {
  const text = 'infrastructure edge {\n  count = 1 + f(x)\n  network wan { kind = "wan" }\n}';
  const r = parse(text, 't.mbp');
  const seen: string[] = [];
  walk(r.module, (node) => {
    if (node.kind === 'Attribute') seen.push(text.slice(node.span.start, node.span.end), text.slice(node.name.span.start, node.name.span.end));
    if (node.kind === 'Block') seen.push(text.slice(node.name.span.start, node.name.span.end), text.slice(node.span.start, node.span.end));
    if (node.kind === 'Call') seen.push(text.slice(node.span.start, node.span.end));
    if (node.kind === 'Infrastructure') seen.push(text.slice(node.name.span.start, node.name.span.end));
  });
  assert.equal(seen, ['edge', 'count = 1 + f(x)', 'count', 'f(x)', 'network', 'network wan { kind = "wan" }', 'kind = "wan"', 'kind']);
});

test('every child span lies inside its parent span', () => {
  const r = parse(designExample, 'design.mbp');
  walk(r.module, (node, parent) => {
    if (parent === undefined) return;
    assert.ok(
      node.span.start >= parent.span.start && node.span.end <= parent.span.end && node.span.start <= node.span.end,
      `${node.kind} ${JSON.stringify(node.span)} outside ${parent.kind} ${JSON.stringify(parent.span)}`,
    );
  });
});

test('/// documents the declaration below, //! the module', () => {
  const r = parse(
    '//! The module.\n//! Second line.\n\n/// Workers.\n///   indented\nparam n: int\n\n/// Detached.\n\nlet a = 1\ninfrastructure i {\n  /// The count.\n  count = 1\n}',
    't.mbp',
  );
  assert.is(r.module.doc, 'The module.\nSecond line.');
  const [param, letDecl, infra] = r.module.declarations;
  assert.is(param!.doc, 'Workers.\n  indented');
  assert.is(letDecl!.doc, undefined);
  assert.is(infra?.kind === 'Infrastructure' && infra.body.entries[0]!.doc, 'The count.');
});

test('the design example parses without diagnostics', () => {
  const r = parse(designExample, 'design.mbp');
  assert.equal(codesOf(r), []);
  assert.is(r.module.declarations.length, 8);
  assert.is(r.module.doc, 'Edge cluster: three control nodes on local drives, diskless workers.');
});

test('walk visits every node once; NODE_KINDS lists every kind', () => {
  const r = parse(designExample, 'design.mbp');
  const kinds = new Set<string>();
  let count = 0;
  walk(r.module, (n: Node) => {
    kinds.add(n.kind);
    count++;
  });
  for (const k of kinds) assert.ok((NODE_KINDS as readonly string[]).includes(k), k);
  assert.ok(count > 200);
  let skipped = 0;
  walk(r.module, (n) => {
    if (n.kind === 'Infrastructure') return false;
    if (n.kind === 'Block') skipped++;
    return undefined;
  });
  assert.is(skipped, 1); // only the os_template's `asset` block: the infrastructure's blocks were skipped
});

test.run();
