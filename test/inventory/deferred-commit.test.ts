import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { configureFailpoints } from '../../runtime/failpoints/index.ts';
import { DeferredCommit, FAILPOINT_BEFORE_WRITE, JsonFileInventoryStore, type Inventory } from '../../runtime/inventory/index.ts';
import { demoInventoryFile } from './helpers/demo-file.ts';

// Checkpoint commits of changes whose durable record lives elsewhere (an
// apply's binds, in its journal): the caller never waits for a write, at most
// one checkpoint per interval reaches the file, and close() hands back
// exactly what no checkpoint committed.

let demo: ReturnType<typeof demoInventoryFile>;
test.before.each(() => {
  demo = demoInventoryFile();
});
test.after.each(() => {
  configureFailpoints(undefined);
  demo.remove();
});

/** Marks server `id` with a reason; skips what is done already (a batch may be applied again). */
const apply = (draft: Inventory, batch: readonly number[]): boolean => {
  let changed = false;
  for (const id of batch) {
    const s = draft.servers.find((x) => x.id === id);
    if (s === undefined || s.status_reason === `marked ${id}`) continue;
    s.status_reason = `marked ${id}`;
    changed = true;
  }
  return changed;
};
const marked = (inv: Inventory): number[] => inv.servers.filter((s) => s.status_reason?.startsWith('marked ')).map((s) => s.id);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('40 changes over ~400 ms at 150 ms intervals: a handful of checkpoints, record() never waits, close() returns the rest', async () => {
  const store = new JsonFileInventoryStore(demo.file, { command: 'test' });
  const serials: number[] = [];
  const dc = new DeferredCommit<number>(store, { apply, intervalMs: 150, command: 'test', onCommit: (serial) => serials.push(serial) });
  const start = demo.onDisk().serial;
  for (let id = 1; id <= 40; id++) {
    const t0 = performance.now();
    dc.record(id);
    // A write takes tens of milliseconds; record() only queues (the margin absorbs a GC pause).
    assert.ok(performance.now() - t0 < 20, 'record() returned at once');
    await sleep(10);
  }
  const rest = await dc.close();
  const disk = demo.onDisk();
  const writes = disk.serial - start;
  // ~400 ms at one checkpoint per 150 ms: 3 or 4 on a quiet machine (the first goes at once), fewer
  // when a slow write stretches the spacing (a loaded CI machine); one per change would be 40.
  assert.ok(writes >= 1 && writes <= 5, `${writes} checkpoints for 40 changes`);
  assert.equal(serials.length, writes);
  // Everything is either in the file or handed back, never both, never lost.
  const inFile = marked(disk);
  assert.equal([...inFile, ...rest].sort((a, b) => a - b), Array.from({ length: 40 }, (_, k) => k + 1));
  assert.ok(rest.every((id) => !inFile.includes(id)), 'handed back only what no checkpoint committed');
  assert.throws(() => dc.record(41), /after close/);
});

test('a failed checkpoint keeps its changes: close() hands them back after waiting for it', async () => {
  const store = new JsonFileInventoryStore(demo.file, { command: 'test' });
  configureFailpoints(`${FAILPOINT_BEFORE_WRITE}=throw`);
  const dc = new DeferredCommit<number>(store, { apply, intervalMs: 10_000, command: 'test' });
  dc.record(1);
  dc.record(2);
  await sleep(30); // the first checkpoint starts at once, and fails
  const rest = await dc.close();
  assert.equal(rest, [1, 2]);
  assert.equal(marked(demo.onDisk()), []);
});

test('negative control: changes recorded and never closed are only in the file once a checkpoint ran', async () => {
  const store = new JsonFileInventoryStore(demo.file, { command: 'test' });
  // The failpoint holds the first checkpoint: nothing is in the file while it is held.
  configureFailpoints(`${FAILPOINT_BEFORE_WRITE}=pause(100)`);
  const dc = new DeferredCommit<number>(store, { apply, intervalMs: 10_000, command: 'test' });
  dc.record(7);
  await sleep(30);
  assert.equal(marked(demo.onDisk()), [], 'not yet written');
  const rest = await dc.close();
  assert.equal(rest, [], 'the held checkpoint committed it');
  assert.equal(marked(demo.onDisk()), [7]);
});

test.run();
