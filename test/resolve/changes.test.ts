import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hasChanges, renderResolution, resolvePlan } from '../../runtime/resolve/index.ts';
import { actions, applied, codes, demo, instance, noProblems, planOf, resolveText, webBlueprint } from './helpers.ts';

// The change against what is deployed (DESIGN.md section 5): every item is
// create, update in place, replace, delete or no-op, by the attribute table
// of docs/plan-resolution.md; a second apply of the same blueprint is a no-op.

/** The demo inventory after applying `text`: the starting point of a change. */
async function deployed(text: string, params: readonly string[] = []) {
  const plan = await planOf(text, params);
  const first = resolvePlan(plan, demo());
  noProblems(first);
  return { plan, inventory: applied(demo(), plan, first.resolution), first: first.resolution };
}

test('an unchanged blueprint resolves to no-op for every item, and says so', async () => {
  const text = webBlueprint({ count: 3, infra: ['network san { kind = "san" }', 'subnet v6 { network = wan, family = "ipv6" }'] }).replace('port 0 { network = wan }', 'port 0 { network = wan }\n    port 1 { network = san }');
  const { plan, inventory, first } = await deployed(text);
  assert.ok(hasChanges(first.summary));
  const again = resolvePlan(plan, inventory);
  noProblems(again);
  assert.ok(actions(again.resolution).every((a) => a.endsWith(': no-op')), actions(again.resolution).join('\n'));
  assert.not.ok(hasChanges(again.resolution.summary));
  // 2 networks, 2 subnets (v6, and san's default), 1 array, 3 instances.
  assert.equal(again.resolution.summary, { create: 0, update: 0, replace: 0, delete: 0, unchanged: 2 + 2 + 1 + 3 });
  // Same servers, subnets and addresses as deployed; nothing to run.
  assert.equal(instance(again.resolution, 'hello', 'web', 1).ips, instance(first, 'hello', 'web', 1).ips.map((ip) => ({ ...ip, source: 'kept' })));
  assert.ok(Object.values(again.resolution.infrastructures.hello!.arrays).every((a) => a.instances.every((i) => i.steps.length === 0 && i.allocation === 'kept')));
  assert.equal(again.resolution.infrastructures.hello!.steps, []);
  assert.match(renderResolution(again.resolution), /No changes\. The inventory matches the blueprint/);
});

test('scale up creates the new indexes and keeps the others untouched', async () => {
  const { inventory, first } = await deployed(webBlueprint({ count: 2 }));
  const r = await resolveText(webBlueprint({ count: 4 }), inventory);
  noProblems(r);
  const web = r.resolution.infrastructures.hello!.arrays.web!;
  assert.equal(web.instances.map((i) => `${i.index} ${i.action}`), ['0 no-op', '1 no-op', '2 create', '3 create']);
  assert.equal(web.changes, [{ attribute: 'count', effect: 'scale', from: '2', to: '4' }]);
  assert.is(web.action, 'update');
  assert.is(instance(r.resolution, 'hello', 'web', 0).server?.id, instance(first, 'hello', 'web', 0).server?.id);
  assert.ok(instance(r.resolution, 'hello', 'web', 2).steps.includes('hello/web[2]/install_os'));
});

test('scale down deletes the highest indexes, releasing their servers', async () => {
  const { inventory, first } = await deployed(webBlueprint({ count: 4 }));
  const r = await resolveText(webBlueprint({ count: 2 }), inventory);
  noProblems(r);
  const web = r.resolution.infrastructures.hello!.arrays.web!;
  assert.equal(web.instances.map((i) => `${i.index} ${i.action}`), ['0 no-op', '1 no-op', '2 delete', '3 delete']);
  assert.equal(instance(r.resolution, 'hello', 'web', 3).previous_server?.id, instance(first, 'hello', 'web', 3).server?.id);
  assert.equal(instance(r.resolution, 'hello', 'web', 3).reasons, ['count 4 → 2']);
  assert.ok(instance(r.resolution, 'hello', 'web', 3).steps.includes('hello/web[3]/release'));
});

test('--target names the instances a scale-down removes; the others keep their index and server', async () => {
  const { inventory, first } = await deployed(webBlueprint({ count: 3 }));
  const r = await resolveText(webBlueprint({ count: 2 }), inventory, { targets: ['web[0]'] });
  noProblems(r);
  const web = r.resolution.infrastructures.hello!.arrays.web!;
  assert.equal(web.instances.map((i) => `${i.index} ${i.action}`), ['0 delete', '1 no-op', '2 no-op']);
  assert.equal(instance(r.resolution, 'hello', 'web', 2).server?.id, instance(first, 'hello', 'web', 2).server?.id);
  assert.equal(instance(r.resolution, 'hello', 'web', 2).hostname, 'web-2');
  // The other spellings of a target, and one that names nothing deployed.
  const byId = await resolveText(webBlueprint({ count: 2 }), inventory, { targets: [instance(first, 'hello', 'web', 0).instance_id ?? inventory.infrastructures[0]!.instances[0]!.id] });
  assert.equal(byId.resolution.infrastructures.hello!.arrays.web!.instances.map((i) => i.action), ['delete', 'no-op', 'no-op']);
  const qualified = await resolveText(webBlueprint({ count: 2 }), inventory, { targets: ['hello/web[1]'] });
  assert.equal(qualified.resolution.infrastructures.hello!.arrays.web!.instances.map((i) => i.action), ['no-op', 'delete', 'no-op']);
  const unknown = await resolveText(webBlueprint({ count: 2 }), inventory, { targets: ['web[7]'] });
  assert.equal(codes(unknown), ['unknown_target']);
  assert.match(unknown.problems[0]!.message, /hello\/web\[7\] is not deployed \(deployed: web\[0\], web\[1\], web\[2\]\)/);
});

test('a targeted instance with the count unchanged moves to another server, which is a replacement', async () => {
  const { inventory, first } = await deployed(webBlueprint({ count: 2 }));
  const refused = await resolveText(webBlueprint({ count: 2 }), inventory, { targets: ['web[1]'] });
  assert.equal(codes(refused), ['replace_not_allowed']);
  const r = await resolveText(webBlueprint({ count: 2 }), inventory, { targets: ['web[1]'], allowReplace: true });
  noProblems(r);
  const moved = instance(r.resolution, 'hello', 'web', 1);
  assert.is(moved.action, 'replace');
  assert.is(moved.previous_server?.id, instance(first, 'hello', 'web', 1).server?.id);
  assert.is.not(moved.server?.id, moved.previous_server?.id);
  assert.ok(moved.steps.includes('hello/web[1]/release') && moved.steps.includes('hello/web[1]/install_os'));
});

test('a template change replaces every instance, refused without --allow-replace (naming the attribute)', async () => {
  const { inventory } = await deployed(webBlueprint({ count: 2 }));
  const changed = webBlueprint({ count: 2 }).replace('std.os.ubuntu_2404', 'std.os.rocky_9');
  const refused = await resolveText(changed, inventory);
  assert.equal(codes(refused), ['replace_not_allowed']);
  assert.match(refused.problems[0]!.message, /hello\/web: template std\.os\.ubuntu_2404 → std\.os\.rocky_9 replaces web\[0\], web\[1\]/);
  assert.match(refused.problems[0]!.hint ?? '', /--allow-replace/);
  const allowed = await resolveText(changed, inventory, { allowReplace: true });
  noProblems(allowed);
  const web = allowed.resolution.infrastructures.hello!.arrays.web!;
  assert.is(web.action, 'replace');
  assert.equal(web.instances.map((i) => i.action), ['replace', 'replace']);
  // Reinstalled on the same server: no release among its steps.
  assert.is(instance(allowed.resolution, 'hello', 'web', 0).server?.id, inventory.infrastructures[0]!.instances.find((i) => i.index === 0)!.server_id);
  assert.not.ok(instance(allowed.resolution, 'hello', 'web', 0).steps.some((id) => id.endsWith('/release')));
});

test('a server type change and a boot change are replacements too', async () => {
  const { inventory } = await deployed(webBlueprint({ count: 1 }));
  const type = await resolveText(webBlueprint({ count: 1, type: 'M.16.64.2' }), inventory);
  assert.equal(codes(type), ['replace_not_allowed']);
  assert.match(type.problems[0]!.message, /server type M\.8\.32\.2 → M\.16\.64\.2 replaces web\[0\]/);
  const allowed = await resolveText(webBlueprint({ count: 1, type: 'M.16.64.2' }), inventory, { allowReplace: true });
  noProblems(allowed);
  assert.is(instance(allowed.resolution, 'hello', 'web', 0).server?.type, 'M.16.64.2');
  assert.is(instance(allowed.resolution, 'hello', 'web', 0).previous_server?.type, 'M.8.32.2');
  const diskless = webBlueprint({ count: 1, infra: ['network san { kind = "san" }'], array: ['boot = "pxe_iscsi"', 'port 1 { network = san }'] }).replace('std.os.ubuntu_2404', 'std.os.rocky_9');
  const boot = await resolveText(diskless, inventory);
  assert.ok(codes(boot).includes('replace_not_allowed'));
  assert.match(boot.problems.find((p) => p.code === 'replace_not_allowed')!.message, /boot local_drives → pxe_iscsi/);
});

test('ports, hostname, vars and hooks are updated in place', async () => {
  const { inventory } = await deployed(webBlueprint({ count: 2, infra: ['network san { kind = "san" }'] }));
  const ports = await resolveText(webBlueprint({ count: 2, infra: ['network san { kind = "san" }'], array: ['port 1 { network = san }'] }), inventory);
  noProblems(ports);
  const p0 = instance(ports.resolution, 'hello', 'web', 0);
  assert.is(p0.action, 'update');
  assert.equal(p0.reasons, ['ports', 'addresses']);
  assert.equal(p0.steps, ['hello/web[0]/configure_ports', 'hello/web[0]/assign_ips']);
  assert.equal(ports.resolution.infrastructures.hello!.arrays.web!.changes.map((c) => `${c.attribute} ${c.effect}`), ['ports update']);

  const named = await resolveText(webBlueprint({ count: 2, infra: ['network san { kind = "san" }'], array: ['hostname = "app-${instance.index}"'] }), inventory);
  noProblems(named);
  assert.equal(instance(named.resolution, 'hello', 'web', 1).reasons, ['hostname web-1 → app-1']);
  assert.is(instance(named.resolution, 'hello', 'web', 1).action, 'update');

  const vars = await resolveText(webBlueprint({ count: 2, infra: ['network san { kind = "san" }', 'vars = { tier = "gold" }'] }), inventory);
  noProblems(vars);
  assert.equal(vars.resolution.infrastructures.hello!.arrays.web!.instances.map((i) => `${i.action} ${i.reasons.join(',')}`), ['update vars', 'update vars']);

  const hooked = await resolveText(`${webBlueprint({ count: 2, infra: ['network san { kind = "san" }'], array: ['on deprovision run bye(node = instance)'] })}
workflow bye(node: instance) {
  step drain = std.ssh.exec(node, "echo bye")
}
`, inventory);
  noProblems(hooked);
  const web = hooked.resolution.infrastructures.hello!.arrays.web!;
  assert.equal(web.changes.map((c) => `${c.attribute} ${c.effect}`), ['hooks update']);
  assert.is(web.action, 'update');
  assert.ok(web.instances.every((i) => i.action === 'no-op'));
});

test('an infrastructure owned by another blueprint is a clear error naming both', async () => {
  const { plan, inventory } = await deployed(webBlueprint({ count: 1 }));
  const r = resolvePlan(plan, inventory, { owner: 'other/place.mbp' });
  assert.equal(codes(r), ['ownership']);
  assert.match(r.problems[0]!.message, /infrastructure hello is owned by blueprint main\.mbp, not other\/place\.mbp/);
  assert.equal(r.resolution.infrastructures, {});
});

test('a deployed infrastructure the blueprint dropped is reported, not deleted; a datacenter move is refused', async () => {
  const { inventory } = await deployed(webBlueprint({ count: 1, name: 'old' }));
  const r = await resolveText(webBlueprint({ count: 1, name: 'fresh' }), inventory);
  noProblems(r);
  assert.equal(r.resolution.orphans, ['old']);
  assert.match(renderResolution(r.resolution), /infrastructure old is owned by this blueprint but no longer declared in it; run mbp destroy old/);
  const moved = await resolveText(webBlueprint({ count: 1, name: 'old' }).replace('dc-east', 'dc-west'), inventory);
  assert.equal(codes(moved), ['datacenter_changed']);
});

test('a subnet whose prefix changes is replaced (re-addressed), which needs --allow-replace', async () => {
  const { inventory, first } = await deployed(webBlueprint({ count: 1, infra: ['subnet main { network = wan, prefix = 28 }'] }));
  const changed = webBlueprint({ count: 1, infra: ['subnet main { network = wan, prefix = 27 }'] });
  const refused = await resolveText(changed, inventory);
  assert.equal(codes(refused), ['replace_not_allowed']);
  assert.match(refused.problems[0]!.message, /changing subnet main \(prefix \/28 → \/27\) replaces/);
  const r = await resolveText(changed, inventory, { allowReplace: true });
  noProblems(r);
  const subnet = r.resolution.infrastructures.hello!.subnets[0]!;
  assert.equal([subnet.action, subnet.previous_cidr, subnet.prefix], ['replace', first.infrastructures.hello!.subnets[0]!.cidr, 27]);
  assert.is.not(subnet.cidr, subnet.previous_cidr);
  const web0 = instance(r.resolution, 'hello', 'web', 0);
  assert.is(web0.action, 'update');
  assert.ok(web0.reasons.includes('addresses'));
});

test('an instance left failed is provisioned again on its server, without --allow-replace', async () => {
  const { plan, inventory } = await deployed(webBlueprint({ count: 2 }));
  inventory.infrastructures[0]!.instances.find((i) => i.index === 1)!.status = 'failed';
  const r = resolvePlan(plan, inventory);
  noProblems(r);
  const again = instance(r.resolution, 'hello', 'web', 1);
  assert.equal([again.action, again.reasons], ['replace', ['status failed: provisioned again']]);
  assert.is(again.previous_server, undefined, 'same server');
  assert.ok(again.steps.includes('hello/web[1]/install_os'));
  assert.not.ok(again.steps.some((id) => id.endsWith('/release')));
  assert.is(instance(r.resolution, 'hello', 'web', 0).action, 'no-op');
});

test('an array removed from the blueprint deletes its instances', async () => {
  const two = `${webBlueprint({ count: 1 }).replace(/\}\n$/, '')}  instance_array db {
    server_type = "M.16.64.2"
    count       = 2
    template    = std.os.ubuntu_2404
    port 0 { network = wan }
  }
}
`;
  const { inventory } = await deployed(two);
  const r = await resolveText(webBlueprint({ count: 1 }), inventory);
  noProblems(r);
  const db = r.resolution.infrastructures.hello!.arrays.db!;
  assert.is(db.action, 'delete');
  assert.equal(db.instances.map((i) => `${i.index} ${i.action} ${i.reasons.join(',')}`), ['0 delete array removed from the blueprint', '1 delete array removed from the blueprint']);
  assert.is(r.resolution.infrastructures.hello!.arrays.web!.action, 'no-op');
});

test.run();
