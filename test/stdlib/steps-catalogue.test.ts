import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ENUMS,
  findProvisionOrderViolation,
  isValue,
  lookupStep,
  paramAccepts,
  PROVISION_ALL,
  PROVISION_DEFAULT_SEQUENCE,
  PROVISION_ORDER,
  PROVISION_PREAMBLE,
  provisionStepOf,
  STEP_LIST,
  STEPS,
  stepNames,
  T,
  typeToString,
  isEnumValue,
  isAssignable,
} from '../../stdlib/index.ts';

test('names are unique, dotted under std., and the table matches the list', () => {
  const names = STEP_LIST.map((s) => s.name);
  assert.is(new Set(names).size, names.length);
  assert.equal(Object.keys(STEPS), names);
  for (const n of names) assert.match(n, /^std\.[a-z_]+\.[a-z_]+$/);
});

test('every step kind the design names is present', () => {
  for (const n of ['std.ssh.exec', 'std.ssh.copy', 'std.http.request', 'std.workflow.call', 'std.ts.call', 'std.wait.duration',
    'std.wait.until_http', 'std.wait.until_ssh', 'std.ipam.reserve_ip', 'std.ipam.release_ip', 'std.ipam.reserve_vip',
    'std.ready.ssh', 'std.ready.callback']) {
    assert.ok(lookupStep(n), `missing ${n}`);
  }
  for (const p of [...PROVISION_ORDER, PROVISION_ALL]) assert.ok(lookupStep(`std.provision.${p}`), `missing std.provision.${p}`);
  assert.is(lookupStep('std.ssh.nope'), undefined);
  assert.is(lookupStep('constructor'), undefined);
});

test('every entry is documented, typed and consistent', () => {
  for (const s of STEP_LIST) {
    assert.ok(s.doc.length >= 40, `${s.name} doc`);
    assert.ok(s.example.includes(s.name), `${s.name} example uses it`);
    assert.is(s.outputs.kind, 'object', `${s.name} outputs are an object type`);
    for (const [k, f] of Object.entries(s.outputs.fields)) {
      assert.ok(f.doc && f.doc.length > 0, `${s.name} output ${k} documented`);
      assert.not.equal(f.type.kind, 'error', `${s.name} output ${k} typed`);
    }
    assert.ok(['bmc', 'switch', 'ssh', 'http', 'none'].includes(s.resource));
    if (s.waitsOnly) assert.is(s.resource, 'none', `${s.name} only waits, so it holds no resource`);
    assert.is(s.handler, undefined, `${s.name} has no fake implementation`);
    const names = s.params.map((p) => p.name);
    assert.is(new Set(names).size, names.length, `${s.name} params unique`);
    const firstNamed = s.params.findIndex((p) => !p.positional);
    if (firstNamed >= 0) assert.ok(s.params.slice(firstNamed).every((p) => !p.positional), `${s.name}: positional params come first`);
    for (const p of s.params) {
      assert.ok(p.doc.length > 0, `${s.name}.${p.name} documented`);
      if (p.required) assert.is(p.default, undefined, `${s.name}.${p.name}: required params have no default`);
      if (p.default !== undefined) {
        assert.ok(isValue(p.default), `${s.name}.${p.name} default is a Value`);
        if (p.enum) assert.ok(isEnumValue(p.enum, p.default as string), `${s.name}.${p.name} default is in its enum`);
      }
      if (p.enum) assert.ok(ENUMS[p.enum], `${s.name}.${p.name} enum exists`);
    }
    for (const g of s.groups ?? []) for (const m of g.members) assert.ok(names.includes(m), `${s.name} group member ${m} is a param`);
  }
});

test('outputs of the main kinds', () => {
  assert.is(typeToString(STEPS['std.ssh.exec']!.outputs), 'object({ exit_code = int, stdout = string, stderr = string })');
  assert.equal(STEPS['std.ssh.copy']!.groups?.[0]?.members, ['source_file', 'content', 'source_url']);
  assert.is(STEPS['std.ssh.copy']!.params.find((p) => p.name === 'if_exists')?.enum, 'if_exists');
  assert.is(STEPS['std.ssh.exec']!.idempotent, false);
  assert.is(STEPS['std.wait.duration']!.waitsOnly, true);
  assert.is(STEPS['std.provision.power_on']!.resource, 'bmc');
  assert.is(STEPS['std.provision.configure_ports']!.resource, 'switch');
  assert.is(STEPS['std.workflow.call']!.outputsFromWorkflow, true);
});

test('readiness checks are separate from steps for completion', () => {
  assert.equal(stepNames('ready'), ['std.ready.callback', 'std.ready.ssh']);
  assert.not.ok(stepNames('step').includes('std.ready.ssh'));
  assert.ok(stepNames().includes('std.ready.ssh'));
});

test('an SSH target may be an instance or an address, nothing else', () => {
  const target = STEPS['std.ssh.exec']!.params[0]!;
  assert.ok(paramAccepts(target, T.instance));
  assert.ok(paramAccepts(target, T.ip));
  assert.ok(paramAccepts(target, T.string));
  assert.not.ok(paramAccepts(target, T.int));
  assert.not.ok(paramAccepts(target, T.list(T.instance)));
});

test('provision order: preamble, then the default sequence', () => {
  assert.equal([...PROVISION_ORDER], [...PROVISION_PREAMBLE, ...PROVISION_DEFAULT_SEQUENCE]);
  assert.equal([...PROVISION_PREAMBLE], ['configure_ports', 'assign_ips']);
  assert.equal([...PROVISION_DEFAULT_SEQUENCE], ['power_off', 'prepare_boot', 'power_on', 'install_os', 'finalize', 'wait_ready']);
  const catalogued = STEP_LIST.filter((s) => s.name.startsWith('std.provision.')).map((s) => provisionStepOf(s.name));
  assert.equal(new Set(catalogued), new Set([...PROVISION_ORDER, PROVISION_ALL]), 'every provision step catalogued, nothing more');
  for (const p of PROVISION_ORDER) {
    const s = STEPS[`std.provision.${p}`]!;
    assert.ok(isAssignable(T.instance, s.params[0]!.type), `${p} takes the instance`);
  }
  assert.is(provisionStepOf('std.ssh.exec'), undefined);
});

test('provision order violations', () => {
  assert.is(findProvisionOrderViolation(['power_off', 'prepare_boot', 'install_os', 'wait_ready']), undefined, 'skipping is fine');
  assert.is(findProvisionOrderViolation(['os']), undefined);
  assert.is(findProvisionOrderViolation(['configure_ports', 'os']), undefined);
  assert.is(findProvisionOrderViolation(['std.provision.power_off', 'std.provision.power_on']), undefined, 'full names work');
  assert.is(findProvisionOrderViolation(['power_off', 'power_off']), undefined, 'repeating in place is fine');
  assert.equal(findProvisionOrderViolation(['install_os', 'prepare_boot']), { index: 1, step: 'prepare_boot', after: 'install_os' });
  assert.equal(findProvisionOrderViolation(['finalize', 'os']), { index: 1, step: 'os', after: 'finalize' });
  assert.equal(findProvisionOrderViolation(['os', 'install_os']), { index: 1, step: 'install_os', after: 'os' });
  assert.equal(findProvisionOrderViolation(['assign_ips', 'configure_ports']), { index: 1, step: 'configure_ports', after: 'assign_ips' });
  assert.throws(() => findProvisionOrderViolation(['reboot']), /not a provisioning step/);
});

test.run();
