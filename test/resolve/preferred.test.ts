import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderResolution } from '../../runtime/resolve/index.ts';
import { demo, noProblems, resolveText, server, webBlueprint } from './helpers.ts';

// Preferred servers only get allocation priority (DESIGN.md section 1): a
// preference that cannot be honoured is no error; another server of the
// right type is allocated, the count never changes, and the plan says why.

const prefer = (refs: string) => webBlueprint({ count: 2, array: [`prefer { servers = [${refs}] }`] });

/** srv-0003 and srv-0004 are M.8.32.2 in dc-east-r01; srv-0005 is a M.16.64.2. */
const M8 = ['srv-0001', 'srv-0002', 'srv-0003', 'srv-0004'];

async function skipped(refs: string, setup: (inv: ReturnType<typeof demo>) => void = () => {}) {
  const inv = demo();
  setup(inv);
  const r = await resolveText(prefer(refs), inv);
  noProblems(r);
  const web = r.resolution.infrastructures.hello!.arrays.web!;
  assert.is(web.instances.length, 2, 'a preference never changes the count');
  assert.ok(web.instances.every((i) => i.server?.type === 'M.8.32.2'));
  return { r, web, text: renderResolution(r.resolution) };
}

test('an honoured preference is allocated first, with the reason `preferred`', async () => {
  assert.equal(server(demo(), 'srv-0004').type, 'M.8.32.2');
  const { web, text } = await skipped('"srv-0004"');
  assert.equal(web.instances.map((i) => `${i.server?.name} ${i.allocation}`), ['srv-0004 preferred', 'srv-0001 order']);
  assert.equal(web.skipped, []);
  assert.match(text, /web\[0\] web-0 srv-0004 .*: preferred server/);
});

test('a preferred server of another type is skipped: another server, and the reason in the plan', async () => {
  assert.is(server(demo(), 5).type, 'M.16.64.2');
  const { web, text } = await skipped('5');
  assert.equal(web.skipped.map((s) => s.reason), ['wrong_type']);
  assert.ok(web.instances.every((i) => i.server?.name !== 'srv-0005'));
  assert.match(text, /preference skipped: hello\/web: preferred server srv-0005 \(id 5\) was skipped: it is a M\.16\.64\.2 and the array wants M\.8\.32\.2/);
});

test('an unavailable preferred server (maintenance) is skipped with its status', async () => {
  const { web, text } = await skipped('"srv-0003"', (inv) => Object.assign(server(inv, 'srv-0003'), { status: 'maintenance' }));
  assert.equal(web.skipped.map((s) => s.reason), ['not_available']);
  assert.ok(web.instances.every((i) => i.server?.name !== 'srv-0003'));
  assert.match(text, /srv-0003 \(id 3\) was skipped: it is in maintenance; another server of the right type is allocated instead/);
});

test('a quarantined preferred server is skipped', async () => {
  const { web, text } = await skipped('3', (inv) => Object.assign(server(inv, 3), { status: 'quarantined' }));
  assert.equal(web.skipped.map((s) => s.reason), ['quarantined']);
  assert.ok(web.instances.every((i) => i.server?.name !== 'srv-0003'));
  assert.match(text, /it is quarantined/);
});

test('a preferred server used by another infrastructure is skipped, and the plan names the holder', async () => {
  const { web, text } = await skipped('"srv-0001"', (inv) => {
    Object.assign(server(inv, 1), { status: 'active', allocation: { run_id: 'r', infrastructure: 'prod', instance_id: 'i-000009' } });
    inv.infrastructures.push({
      name: 'prod', datacenter: 'dc-east', version: 1, blueprint: { path: 'prod.mbp', hash: 'x' }, status: 'deployed',
      created_at: new Date(0).toISOString(), updated_at: new Date(0).toISOString(),
      arrays: [{ name: 'db', count: 1, server_types: { 'M.8.32.2': 1 }, template: 'std.os.ubuntu_2404', boot: 'local_drives' }],
      instances: [{ id: 'i-000009', array: 'db', index: 0, hostname: 'db-0', server_id: 1, status: 'active', ips: [], ports: [] }],
      networks: [], subnets: [], outputs: {},
    });
  });
  assert.equal(web.skipped.map((s) => s.reason), ['used_by']);
  assert.equal(web.instances.map((i) => i.server?.name), ['srv-0002', 'srv-0003']);
  assert.match(text, /srv-0001 \(id 1\) was skipped: it is used by infrastructure prod \(array db\)/);
});

test('an unknown preferred server is skipped; several preferences keep their order', async () => {
  const { web } = await skipped('999, "srv-0003", "srv-0002"');
  assert.equal(web.skipped.map((s) => `${s.preference} ${s.reason}`), ['999 unknown']);
  assert.equal(web.instances.map((i) => i.server?.name), ['srv-0003', 'srv-0002']);
});

test('preferences beyond the count are skipped as not needed, never adding instances', async () => {
  const { web } = await skipped(M8.map((n) => `"${n}"`).join(', '));
  assert.equal(web.instances.map((i) => i.server?.name), ['srv-0001', 'srv-0002']);
  assert.equal(web.skipped.map((s) => `${s.server_name} ${s.reason}`), ['srv-0003 not_needed', 'srv-0004 not_needed']);
});

test('deploy options replace the blueprint\'s preferences and split for the arrays they name', async () => {
  const inv = demo();
  const r = await resolveText(prefer('"srv-0001"'), inv, {
    deployOptions: { infrastructure: 'hello', source: 'opts.json', json: '{ "instance_array": { "web": { "M.16.64.2": { "server_count": 1, "server_ids": [5] } } } } // comment' },
  });
  noProblems(r);
  const web = r.resolution.infrastructures.hello!.arrays.web!;
  assert.equal(web.instances.map((i) => `${i.server?.name} ${i.allocation}`), ['srv-0005 preferred']);
  assert.equal(web.server_types, { 'M.16.64.2': 1 });
  const bad = await resolveText(prefer('1'), inv, { deployOptions: { infrastructure: 'hello', source: 'opts.json', json: '{ "instance_array": { "nope": {} } }' } });
  assert.equal(bad.problems.map((p) => p.code), ['deploy_options']);
  assert.match(bad.problems[0]!.message, /instance_array\.nope: no instance array named or numbered "nope"/);
});

test.run();
