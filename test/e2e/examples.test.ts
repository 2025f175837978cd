import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir, type TempDir } from '../support/temp-dir.ts';
import { EXAMPLES, SimulatedWorld } from './simulated-world.ts';

// Every example on the simulated datacenter. Their workflows reach hosts
// that do not exist here (SSH to the instances' addresses, HTTPS to
// *.example): those steps must really fail, clearly, and loudly (no step
// passes without being carried out). Provisioning still runs, nothing secret
// is written down, and destroy gives every server back wiped and powered off.
// The full apply / re-apply / scale / destroy cycle with reachable hosts is in
// apply-hello.test.ts and ssh-http-steps.test.ts.
const examples = suite('examples on the simulated datacenter');
let temp: TempDir;
let world: SimulatedWorld;

examples.before(() => {
  temp = makeTempDir();
  world = new SimulatedWorld(temp.path);
  fs.cpSync(EXAMPLES, path.join(temp.path, 'examples'), { recursive: true });
  fs.writeFileSync(path.join(temp.path, 'secrets.json'), JSON.stringify({ firmware_api_token: 'tok-e2e-0123456789', join_token: 'tok-e2e-join-42424242', dns_api_token: 'tok-e2e-dns-31313131' }));
  assert.is(world.mbp('inventory', 'init', '--demo').code, 0);
});
examples.after(() => temp.cleanup());

const CASES: readonly (readonly [file: string, infrastructure: string])[] = [
  ['custom-os-template.mbp', 'bastions'],
  ['diskless-render-farm.mbp', 'render'],
  ['dual-stack.mbp', 'edge6'],
  ['edge-cluster.mbp', 'edge'],
  ['split-fleet.mbp', 'web'],
];

for (const [file, infra] of CASES) {
  examples(`${file}: apply fails at an unreachable host, names it, leaks no secret; destroy releases everything`, () => {
    const args = ['apply', `examples/${file}`, '--auto-approve', '--speed', '0', '--secrets', 'secrets.json'];
    const first = world.mbp(...args);
    assert.is(first.code, 1, first.stdout + first.stderr);
    assert.match(first.stdout + first.stderr, /FAILED after \d+ attempt\(s\): .*(cannot connect|host name not found|fetch failed)/);
    assert.not.match(first.stdout + first.stderr, /not carried out/);
    const inv = world.inventory();
    const record = inv.infrastructures.find((i) => i.name === infra)!;
    assert.ok(record !== undefined, 'the failed infrastructure is recorded, its allocation kept (on_failure = "keep")');
    assert.is(record.status, 'failed');
    assert.ok(record.instances.length > 0);
    const names = inv.servers.filter((s) => record.instances.some((i) => i.server_id === s.id)).map((s) => s.name);
    assert.not.match(fs.readFileSync(path.join(temp.path, '.mbp', 'inventory.json'), 'utf8'), /tok-e2e/, 'no secret in the inventory');
    assert.not.match(JSON.stringify(world.journals()) + first.stdout + first.stderr, /tok-e2e/, 'no secret in a journal or the log');

    const gone = world.mbp('destroy', infra, '--auto-approve', '--speed', '0');
    assert.is(gone.code, 0, gone.stdout + gone.stderr);
    const after = world.inventory();
    assert.not.ok(after.infrastructures.some((i) => i.name === infra));
    for (const n of names) {
      assert.is(after.servers.find((s) => s.name === n)!.status, 'available');
      assert.is(world.hardware().servers[n]!.power, 'off');
    }
  });
}

examples('empty-infrastructure.mbp: subnet allocated, no servers; its DNS hook fails at the unreachable host; prevent_destroy refuses destroy and says how to lift it', () => {
  const r = world.mbp('apply', 'examples/empty-infrastructure.mbp', '--auto-approve', '--speed', '0', '--secrets', 'secrets.json');
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /post_deploy\/publish_records\/publish: FAILED after \d+ attempt\(s\): hook publishRecords in examples\/hooks\/dns\.ts threw: fetch failed/);
  assert.not.match(JSON.stringify(world.journals()) + r.stdout + r.stderr, /tok-e2e/, 'no secret in a journal or the log');
  const record = world.inventory().infrastructures.find((i) => i.name === 'services')!;
  assert.equal(record.instances, []);
  assert.ok(record.subnets.length > 0, 'its subnet is allocated');
  const gone = world.mbp('destroy', 'services', '--auto-approve', '--speed', '0');
  assert.is(gone.code, 1, gone.stdout + gone.stderr);
  assert.match(gone.stderr, /prevent_destroy = true/);
  assert.match(gone.stderr, /set prevent_destroy = false in examples\/empty-infrastructure\.mbp/);
  assert.ok(world.inventory().infrastructures.some((i) => i.name === 'services'), 'nothing was destroyed');
});

examples.run();
