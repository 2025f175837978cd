import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from '../support/temp-dir.ts';
import { filesUnder, mbpAsync, startStandIns, startWebhook } from './network-world.ts';

// A secret reaches an SSH command, an HTTP header and a TypeScript hook, and
// each far side echoes it back (in output, in a hook result, in an error):
// nothing the run writes or prints holds it, in any spelling.
const SECRET = 'Xk7"q/p+Z&w=Lm9~tQ';
const FORMS: Readonly<Record<string, string>> = {
  raw: SECRET,
  json: JSON.stringify(SECRET).slice(1, -1),
  // JSON inside JSON: an error quoting a body that quoted the secret as JSON.
  json2: JSON.stringify(JSON.stringify(SECRET)).slice(3, -3),
  url: encodeURIComponent(SECRET),
  base64: Buffer.from(SECRET).toString('base64').replace(/=+$/, ''),
  base64url: Buffer.from(SECRET).toString('base64url'),
};

const BLUEPRINT = (url: string): string => `
secret api_token

infrastructure vault {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  instance_array web {
    server_type = "M.8.32.2"
    count       = 1
    template    = std.os.ubuntu_2404
    port 0 { network = wan }
  }
  on post_deploy run leak(node = web, url = "${url}", token = api_token)
}

workflow leak(node: instance_array, url: string, token: string) {
  step shell = std.ssh.exec(node.instances[0], "echo '${'$'}{token}'; printf '%s' '${'$'}{token}' | base64 >&2")
  step hook = std.ts.call("./hooks/echo.ts", "echo", { token = token })
  step call = std.http.request(url, "POST", headers = { Authorization = "Bearer ${'$'}{token}" }, expect_status = [200])
}
`;

const HOOK = `
export async function echo(args: { readonly token: string }): Promise<Record<string, string>> {
  console.log('the token is ' + args.token);
  return { url: encodeURIComponent(args.token), json: JSON.stringify(args.token), b64: Buffer.from(args.token).toString('base64') };
}
`;

function leaks(text: string): string[] {
  return Object.entries(FORMS)
    .filter(([, form]) => text.includes(form))
    .map(([name]) => name);
}

test('a secret echoed by SSH, HTTP and a hook never shows raw or encoded', async () => {
  const temp = makeTempDir();
  // The far side answers with the header in its error, as a careless API would.
  const hook = await startWebhook((r) => ({ status: 500, body: `denied ${r.headers.authorization} ${JSON.stringify(r.headers.authorization)} ${encodeURIComponent(String(r.headers.authorization))}` }));
  const standIns = await startStandIns(temp.path, ['web-0']);
  try {
    const init = await mbpAsync(temp.path, ['inventory', 'init', '--demo']);
    assert.is(init.code, 0, init.stderr);
    fs.mkdirSync(path.join(temp.path, 'hooks'));
    fs.writeFileSync(path.join(temp.path, 'hooks', 'echo.ts'), HOOK);
    fs.writeFileSync(path.join(temp.path, 'vault.mbp'), BLUEPRINT(`${hook.url}/api`));
    const env = { MBP_SECRET_API_TOKEN: SECRET };
    const r = await mbpAsync(temp.path, ['apply', 'vault.mbp', '--auto-approve', '--speed', '0', '--ssh-key', standIns.keyFile, '--ssh-endpoint-map', standIns.mapFile], env);
    assert.is.not(r.code, 0, 'the webhook refused, so the apply fails');

    // The secret really went out to every far side.
    assert.ok(standIns.servers.get('web-0')!.commands.some((c) => c.includes(SECRET)), 'the SSH command carried it');
    assert.ok(hook.requests.length > 0 && hook.requests.every((q) => q.headers.authorization === `Bearer ${SECRET}`), 'the header carried it');
    assert.match(r.stdout, /\*\*\*/, 'masked values show as ***');
    assert.match(r.stdout + r.stderr, /500/, 'the HTTP error is reported');

    assert.equal(leaks(r.stdout), [], 'apply stdout');
    assert.equal(leaks(r.stderr), [], 'apply stderr');
    const runId = /mbp runs show (\S+)/.exec(r.stdout)?.[1];
    assert.ok(runId, 'the apply names its run');
    const shown = await mbpAsync(temp.path, ['runs', 'show', runId!], env);
    assert.is(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /leak|shell|hook/);
    assert.equal(leaks(shown.stdout + shown.stderr), [], 'mbp runs show');
    const files = filesUnder(temp.path);
    assert.ok(files.some((f) => f.endsWith('inventory.json')) && files.some((f) => f.endsWith('.jsonl')), 'inventory and journal were written');
    for (const f of files) assert.equal(leaks(fs.readFileSync(f, 'utf8')), [], path.relative(temp.path, f));
  } finally {
    await standIns.close();
    await hook.close();
    temp.cleanup();
  }
});

test.run();
