import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { configureFailpoints, FailpointError } from '../../runtime/failpoints/index.ts';
import {
  FAILPOINT_AFTER_REREAD,
  FAILPOINT_BEFORE_RENAME,
  FAILPOINT_BEFORE_WRITE,
  InventoryNotFoundError,
  JsonFileInventoryStore,
  lockPathFor,
  serializeInventory,
} from '../../runtime/inventory/index.ts';
import { initialInventory, reserveFirstAvailable, storeConformance } from './store-conformance.ts';

const dirs: string[] = [];
function tempInventory(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
  dirs.push(dir);
  const file = path.join(dir, 'inventory.json');
  fs.writeFileSync(file, serializeInventory(initialInventory()));
  return file;
}

const test = storeConformance('json file', async (initial) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
  const file = path.join(dir, 'inventory.json');
  fs.writeFileSync(file, serializeInventory(initial));
  return {
    store: new JsonFileInventoryStore(file, { command: 'conformance' }),
    reopen: () => new JsonFileInventoryStore(file, { command: 'conformance (second)' }),
    cleanup: () => {
      // A transaction must leave neither its lock nor a temp file behind.
      const left = fs.readdirSync(dir).filter((n) => n !== 'inventory.json');
      fs.rmSync(dir, { recursive: true, force: true });
      assert.equal(left, [], 'files left beside the inventory');
    },
  };
});

test.after(() => {
  configureFailpoints(undefined);
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

test('commits are written compact, with one trailing newline', async () => {
  const file = tempInventory();
  await new JsonFileInventoryStore(file).transaction((d) => reserveFirstAvailable(d, 'r'));
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.endsWith('}\n'));
  assert.not.match(text.slice(0, -1), /\n|": /);
  assert.is(JSON.parse(text).serial, 2);
});

test('a missing file is an error that says to run mbp inventory init, and nothing is created', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
  dirs.push(dir);
  const store = new JsonFileInventoryStore(path.join(dir, 'inventory.json'));
  for (const op of [() => store.read(), () => store.transaction(() => 1)]) {
    try {
      await op();
      assert.unreachable('should have thrown');
    } catch (e) {
      assert.instance(e, InventoryNotFoundError);
      assert.match((e as Error).message, /mbp inventory init/);
    }
  }
  assert.equal(fs.readdirSync(dir), []);
});

test('failpoint before-write throws: nothing written, lock released', async () => {
  const file = tempInventory();
  const before = fs.readFileSync(file);
  const store = new JsonFileInventoryStore(file);
  configureFailpoints(`${FAILPOINT_BEFORE_WRITE}=throw`);
  try {
    await store.transaction((d) => reserveFirstAvailable(d, 'r'));
    assert.unreachable('should have thrown');
  } catch (e) {
    assert.instance(e, FailpointError);
  } finally {
    configureFailpoints(undefined);
  }
  assert.ok(fs.readFileSync(file).equals(before));
  assert.not.ok(fs.existsSync(lockPathFor(file)));
  assert.is(await store.transaction((d) => reserveFirstAvailable(d, 'r')), 1);
});

test('failpoint before-rename throws: the temp file is removed and the old file stays', async () => {
  const file = tempInventory();
  const before = fs.readFileSync(file);
  configureFailpoints(`${FAILPOINT_BEFORE_RENAME}=throw`);
  try {
    await new JsonFileInventoryStore(file).transaction((d) => reserveFirstAvailable(d, 'r'));
    assert.unreachable('should have thrown');
  } catch (e) {
    assert.instance(e, FailpointError);
  } finally {
    configureFailpoints(undefined);
  }
  assert.ok(fs.readFileSync(file).equals(before));
  assert.equal(fs.readdirSync(path.dirname(file)), ['inventory.json']);
});

test('the re-read happens inside the lock: a change made before it is seen, not overwritten', async () => {
  const file = tempInventory();
  const a = new JsonFileInventoryStore(file);
  const b = new JsonFileInventoryStore(file);
  const snapshot = await a.read();
  await b.transaction((d) => reserveFirstAvailable(d, 'b'));
  // `a` read before b's commit, but its transaction re-reads under the lock.
  const id = await a.transaction((d) => reserveFirstAvailable(d, 'a'));
  assert.is(snapshot.servers[0]?.status, 'available');
  assert.is(id, 2);
  assert.is((await a.read()).serial, 3);
});

test('a temp file left by a killed writer is removed by the next lock holder', async () => {
  const file = tempInventory();
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  const orphan = path.join(path.dirname(file), `.inventory.json.${pid}.1.tmp`);
  fs.writeFileSync(orphan, '{"half":');
  const live = path.join(path.dirname(file), `.inventory.json.${process.ppid}.1.tmp`);
  fs.writeFileSync(live, '{"someone else still writing":');
  await new JsonFileInventoryStore(file).transaction(() => undefined);
  assert.not.ok(fs.existsSync(orphan));
  assert.ok(fs.existsSync(live), 'a temp file of a live process is not touched');
});

test('failpoint names are the documented ones', () => {
  assert.equal([FAILPOINT_AFTER_REREAD, FAILPOINT_BEFORE_WRITE, FAILPOINT_BEFORE_RENAME], ['inventory.after-reread', 'inventory.before-write', 'inventory.before-rename']);
});

test.run();
