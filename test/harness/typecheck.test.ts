import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

// The code runs through tsx, which strips types without checking them; the
// strict type check is what catches a wrong shape passed between stages.
const repo = new URL('../..', import.meta.url).pathname;
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

test('the whole project type-checks under the strict tsconfig', () => {
  const r = spawnSync(process.execPath, [tsc, '--noEmit', '-p', repo], { encoding: 'utf8', cwd: repo });
  assert.is(r.status, 0, `tsc reported:\n${r.stdout}${r.stderr}`);
});

test.run();
