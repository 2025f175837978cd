import * as assert from 'uvu/assert';
import { createDemoInventory, InventoryInvalidError, MemoryInventoryStore } from '../../runtime/inventory/index.ts';
import { EPOCH, storeConformance } from './store-conformance.ts';

const test = storeConformance('memory', async (initial) => {
  const store = new MemoryInventoryStore(initial);
  return { store, reopen: () => store, cleanup: () => undefined };
});

test('the memory store refuses an invalid initial inventory', () => {
  const bad = createDemoInventory(EPOCH);
  (bad.servers[0] as { mac?: string }).mac = 'x';
  assert.throws(() => new MemoryInventoryStore(bad), (e: unknown) => e instanceof InventoryInvalidError && /servers\[0\]\.mac: is not a known field/.test(e.message));
});

test('the memory store keeps its own copy of the initial inventory', async () => {
  const initial = createDemoInventory(EPOCH);
  const store = new MemoryInventoryStore(initial);
  initial.servers.length = 0;
  assert.is((await store.read()).servers.length, 72);
});

test.run();
