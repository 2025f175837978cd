import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  attributeHover,
  attributeOf,
  attributesOf,
  blockHover,
  blocksOf,
  isBlockKind,
  nestedBlockOf,
  ROOTS,
  SCHEMAS,
  schemaFor,
  shapeProblems,
  type BlockKind,
} from '../../compiler/schemas/index.ts';
import { ENUMS, isAssignable, isEnumValue, isValue, T, typeToString, type Type } from '../../stdlib/index.ts';

const kinds = Object.keys(SCHEMAS) as BlockKind[];
const names = (xs: readonly { name: string }[]) => xs.map((x) => x.name);

test('every schema is keyed by its kind and documented', () => {
  for (const k of kinds) {
    assert.is(SCHEMAS[k].kind, k);
    assert.ok(SCHEMAS[k].doc.length >= 30, `${k} doc`);
  }
  for (const r of Object.values(ROOTS)) assert.ok(isBlockKind(r));
  assert.not.ok(isBlockKind('toString'));
});

test('every attribute is typed and documented; defaults fit their type and enum', () => {
  for (const k of kinds) {
    const attrs = attributesOf(k);
    assert.is(new Set(names(attrs)).size, attrs.length, `${k} attribute names unique`);
    for (const a of attrs) {
      const where = `${k}.${a.name}`;
      assert.ok(a.type && typeof typeToString(a.type) === 'string', `${where} typed`);
      assert.not.equal(a.type.kind, 'error', `${where} typed`);
      if (a.type.kind === 'any') assert.ok(a.reference || a.typeFromDeclaration || a.name === 'for_each', `${where}: any needs a reason`);
      assert.ok(a.doc.length >= 15, `${where} documented`);
      if (a.required) assert.is(a.default, undefined, `${where}: required and defaulted`);
      if (a.default !== undefined) {
        assert.ok(isValue(a.default), `${where} default is a Value`);
        if (a.enum) assert.ok(isEnumValue(a.enum, a.default as string), `${where} default in enum`);
      }
      if (a.enum) {
        assert.ok(ENUMS[a.enum], `${where} enum exists`);
        const base: Type = a.type.kind === 'list' ? a.type.element : a.type;
        assert.is(base.kind, 'string', `${where}: enumerated values are strings`);
      }
      for (const r of a.requires ?? []) assert.ok(attributeOf(k, r), `${where} requires a real attribute ${r}`);
      if (a.blockForm) assert.ok(nestedBlockOf(k, a.name)?.kind === a.blockForm, `${where} block form is listed`);
    }
  }
});

test('nested blocks point at real schemas, with documented labels', () => {
  for (const k of kinds) {
    const blocks = blocksOf(k);
    assert.is(new Set(names(blocks)).size, blocks.length, `${k} block names unique`);
    for (const b of blocks) {
      assert.ok(SCHEMAS[b.kind], `${k}.${b.name} kind`);
      assert.ok(b.doc.length > 0);
      for (const l of b.labels) assert.ok(l.doc.length > 0);
      const clash = attributeOf(k, b.name);
      if (clash) assert.is(clash.blockForm, b.kind, `${k}: ${b.name} is both an attribute and a block only as a block form`);
    }
  }
  assert.equal(nestedBlockOf('instance_array', 'port')?.labels.map((l) => l.kind), ['int']);
  assert.is(nestedBlockOf('instance_array', 'port')?.repeatable, true);
  assert.is(nestedBlockOf('instance_array', 'prefer')?.repeatable, false);
  assert.is(nestedBlockOf('instance_array', 'rollout')?.repeatable, false);
  assert.equal(nestedBlockOf('instance_array', 'instance')?.labels.map((l) => l.kind), ['int']);
  assert.equal(nestedBlockOf('os_template', 'asset')?.labels.map((l) => l.kind), ['name']);
});

test('infrastructure body: attributes, blocks and declarations', () => {
  assert.equal(names(attributesOf('infrastructure')).sort(), ['datacenter', 'on_failure', 'prevent_destroy', 'vars']);
  assert.equal(names(blocksOf('infrastructure')).sort(), ['instance_array', 'network', 'subnet']);
  const decl = SCHEMAS.infrastructure.declarations.map((d) => d.keyword);
  assert.ok(decl.includes('output') && decl.includes('on'));
  assert.is(attributeOf('infrastructure', 'output'), undefined, 'output is a declaration, not an attribute');
  assert.is(attributeOf('infrastructure', 'on_failure')?.enum, 'on_failure');
  assert.is(attributeOf('infrastructure', 'on_failure')?.default, 'keep');
  assert.is(attributeOf('infrastructure', 'datacenter')?.required, true);
});

test('instance_array holds server_type, not kind; the selection group is exclusive', () => {
  assert.ok(attributeOf('instance_array', 'server_type'));
  assert.is(attributeOf('instance_array', 'kind'), undefined);
  for (const a of ['count', 'server_types', 'boot', 'template', 'spread', 'tags', 'hostname', 'vars']) assert.ok(attributeOf('instance_array', a), a);
  assert.is(attributeOf('instance_array', 'boot')?.enum, 'boot_method');
  assert.is(attributeOf('instance_array', 'template')?.reference, 'os_template');
  assert.ok(isAssignable(T.map(T.int), attributeOf('instance_array', 'server_types')!.type));
  const g = SCHEMAS.instance_array.exclusive.find((e) => e.name === 'server selection');
  assert.ok(g);
  assert.equal(g!.alternatives, [['server_type', 'count'], ['server_types']]);
  assert.is(g!.required, true);
});

test('shape rules: required, requires, exclusive groups', () => {
  const msgs = (k: BlockKind, present: string[]) => shapeProblems(k, new Set(present)).map((p) => `${p.kind}: ${p.message}`);
  assert.equal(msgs('instance_array', ['server_type', 'count', 'template']), []);
  assert.equal(msgs('instance_array', ['server_types', 'template']), []);
  const both = shapeProblems('instance_array', new Set(['server_type', 'server_types', 'template']));
  assert.is(both.length, 1);
  assert.is(both[0]!.kind, 'exclusive-conflict');
  assert.match(both[0]!.message, /`server_type` and `server_types` cannot be used together/);
  assert.equal(msgs('instance_array', ['count', 'server_types', 'template']).map((m) => m.split(':')[0]), [
    'missing-requirement',
    'exclusive-conflict',
  ]);
  assert.equal(msgs('instance_array', ['template']), ['exclusive-missing: `instance_array` needs `server_type` or `server_types`: Either one server type with a count, or a split across server types.']);
  assert.equal(msgs('instance_array', ['server_type']), ['missing-required: `instance_array` needs the attribute `template`']);
  assert.equal(msgs('asset', ['path', 'content']), []);
  assert.equal(msgs('asset', ['path', 'url', 'sha256']), []);
  assert.equal(msgs('asset', ['path', 'content', 'sha256']).map((m) => m.split(':')[0]), ['missing-requirement', 'exclusive-conflict']);
  assert.equal(msgs('network', []).map((m) => m.split(':')[0]), ['missing-required']);
});

test('every design attribute of the smaller blocks is present', () => {
  const expect: Record<string, string[]> = {
    network: ['kind', 'vlan'],
    subnet: ['family', 'network', 'pool', 'prefix'],
    port: ['network'],
    prefer: ['servers'],
    rollout: ['max_failures', 'max_parallel'],
    instance: ['hostname', 'vars'],
    os_template: ['base', 'boot_methods', 'ready', 'vars'],
    asset: ['content', 'mode', 'path', 'sha256', 'url'],
    param: ['allowed', 'default', 'description', 'max', 'min', 'pattern', 'sensitive'],
    step_options: ['after', 'for_each', 'retry', 'timeout', 'when'],
    retry: ['attempts', 'backoff', 'max_backoff'],
    hook_options: ['level', 'timeout', 'when'],
  };
  for (const [k, attrs] of Object.entries(expect)) assert.equal(names(attributesOf(k as BlockKind)).sort(), attrs, k);
  assert.equal(attributesOf('workflow'), []);
  assert.is(attributeOf('network', 'kind')?.enum, 'network_kind');
  assert.is(attributeOf('subnet', 'family')?.default, 'ipv4');
  assert.is(attributeOf('hook_options', 'level')?.default, 0);
  assert.is(attributeOf('step_options', 'retry')?.blockForm, 'retry');
  assert.is(attributeOf('os_template', 'boot_methods')?.enum, 'boot_method');
});

test('schemaFor walks block paths from a declaration keyword', () => {
  assert.is(schemaFor(['infrastructure'])?.kind, 'infrastructure');
  assert.is(schemaFor(['infrastructure', 'instance_array', 'port'])?.kind, 'port');
  assert.is(schemaFor(['infrastructure', 'instance_array', 'instance'])?.kind, 'instance');
  assert.is(schemaFor(['os_template', 'asset'])?.kind, 'asset');
  assert.is(schemaFor(['step'])?.kind, 'step_options');
  assert.is(schemaFor(['step', 'retry'])?.kind, 'retry');
  assert.is(schemaFor(['on'])?.kind, 'hook_options');
  assert.is(schemaFor(['param'])?.kind, 'param');
  assert.is(schemaFor(['infrastructure', 'port']), undefined, 'port is not allowed directly in an infrastructure');
  assert.is(schemaFor(['network']), undefined, 'network is not a root');
  assert.is(schemaFor([]), undefined);
  assert.is(schemaFor(['infrastructure', 'instance_array', 'port', 'extra']), undefined);
});

test('hover text: type, requirement, default, enum values', () => {
  const boot = attributeHover('instance_array', 'boot')!;
  assert.match(boot, /^\*\*boot\*\*: `string`/);
  assert.match(boot, /Default: `"local_drives"`/);
  assert.match(boot, /- `"pxe_iscsi"`: Diskless/);
  assert.match(attributeHover('infrastructure', 'datacenter')!, /`datacenter` \(required\)/);
  assert.match(attributeHover('retry', 'backoff')!, /Default: `5s`/);
  assert.match(attributeHover('network', 'vlan')!, /Range: 1 to 4094/);
  assert.match(attributeHover('param', 'default')!, /the parameter's type/);
  assert.is(attributeHover('instance_array', 'kind'), undefined);
  assert.match(blockHover('instance_array', 'port')!, /^\*\*port N\*\* \{ \.\.\. \}/);
  assert.match(blockHover(undefined, 'infrastructure')!, /^\*\*infrastructure NAME\*\*/);
  assert.is(blockHover('port', 'port'), undefined);
});

test.run();
