import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { generateKeyPair } from '../ssh/ssh-server.ts';
import { makeTempDir, type TempDir } from '../support/temp-dir.ts';
import { mbpAsync, startStandIns, startWebhook } from './network-world.ts';

// post_deploy SSH commands and a webhook, carried out for real by `mbp apply`
// on the simulated datacenter: each instance's SSH is a server on loopback
// presenting the host key the run pinned for it (--ssh-endpoint-map).
const e2e = suite('SSH and HTTP steps in mbp apply');
let temp: TempDir;
e2e.before.each(() => {
  temp = makeTempDir();
});
e2e.after.each(() => temp.cleanup());

const blueprint = (count: number, hook: string): string => `
infrastructure net {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  instance_array worker {
    server_type = "M.8.32.2"
    count       = ${count}
    template    = std.os.ubuntu_2404
    port 0 { network = wan }
  }
  on post_deploy run fanout(nodes = worker, url = "${hook}")
}

workflow fanout(nodes: instance_array, url: string) {
  step hello = std.ssh.exec(each.value, "echo hello from ${'$'}{each.value.hostname}") {
    for_each = nodes.instances
  }
  step post = std.http.request(url, "POST", json = { hosts = [for n in nodes.instances: n.hostname] })
}
`;

async function init(dir: string): Promise<void> {
  const r = await mbpAsync(dir, ['inventory', 'init', '--demo']);
  assert.is(r.code, 0, r.stderr);
}

e2e('every instance runs its command over SSH, then the webhook gets the POST', async () => {
  await init(temp.path);
  const hook = await startWebhook();
  const standIns = await startStandIns(temp.path, ['worker-0', 'worker-1']);
  try {
    fs.writeFileSync(path.join(temp.path, 'net.mbp'), blueprint(2, `${hook.url}/deployed`));
    const r = await mbpAsync(temp.path, ['apply', 'net.mbp', '--auto-approve', '--speed', '0', '--ssh-key', standIns.keyFile, '--ssh-endpoint-map', standIns.mapFile]);
    assert.is(r.code, 0, r.stdout + r.stderr);
    for (const name of ['worker-0', 'worker-1']) {
      assert.equal(standIns.servers.get(name)!.commands, [`echo hello from ${name}`], `${name} got its one command`);
    }
    assert.is(hook.requests.length, 1);
    const post = hook.requests[0]!;
    assert.is(post.method, 'POST');
    assert.is(post.url, '/deployed');
    assert.match(String(post.headers['content-type']), /application\/json/);
    assert.equal(JSON.parse(post.body), { hosts: ['worker-0', 'worker-1'] });
    assert.not.match(r.stdout + r.stderr, /not carried out/);
  } finally {
    await standIns.close();
    await hook.close();
  }
});

e2e('a changed host key fails the SSH step and says how to accept the new key', async () => {
  await init(temp.path);
  const hook = await startWebhook();
  const impostor = generateKeyPair('someone-else');
  const standIns = await startStandIns(temp.path, ['worker-0'], { 'worker-0': impostor });
  try {
    fs.writeFileSync(path.join(temp.path, 'net.mbp'), blueprint(1, `${hook.url}/deployed`));
    const r = await mbpAsync(temp.path, ['apply', 'net.mbp', '--auto-approve', '--speed', '0', '--ssh-key', standIns.keyFile, '--ssh-endpoint-map', standIns.mapFile]);
    assert.is.not(r.code, 0, 'the apply fails');
    const out = r.stdout + r.stderr;
    assert.match(out, /host key of 127\.0\.0\.1:\d+ has CHANGED/);
    assert.match(out, /--accept-host-key SHA256:/);
    assert.equal(standIns.servers.get('worker-0')!.commands, [], 'no command ran on the impostor');
    assert.is(hook.requests.length, 0, 'the webhook after it did not run');
  } finally {
    await standIns.close();
    await hook.close();
  }
});

e2e.run();
