import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSavedPlan, resolvePlan, savedPlanToJson, stalenessProblems } from '../../runtime/resolve/index.ts';
import { applied, demo, instance, noProblems, planOf, server, webBlueprint } from './helpers.ts';

// A saved plan records the inventory serial and the version of every object
// it read; `mbp apply PLANFILE` refuses it when one of those changed, naming it.

async function saved() {
  const plan = await planOf(webBlueprint({ count: 2, array: ['prefer { servers = [5] }'] }));
  const inventory = demo();
  const r = resolvePlan(plan, inventory);
  noProblems(r);
  return { plan, inventory, resolution: r.resolution };
}

test('the resolution records the serial and the version of each object it read', async () => {
  const { resolution, inventory } = await saved();
  assert.is(resolution.inventory.serial, inventory.serial);
  const keys = resolution.inventory.objects.map((o) => `${o.collection}:${o.key}:${o.version}`);
  assert.ok(keys.includes('datacenters:dc-east:1'), keys.join(' '));
  assert.ok(keys.includes('infrastructures:hello:null'), 'an infrastructure not yet deployed is recorded as absent');
  const chosen = resolution.infrastructures.hello!.arrays.web!.instances.map((i) => `servers:${i.server!.id}:1`);
  for (const k of chosen) assert.ok(keys.includes(k), k);
  assert.ok(keys.includes('servers:5:1'), 'a skipped preferred server was read too');
  assert.ok(keys.some((k) => k.startsWith('server_types:')));
  assert.is(keys.length, new Set(keys).size);
});

test('an unchanged inventory, or changes to objects the plan did not read, leave the plan good', async () => {
  const { resolution, inventory } = await saved();
  assert.equal(stalenessProblems(resolution, inventory), []);
  const other = structuredClone(inventory);
  other.serial += 1;
  Object.assign(server(other, 60), { status: 'maintenance', version: other.serial });
  assert.equal(stalenessProblems(resolution, other), []);
});

test('a server the plan chose that changed since makes the plan stale, and is named', async () => {
  const { resolution, inventory } = await saved();
  const chosen = instance(resolution, 'hello', 'web', 0).server!;
  const later = structuredClone(inventory);
  later.serial += 1;
  Object.assign(server(later, chosen.id), { status: 'quarantined', version: later.serial });
  const problems = stalenessProblems(resolution, later);
  assert.equal(problems.map((p) => p.message), [`server ${chosen.name} (id ${chosen.id}) changed (version 1 → ${later.serial}) since the plan was made (inventory serial ${inventory.serial} → ${later.serial})`]);
});

test('an infrastructure deployed since, or a subnet taken since, makes the plan stale', async () => {
  const { plan, resolution, inventory } = await saved();
  const later = applied(inventory, plan, resolution);
  const problems = stalenessProblems(resolution, later).map((p) => p.message);
  assert.ok(problems.some((m) => /^infrastructure hello was created since the plan/.test(m)), problems.join('\n'));

  // Another blueprint's infrastructure took the subnet this plan would carve.
  const taken = structuredClone(inventory);
  taken.serial += 1;
  taken.infrastructures.push({
    name: 'intruder', datacenter: 'dc-east', version: taken.serial, blueprint: { path: 'x.mbp', hash: 'x' }, status: 'deployed',
    created_at: new Date(0).toISOString(), updated_at: new Date(0).toISOString(), arrays: [], instances: [],
    networks: [{ name: 'wan', kind: 'wan', vlan: resolution.infrastructures.hello!.networks[0]!.vlan }],
    subnets: [{ name: 'wan', network: 'wan', family: 'ipv4', cidr: resolution.infrastructures.hello!.subnets[0]!.cidr!, pool: '10.20.0.0/16' }],
    outputs: {},
  });
  const conflicts = stalenessProblems(resolution, taken).map((p) => p.message);
  assert.equal(conflicts, [
    `hello: VLAN ${resolution.infrastructures.hello!.networks[0]!.vlan} planned for network wan is now held by intruder`,
    `hello: subnet ${resolution.infrastructures.hello!.subnets[0]!.cidr} planned for wan now overlaps one held by intruder`,
  ]);
});

test('a saved plan round-trips through its file format; a foreign file is refused', async () => {
  const { plan, resolution } = await saved();
  const text = savedPlanToJson(plan, resolution);
  assert.is(text, savedPlanToJson(plan, resolution), 'byte-identical for the same inputs');
  const parsed = parseSavedPlan(text);
  assert.ok(parsed.ok);
  if (parsed.ok) assert.equal(parsed.saved.resolution, resolution);
  assert.equal(parseSavedPlan('{"kind":"other"}'), { ok: false, problems: ['not a saved plan (written by `mbp plan --out FILE`)'] });
  const broken = JSON.parse(text);
  broken.resolution.inventory = {};
  const bad = parseSavedPlan(JSON.stringify(broken));
  assert.not.ok(bad.ok);
});

test('a saved plan holds secrets only as references', async () => {
  const plan = await planOf(`secret token\n${webBlueprint({ count: 1, infra: ['on pre_deploy run greet(token = token)'] })}
workflow greet(token: string) {
  step say = std.http.request(url = "https://example.com/", headers = { authorization = token })
}
`);
  const r = resolvePlan(plan, demo());
  noProblems(r);
  const text = savedPlanToJson(plan, r.resolution);
  assert.match(text, /"secret": "token"/);
  assert.equal(JSON.parse(text).plan.secrets, { token: { type: 'string' } });
});

test.run();
