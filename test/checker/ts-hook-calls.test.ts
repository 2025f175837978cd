import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkFiles, checkFilesAsync } from '../../compiler/index.ts';
import { NodeFileSystem } from '../../compiler/sources/index.ts';
import { memoryCache } from '../../compiler/ts-hooks/index.ts';
import { withTempDirAsync } from '../support/index.ts';

const BLUEPRINT = `workflow w(node: instance) {
  step dns = std.ts.call("./hooks/dns.ts", "register", { host = node.hostname, ttl = 5m })
}
`;

const HOOK = `export async function register(args: { host: string; ttl: string }): Promise<void> {
  void args;
}
`;

test('mbp check runs the TypeScript hook checker on std.ts.call; the synchronous check does not', async () => {
  await withTempDirAsync(async (dir) => {
    fs.mkdirSync(path.join(dir, 'hooks'));
    fs.writeFileSync(path.join(dir, 'main.mbp'), BLUEPRINT);
    fs.writeFileSync(path.join(dir, 'hooks', 'dns.ts'), HOOK);
    const disk = new NodeFileSystem();
    const file = path.join(dir, 'main.mbp');
    const sync = checkFiles(disk, [file]);
    assert.equal(sync.diagnostics.filter((d) => d.code.startsWith('MBP209')), []);
    const result = await checkFilesAsync(disk, [file], { tsHooks: { cache: memoryCache(), cwd: dir } });
    const hooks = result.diagnostics.filter((d) => d.code.startsWith('MBP209'));
    // `ttl` is a duration (a number of milliseconds in TypeScript), the hook wants a string.
    assert.equal(hooks.map((d) => [d.code, BLUEPRINT.slice(d.range.start, d.range.end)]), [['MBP2093', '5m']]);
  });
});

test.run();
