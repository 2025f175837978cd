import fs from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InventoryInvalidError, JsonFileInventoryStore, MemoryInventoryStore, serializeInventory, transition, type Inventory, type InventoryStore } from '../../runtime/inventory/index.ts';
import { demoInventoryFile } from './helpers/demo-file.ts';
import { initialInventory } from './store-conformance.ts';

// A transaction's draft copies each collection on first use, and the commit
// shares the collections `fn` never reached with the last document, skipping
// their comparison and schema check (docs/inventory.md, "Copy-on-write
// drafts"). Whatever `fn` does, the result must be what a whole deep copy
// would have given: every change seen, every bad document refused.

type Made = { store: InventoryStore; onDisk: () => Promise<Inventory>; cleanup: () => void };
const stores: [string, () => Made][] = [
  ['memory', () => {
    const store = new MemoryInventoryStore(initialInventory());
    return { store, onDisk: () => store.read(), cleanup: () => undefined };
  }],
  ['json file', () => {
    const demo = demoInventoryFile();
    const store = new JsonFileInventoryStore(demo.file, { command: 'test' });
    return { store, onDisk: async () => demo.onDisk(), cleanup: demo.remove };
  }],
];

for (const [name, make] of stores) {
  const refused = async (m: Made, fn: (d: Inventory) => void, field: RegExp): Promise<void> => {
    const before = await m.onDisk();
    const err = await m.store.transaction(fn).then(() => undefined, (e: unknown) => e);
    assert.instance(err, InventoryInvalidError, 'refused');
    assert.match((err as Error).message, field);
    assert.equal(await m.onDisk(), before, 'nothing written');
  };

  test(`${name}: a change deep inside a collection is committed and versioned, the others keep theirs`, async () => {
    const m = make();
    try {
      const before = await m.onDisk();
      await m.store.transaction((d) => void (d.switches[0]!.ports[0]!.speed_gbps = 400));
      const after = await m.onDisk();
      assert.is(after.serial, before.serial + 1);
      assert.is(after.switches[0]!.ports[0]!.speed_gbps, 400);
      assert.is(after.switches[0]!.version, after.serial, 'the changed switch is stamped');
      assert.is(after.switches[1]!.version, before.switches[1]!.version);
      assert.equal(after.servers, before.servers, 'untouched servers as they were');
    } finally {
      m.cleanup();
    }
  });

  test(`${name}: the draft behaves as a whole deep copy (spread, JSON, keys, clone) and reading is no change`, async () => {
    const m = make();
    try {
      const before = await m.onDisk();
      await m.store.transaction((d) => {
        assert.equal(Object.keys(d), Object.keys(before), 'same keys, same order');
        assert.equal(JSON.parse(JSON.stringify(d)), before);
        assert.equal(structuredClone(d), before);
        assert.equal({ ...d }, before);
      });
      assert.is((await m.onDisk()).serial, before.serial, 'reading every collection wrote nothing');
    } finally {
      m.cleanup();
    }
  });

  test(`${name}: a collection deleted, redefined or replaced with a bad value is refused; the same fn without it commits`, async () => {
    const m = make();
    try {
      const touchServer = (d: Inventory): void => void (d.servers[0]!.status_reason = 'cow');
      await refused(m, (d) => { touchServer(d); delete (d as Partial<Inventory>).switches; }, /switches: is required/);
      await refused(m, (d) => { touchServer(d); Object.defineProperty(d, 'racks', { value: 'none', enumerable: true }); }, /racks: must be array/);
      await refused(m, (d) => { touchServer(d); (d as unknown as Record<string, unknown>).reservations = [{ run_id: 1 }]; }, /reservations\[0\]/);
      // Negative control: the same transaction, without breaking anything, commits.
      const serial = (await m.onDisk()).serial;
      await m.store.transaction(touchServer);
      const after = await m.onDisk();
      assert.is(after.serial, serial + 1);
      assert.is(after.servers[0]!.status_reason, 'cow');
    } finally {
      m.cleanup();
    }
  });

  test(`${name}: elements are compared as they will be stored: a Date equal to the stored text is no change, a different one is stored as text`, async () => {
    const m = make();
    try {
      const at = '2025-01-01T00:00:00.000Z';
      await m.store.transaction((d) => void (d.servers[0]!.status_changed_at = at));
      const before = await m.onDisk();
      await m.store.transaction((d) => void ((d.servers[0] as unknown as Record<string, unknown>).status_changed_at = new Date(at)));
      assert.is((await m.onDisk()).serial, before.serial, 'the same instant as a Date: nothing written');
      // Negative control: a different instant is a change, stored as JSON would store it.
      await m.store.transaction((d) => void ((d.servers[0] as unknown as Record<string, unknown>).status_changed_at = new Date(Date.parse(at) + 1000)));
      const after = await m.onDisk();
      assert.is(after.serial, before.serial + 1);
      assert.is(after.servers[0]!.status_changed_at, new Date(Date.parse(at) + 1000).toISOString());
      assert.is(after.servers[0]!.version, after.serial);
      assert.is(after.servers[1]!.version, before.servers[1]!.version, 'the unchanged neighbour keeps its version');
    } finally {
      m.cleanup();
    }
  });

  test(`${name}: a reference broken from a touched collection into an untouched one is refused (integrity sees the whole document)`, async () => {
    const m = make();
    try {
      // Only `racks` is touched: the servers in the removed rack are not schema-checked again, but still cross-checked.
      await refused(m, (d) => void (d.racks = d.racks.slice(1)), /servers\[\d+\]\.rack: unknown rack/);
      // Only `servers` is touched: a server now names a rack that does not exist.
      await refused(m, (d) => void (d.servers[0]!.rack = 'nowhere'), /servers\[0\]\.rack: unknown rack "nowhere"/);
      // Only `servers`: a reserved server with no allocation breaks the status/allocation rule.
      await refused(m, (d) => void (d.servers[0] = { ...transition(d.servers[0]!, 'reserved', 'x', { allocation: { run_id: 'r' } }), allocation: null }), /servers\[0\]/);
    } finally {
      m.cleanup();
    }
  });
}

test('json file: read() after a transaction is a copy of what it wrote, and a later hand edit is seen', async () => {
  const demo = demoInventoryFile();
  try {
    const store = new JsonFileInventoryStore(demo.file, { command: 'test' });
    await store.transaction((d) => void (d.servers[0]!.status_reason = 'one'));
    const copy = await store.read();
    assert.equal(copy, demo.onDisk());
    copy.servers[0]!.status_reason = 'changed by the reader';
    copy.servers.length = 1;
    // The reader's changes do not leak into the store's next transaction.
    await store.transaction((d) => void (d.servers[1]!.status_reason = 'two'));
    const disk = demo.onDisk();
    assert.is(disk.servers[0]!.status_reason, 'one');
    assert.is(disk.servers[1]!.status_reason, 'two');
    assert.ok(disk.servers.length > 2);
    // Another writer (a hand edit): read() sees it, not the store's last document.
    fs.writeFileSync(demo.file, serializeInventory({ ...disk, servers: disk.servers.map((s, i) => (i === 2 ? { ...s, status_reason: 'by hand' } : s)) }));
    assert.is((await store.read()).servers[2]!.status_reason, 'by hand');
  } finally {
    demo.remove();
  }
});

test.run();
