import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HEAP_GROWING_ENV, RUN_HEAP_GROWING_PERCENT, runHeapGrowingPercent, useRunHeapPolicy } from '../../runtime/apply/index.ts';
import { EXAMPLES } from '../e2e/simulated-world.ts';
import { makeTempDir } from '../support/temp-dir.ts';

// The run's heap policy (runtime/apply/heap-policy.ts): what it asks V8 for,
// and who can overrule it. Its effect on memory is measured in bench/apply.ts,
// not here (no memory targets in unit tests).

const BIN = fileURLToPath(new URL('../../cli/bin/mbp.js', import.meta.url));

test('a run asks for the default growth unless the environment names a whole percent', () => {
  assert.is(runHeapGrowingPercent({}), RUN_HEAP_GROWING_PERCENT);
  assert.is(runHeapGrowingPercent({ [HEAP_GROWING_ENV]: ' ' }), RUN_HEAP_GROWING_PERCENT);
  assert.is(runHeapGrowingPercent({ [HEAP_GROWING_ENV]: '50' }), 50);
  assert.is(runHeapGrowingPercent({ [HEAP_GROWING_ENV]: '0' }), 0, '0 leaves it to V8');
  for (const bad of ['abc', '-1', '1.5', '1001', '30%']) {
    const r = runHeapGrowingPercent({ [HEAP_GROWING_ENV]: bad });
    assert.type(r, 'object', bad);
    assert.match((r as { error: string }).error, `${HEAP_GROWING_ENV}=${bad}: expected a whole number of percent`);
  }
});

test('node started with the flag keeps its own choice; 0 means V8 decides; a bad value is reported, not applied', () => {
  assert.is(useRunHeapPolicy({}, ['--heap-growing-percent=80']), undefined);
  assert.is(useRunHeapPolicy({}, ['--heap_growing_percent=80']), undefined);
  assert.is(useRunHeapPolicy({ [HEAP_GROWING_ENV]: '0' }, []), undefined);
  assert.is(useRunHeapPolicy({ [HEAP_GROWING_ENV]: '45' }, []), 45);
  assert.equal(useRunHeapPolicy({ [HEAP_GROWING_ENV]: 'lots' }, []), { error: `${HEAP_GROWING_ENV}=lots: expected a whole number of percent from 0 (V8 decides) to 1000` });
  // Back to the default for the rest of this process.
  assert.is(useRunHeapPolicy({}, []), RUN_HEAP_GROWING_PERCENT);
});

test('mbp apply with a bad MBP_HEAP_GROWING_PERCENT exits 64 naming it, before touching the inventory', () => {
  const temp = makeTempDir();
  try {
    fs.copyFileSync(path.join(EXAMPLES, 'hello.mbp'), path.join(temp.path, 'hello.mbp'));
    const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', [HEAP_GROWING_ENV]: 'lots' };
    delete env.MBP_INVENTORY;
    assert.is(spawnSync(process.execPath, [BIN, 'inventory', 'init', '--demo'], { cwd: temp.path, env, encoding: 'utf8' }).status, 0);
    const inventory = path.join(temp.path, '.mbp', 'inventory.json');
    const before = fs.readFileSync(inventory, 'utf8');
    const r = spawnSync(process.execPath, [BIN, 'apply', 'hello.mbp', '--auto-approve', '--speed', '0'], { cwd: temp.path, env, encoding: 'utf8' });
    assert.is(r.status, 64, r.stdout + r.stderr);
    assert.match(r.stderr, `error: ${HEAP_GROWING_ENV}=lots: expected a whole number of percent`);
    assert.is(fs.readFileSync(inventory, 'utf8'), before);
    const destroy = spawnSync(process.execPath, [BIN, 'destroy', 'hello', '--auto-approve'], { cwd: temp.path, env, encoding: 'utf8' });
    assert.is(destroy.status, 64, destroy.stdout + destroy.stderr);
  } finally {
    temp.cleanup();
  }
});

test.run();
