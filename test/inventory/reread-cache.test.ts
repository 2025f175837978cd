import fs from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InventoryCorruptError, JsonFileInventoryStore } from '../../runtime/inventory/index.ts';
import { demoInventoryFile } from './helpers/demo-file.ts';

// A store re-reads the file at the start of each transaction from what it
// last wrote while the file's stamp is unchanged. Whatever changes the file
// in between (another store, another process, a hand edit in place) must be
// seen by the next transaction: no lost update, no write over a bad file.

let demo: ReturnType<typeof demoInventoryFile>;
test.before.each(() => {
  demo = demoInventoryFile();
});
test.after.each(() => demo.remove());

const onDisk = () => demo.onDisk();

test('a commit by another writer between two transactions is not lost', async () => {
  const mine = new JsonFileInventoryStore(demo.file, { command: 'test' });
  const other = new JsonFileInventoryStore(demo.file, { command: 'test' });
  await mine.transaction((d) => void (d.servers[0]!.status_reason = 'mine 1'));
  await other.transaction((d) => void (d.servers[1]!.status_reason = 'other'));
  await mine.transaction((d) => void (d.servers[0]!.status_reason = 'mine 2'));
  const inv = onDisk();
  assert.is(inv.servers[1]?.status_reason, 'other', "the other writer's change survived");
  assert.is(inv.servers[0]?.status_reason, 'mine 2');
  assert.is(inv.serial, 4);
});

test('an edit in place, same size, is seen: a broken file is reported, not overwritten', async () => {
  const store = new JsonFileInventoryStore(demo.file, { command: 'test' });
  await store.transaction((d) => void (d.servers[0]!.status_reason = 'before'));
  const text = fs.readFileSync(demo.file, 'utf8');
  const broken = text.replace('"before"', '"before'.padEnd(8, ' ')); // same length, no closing quote
  assert.is(broken.length, text.length);
  const fd = fs.openSync(demo.file, 'r+');
  fs.writeSync(fd, broken, 0);
  fs.closeSync(fd);
  try {
    await store.transaction((d) => void (d.servers[0]!.status_reason = 'after'));
    assert.unreachable('the transaction should have failed on the broken file');
  } catch (error) {
    assert.instance(error, InventoryCorruptError);
  }
  assert.is(fs.readFileSync(demo.file, 'utf8'), broken, 'the broken file was left as it was');
});

test.run();
