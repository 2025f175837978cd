import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  canonicalJson,
  ENUMS,
  enumValueDoc,
  enumValues,
  formatDuration,
  formatSize,
  hookPhasesFor,
  HOOK_PHASES,
  interpolationText,
  isEnumValue,
  isValue,
  literalText,
  lookupEnum,
  T,
  valueEquals,
  valueKind,
} from '../../stdlib/index.ts';

test('every enum is keyed by its name, non-empty, unique and documented', () => {
  for (const [key, e] of Object.entries(ENUMS)) {
    assert.is(e.name, key);
    assert.ok(e.doc.length > 0);
    assert.ok(e.values.length > 0);
    const vs = e.values.map((v) => v.value);
    assert.is(new Set(vs).size, vs.length, `${key} values unique`);
    for (const v of e.values) assert.ok(v.doc.length > 0, `${key}.${v.value} documented`);
    if (e.default !== undefined) assert.ok(vs.includes(e.default), `${key} default is one of its values`);
  }
});

test('the value sets the design fixes', () => {
  assert.equal(enumValues('network_kind'), ['wan', 'san', 'lan']);
  assert.equal(enumValues('boot_method'), ['local_drives', 'pxe_iscsi']);
  assert.equal(enumValues('on_failure'), ['keep', 'release']);
  assert.equal(enumValues('if_exists'), ['error', 'overwrite', 'if-size-differs', 'ignore']);
  assert.equal(enumValues('address_family'), ['ipv4', 'ipv6']);
  assert.ok(enumValues('http_method').includes('POST'));
  assert.ok(isEnumValue('spread', 'rack'));
  assert.not.ok(isEnumValue('boot_method', 'pxe'));
  assert.match(enumValueDoc('boot_method', 'pxe_iscsi') ?? '', /iSCSI/);
  assert.is(lookupEnum('network_kind'), ENUMS.network_kind);
  assert.is(lookupEnum('toString'), undefined);
});

test('hook phases and where each is allowed', () => {
  assert.equal(hookPhasesFor('infrastructure').map((p) => p.value), ['pre_deploy', 'post_deploy', 'pre_destroy']);
  assert.equal(hookPhasesFor('instance_array').map((p) => p.value), ['provision', 'deprovision']);
  assert.is(HOOK_PHASES.find((p) => p.value === 'provision')?.maxPerBlock, 1);
  assert.ok(HOOK_PHASES.filter((p) => p.perInstance).every((p) => p.site === 'instance_array'));
});

test('values: kinds, equality, canonical JSON', () => {
  assert.is(valueKind([1]), 'list');
  assert.is(valueKind({}), 'object');
  assert.is(valueKind(null), 'null');
  assert.is(valueKind(false), 'bool');
  assert.ok(valueEquals({ a: [1, { b: 2 }], c: null }, { c: null, a: [1, { b: 2 }] }));
  assert.not.ok(valueEquals({ a: 1 }, { a: 1, b: 2 }));
  assert.not.ok(valueEquals([1, 2], [2, 1]));
  assert.not.ok(valueEquals([], {}));
  assert.is(canonicalJson({ b: 1, a: { d: 1, c: 2 } }), '{"a":{"c":2,"d":1},"b":1}');
  assert.is(interpolationText(3), '3');
  assert.is(interpolationText(null), undefined);
  assert.ok(isValue({ a: [1, 'x', null, true] }));
  assert.not.ok(isValue({ a: undefined }));
  assert.not.ok(isValue(Number.NaN));
  assert.not.ok(isValue(new Date()));
});

test('literal text: values written back as blueprint source', () => {
  assert.is(formatDuration(90_000), '1m30s');
  assert.is(formatDuration(500), '500ms');
  assert.is(formatDuration(86_400_000 + 1000), '1d1s');
  assert.is(formatDuration(0), '0s');
  assert.is(formatSize(2 ** 31), '2GiB');
  assert.is(formatSize(1000), '1000B');
  assert.is(literalText(30_000, T.duration), '30s');
  assert.is(literalText('10.0.0.0/24', T.cidr), '10.0.0.0/24');
  assert.is(literalText('x', T.string), '"x"');
  assert.is(literalText({ 'M.8.32.2': 3, a: [1] }), '{ "M.8.32.2" = 3, a = [1] }');
  assert.is(literalText([60_000], T.list(T.duration)), '[1m]');
});

test.run();
