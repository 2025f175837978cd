import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from '../support/temp-dir.ts';
import { mbpAsync, startWebhook } from './network-world.ts';

// A `std.ts.call` step applied end to end: the hook runs in a child process,
// its return value becomes the step's `result`, and a later step reads it.
const BLUEPRINT = (url: string): string => `
infrastructure hooked {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  instance_array web {
    server_type = "M.8.32.2"
    count       = 1
    template    = std.os.ubuntu_2404
    port 0 { network = wan }
  }
  on post_deploy run announce(url = "${url}")
}

workflow announce(url: string) {
  step sum = std.ts.call("./hooks/sum.ts", "sum", { values = [20, 22], label = "total" })
  step tell = std.http.request(url, "POST", body = "${'$'}{sum.result.label}=${'$'}{sum.result.total}")
}
`;

const HOOK = `
export interface SumArgs {
  readonly values: readonly number[];
  readonly label: string;
}

export async function sum(args: SumArgs): Promise<{ label: string; total: number }> {
  return { label: args.label.toUpperCase(), total: args.values.reduce((a, b) => a + b, 0) };
}
`;

test('std.ts.call runs the hook and a later step reads its result', async () => {
  const temp = makeTempDir();
  const hook = await startWebhook();
  try {
    const init = await mbpAsync(temp.path, ['inventory', 'init', '--demo']);
    assert.is(init.code, 0, init.stderr);
    fs.mkdirSync(path.join(temp.path, 'hooks'));
    fs.writeFileSync(path.join(temp.path, 'hooks', 'sum.ts'), HOOK);
    fs.writeFileSync(path.join(temp.path, 'hooked.mbp'), BLUEPRINT(`${hook.url}/result`));
    const r = await mbpAsync(temp.path, ['apply', 'hooked.mbp', '--auto-approve', '--speed', '0', '--format', 'json']);
    assert.is(r.code, 0, r.stdout + r.stderr);
    assert.equal(hook.requests.map((q) => q.body), ['TOTAL=42'], 'the request body was built from the hook result');
    const success = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { type?: string; event?: string; id?: string; outputs?: unknown })
      .find((e) => (e.type ?? e.event) === 'success' && /announce.*sum$|\/sum$/.test(e.id ?? ''));
    assert.ok(success, 'the hook step reported success');
    assert.equal(success!.outputs, { result: { label: 'TOTAL', total: 42 } });
  } finally {
    await hook.close();
    temp.cleanup();
  }
});

test.run();
