import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { configureFailpoints } from '../../runtime/failpoints/index.ts';
import { FAILPOINT_BEFORE_WRITE, GroupCommit, InventoryInvalidError, JsonFileInventoryStore, type GroupChange, type Inventory } from '../../runtime/inventory/index.ts';
import { demoInventoryFile } from './helpers/demo-file.ts';

// Binds (one change per instance) arrive while a write is in flight: the
// before-write failpoint holds every write for 50 ms so they overlap for
// certain. Group commit must fold them into far fewer writes than changes,
// and still resume each caller only once its own change is in the file.

let demo: ReturnType<typeof demoInventoryFile>;
test.before.each(() => {
  demo = demoInventoryFile();
  configureFailpoints(`${FAILPOINT_BEFORE_WRITE}=pause(50)`);
});
test.after.each(() => {
  configureFailpoints(undefined);
  demo.remove();
});

const onDisk = (): Inventory => demo.onDisk();

function mark(id: number, reason: string): GroupChange {
  return (draft) => {
    const s = draft.servers.find((x) => x.id === id);
    if (s === undefined || s.status_reason === reason) return false;
    s.status_reason = reason;
    return true;
  };
}

/** N changes submitted at once; each caller checks the file the moment it resumes. */
async function bindAll(submit: (change: GroupChange) => Promise<number>, n: number): Promise<{ writes: number; seen: string[] }> {
  const start = onDisk().serial;
  const seen: string[] = [];
  await Promise.all(
    Array.from({ length: n }, async (_, k) => {
      const id = k + 1;
      const serial = await submit(mark(id, `bound ${k}`));
      const inv = onDisk();
      if (inv.servers.find((s) => s.id === id)?.status_reason !== `bound ${k}`) seen.push(`change ${k} is not in the file when its caller resumes`);
      if (inv.serial !== serial) seen.push(`change ${k}: resumed with serial ${serial}, the file has ${inv.serial}`);
    }),
  );
  return { writes: onDisk().serial - start, seen };
}

test('40 concurrent changes: a handful of writes, each caller resumes after its own change is on disk', async () => {
  const store = new JsonFileInventoryStore(demo.file, { command: 'test' });
  const queue = new GroupCommit(store, { command: 'test' });
  const { writes, seen } = await bindAll((c) => queue.submit(c), 40);
  assert.equal(seen, []);
  // The first change goes alone; the other 39 pile up behind its write and go in one.
  assert.ok(writes >= 2 && writes <= 4, `${writes} writes for 40 changes`);
  const inv = onDisk();
  for (let k = 0; k < 40; k++) assert.is(inv.servers.find((s) => s.id === k + 1)?.status_reason, `bound ${k}`);
});

test('negative control: one transaction per change writes once per change', async () => {
  const store = new JsonFileInventoryStore(demo.file, { command: 'test' });
  const submit = (change: GroupChange): Promise<number> => store.transaction((d) => (change(d) ? d.serial + 1 : d.serial));
  const { writes, seen } = await bindAll(submit, 10);
  assert.equal(seen, []);
  assert.is(writes, 10);
});

test('a change that throws or leaves the draft invalid fails only its own caller', async () => {
  const store = new JsonFileInventoryStore(demo.file, { command: 'test' });
  const queue = new GroupCommit(store, { command: 'test' });
  const first = queue.submit(mark(1, 'first'));
  // These four arrive during the first write and form one group.
  const results = await Promise.allSettled([
    queue.submit(mark(2, 'ok a')),
    queue.submit(() => {
      throw new Error('no such server');
    }),
    queue.submit((d) => {
      (d.servers[2] as unknown as Record<string, unknown>).status = 'exploded';
      return true;
    }),
    queue.submit(mark(4, 'ok b')),
  ]);
  await first;
  assert.equal(results.map((r) => r.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled']);
  assert.match(String((results[1] as PromiseRejectedResult).reason), 'no such server');
  assert.instance((results[2] as PromiseRejectedResult).reason, InventoryInvalidError);
  const inv = onDisk();
  assert.is(inv.servers[0]?.status_reason, 'first');
  assert.is(inv.servers[1]?.status_reason, 'ok a');
  assert.is(inv.servers[2]?.status, 'available', 'the invalid change was not written');
  assert.is(inv.servers[3]?.status_reason, 'ok b');
  // A no-op change keeps the serial and resolves with it.
  assert.is(await queue.submit(mark(1, 'first')), inv.serial);
});

test.run();
