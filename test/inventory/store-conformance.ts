import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createDemoInventory,
  InventoryInvalidError,
  NestedTransactionError,
  transition,
  type Inventory,
  type InventoryStore,
} from '../../runtime/inventory/index.ts';

/**
 * The contract every InventoryStore keeps (DESIGN.md section 4). Run by
 * memory-store.test.ts and json-file-store.test.ts; a new store (PostgreSQL)
 * passes this suite before it is used.
 */

export interface StoreUnderTest {
  readonly store: InventoryStore;
  /** Another store object on the same data, as a second process would open it (the same object for memory). */
  reopen(): InventoryStore;
  cleanup(): Promise<void> | void;
}

export type StoreFactory = (initial: Inventory) => Promise<StoreUnderTest>;

export const EPOCH = new Date(Date.UTC(2025, 0, 1));

export function initialInventory(): Inventory {
  return createDemoInventory(EPOCH);
}

/** Reserves the lowest-id available server for `runId`; returns its id. The await in the middle invites interleaving. */
export async function reserveFirstAvailable(draft: Inventory, runId: string): Promise<number> {
  const free = draft.servers.filter((s) => s.status === 'available').sort((a, b) => a.id - b.id)[0];
  if (free === undefined) throw new Error('no available server');
  await new Promise((resolve) => setTimeout(resolve, 1));
  draft.servers[draft.servers.indexOf(free)] = transition(free, 'reserved', `test ${runId}`, { allocation: { run_id: runId } });
  return free.id;
}

export function storeConformance(name: string, factory: StoreFactory) {
  const test = suite<{ sut?: StoreUnderTest }>(`InventoryStore conformance: ${name}`, {});

  test.before.each(async (ctx) => {
    ctx.sut = await factory(initialInventory());
  });
  test.after.each(async (ctx) => {
    await ctx.sut?.cleanup();
    ctx.sut = undefined;
  });
  const sutOf = (ctx: { sut?: StoreUnderTest }): StoreUnderTest => {
    if (ctx.sut === undefined) throw new Error('no store');
    return ctx.sut;
  };

  test('read returns the stored inventory, as a copy the caller may change', async (ctx) => {
    const { store } = sutOf(ctx);
    const a = await store.read();
    assert.equal(a, initialInventory());
    a.servers.length = 0;
    a.serial = 99;
    const b = await store.read();
    assert.is(b.servers.length, 72);
    assert.is(b.serial, 1);
  });

  test('a transaction commits its change and returns the value of fn', async (ctx) => {
    const { store, reopen } = sutOf(ctx);
    const id = await store.transaction((d) => reserveFirstAvailable(d, 'run-a'));
    assert.is(id, 1);
    const after = await reopen().read();
    const s = after.servers.find((x) => x.id === 1);
    assert.is(s?.status, 'reserved');
    assert.equal(s?.allocation, { run_id: 'run-a' });
    assert.is(after.serial, 2);
  });

  test('a throwing fn rolls back: nothing changes and the error propagates as is', async (ctx) => {
    const { store } = sutOf(ctx);
    const before = await store.read();
    const boom = new Error('boom');
    try {
      await store.transaction((d) => {
        d.servers.splice(0, 10);
        d.datacenters[0]!.vlan_range.max = 200;
        throw boom;
      });
      assert.unreachable('should have thrown');
    } catch (e) {
      assert.is(e, boom);
    }
    assert.equal(await store.read(), before);
  });

  test('a rejected async fn rolls back too, and does not block the next transaction', async (ctx) => {
    const { store } = sutOf(ctx);
    await store
      .transaction(async (d) => {
        await reserveFirstAvailable(d, 'doomed');
        throw new Error('late failure');
      })
      .then(
        () => assert.unreachable('should have rejected'),
        (e: Error) => assert.is(e.message, 'late failure'),
      );
    const id = await store.transaction((d) => reserveFirstAvailable(d, 'next'));
    assert.is(id, 1, 'the rolled-back reservation of server 1 must not have stuck');
    assert.is((await store.read()).serial, 2);
  });

  test('the serial grows by exactly one per committed transaction', async (ctx) => {
    const { store } = sutOf(ctx);
    const serials = [(await store.read()).serial];
    for (let i = 0; i < 5; i++) {
      await store.transaction((d) => reserveFirstAvailable(d, `run-${i}`));
      serials.push((await store.read()).serial);
    }
    assert.equal(serials, [1, 2, 3, 4, 5, 6]);
  });

  test('onSerial is told the serial a transaction leaves: the new one after a write, the same one after no change, none after a rollback', async (ctx) => {
    const { store } = sutOf(ctx);
    const told: number[] = [];
    const onSerial = (serial: number): void => void told.push(serial);
    await store.transaction((d) => reserveFirstAvailable(d, 'run-a'), { onSerial });
    await store.transaction((d) => d.servers.length, { onSerial });
    await store.transaction(() => { throw new Error('no'); }, { onSerial }).catch(() => undefined);
    assert.equal(told, [2, 2]);
    assert.is((await store.read()).serial, 2);
  });

  test('a transaction that changes nothing does not bump the serial', async (ctx) => {
    const { store } = sutOf(ctx);
    const count = await store.transaction((d) => d.servers.filter((s) => s.status === 'available').length);
    assert.is(count, 72);
    // Changed and changed back, with keys re-added in another order: still no change.
    await store.transaction((d) => {
      const dc = d.datacenters[0]!;
      const url = dc.asset_repository_url;
      dc.asset_repository_url = 'http://elsewhere.example/';
      delete (dc as { description?: string }).description;
      dc.description = 'simulated datacenter dc-east';
      dc.asset_repository_url = url;
    });
    const after = await store.read();
    assert.is(after.serial, 1);
    assert.equal(after, initialInventory());
  });

  test('versions: a changed or new object gets the new serial, the others keep theirs', async (ctx) => {
    const { store } = sutOf(ctx);
    await store.transaction((d) => reserveFirstAvailable(d, 'a'));
    await store.transaction((d) => {
      d.racks.push({ id: 'dc-east-r05', datacenter: 'dc-east', version: 0 });
    });
    const inv = await store.read();
    assert.is(inv.serial, 3);
    assert.is(inv.servers.find((s) => s.id === 1)?.version, 2);
    assert.is(inv.servers.find((s) => s.id === 2)?.version, 1);
    assert.is(inv.racks.find((r) => r.id === 'dc-east-r05')?.version, 3);
    assert.is(inv.racks.find((r) => r.id === 'dc-east-r01')?.version, 1);
    assert.is(inv.datacenters[0]?.version, 1);
  });

  test('versions never go back: a deleted and recreated object gets a higher version', async (ctx) => {
    const { store } = sutOf(ctx);
    const original = (await store.read()).racks.find((r) => r.id === 'dc-west-r02');
    await store.transaction((d) => {
      d.racks.push({ id: 'spare', datacenter: 'dc-west', version: 0 });
    });
    await store.transaction((d) => {
      d.racks = d.racks.filter((r) => r.id !== 'spare');
    });
    await store.transaction((d) => {
      d.racks.push({ id: 'spare', datacenter: 'dc-west', version: 0 });
    });
    const inv = await store.read();
    assert.is(inv.racks.find((r) => r.id === 'spare')?.version, 4);
    assert.equal(inv.racks.find((r) => r.id === 'dc-west-r02'), original);
  });

  test('the store owns serial and versions: values fn writes there are replaced', async (ctx) => {
    const { store } = sutOf(ctx);
    await store.transaction((d) => {
      d.serial = 1000;
      d.servers[0]!.version = 1000;
      d.servers[1]!.tags.push('marked');
    });
    const inv = await store.read();
    assert.is(inv.serial, 2);
    assert.is(inv.servers[0]?.version, 1, 'unchanged apart from its version: keeps version 1');
    assert.is(inv.servers[1]?.version, 2);
  });

  test('the result is compared and stored as JSON: an undefined field is no change', async (ctx) => {
    const { store } = sutOf(ctx);
    await store.transaction((d) => {
      d.servers[0]!.status_reason = undefined;
    });
    const inv = await store.read();
    assert.is(inv.serial, 1);
    assert.not.ok('status_reason' in inv.servers[0]!);
  });

  test('a result that breaks the schema is refused, naming the field, and nothing is written', async (ctx) => {
    const { store } = sutOf(ctx);
    const before = await store.read();
    try {
      await store.transaction((d) => {
        (d.servers[3] as { status: string }).status = 'broken';
      });
      assert.unreachable('should have thrown');
    } catch (e) {
      assert.instance(e, InventoryInvalidError);
      const err = e as InventoryInvalidError;
      assert.is(err.origin, 'transaction');
      assert.is(err.problems[0]?.path, 'servers[3].status');
      assert.match(err.message, /servers\[3\]\.status: must be one of available, reserved/);
    }
    assert.equal(await store.read(), before);
  });

  test('a result that breaks a cross reference is refused too', async (ctx) => {
    const { store } = sutOf(ctx);
    try {
      await store.transaction((d) => {
        d.servers[5]!.rack = 'dc-nowhere-r09';
      });
      assert.unreachable('should have thrown');
    } catch (e) {
      assert.instance(e, InventoryInvalidError);
      assert.match((e as Error).message, /servers\[5\]\.rack: unknown rack "dc-nowhere-r09"/);
    }
    assert.is((await store.read()).serial, 1);
  });

  test('concurrent transactions in one process serialise', async (ctx) => {
    const { store } = sutOf(ctx);
    const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => store.transaction((d) => reserveFirstAvailable(d, `c${i}`))));
    assert.equal([...ids].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const inv = await store.read();
    assert.is(inv.serial, 11);
    assert.is(inv.servers.filter((s) => s.status === 'reserved').length, 10);
  });

  test('concurrent transactions from two store objects on the same data serialise', async (ctx) => {
    const { store, reopen } = sutOf(ctx);
    const other = reopen();
    const ids = await Promise.all([
      store.transaction((d) => reserveFirstAvailable(d, 'x')),
      other.transaction((d) => reserveFirstAvailable(d, 'y')),
      store.transaction((d) => reserveFirstAvailable(d, 'z')),
    ]);
    assert.is(new Set(ids).size, 3);
    assert.is((await other.read()).serial, 4);
  });

  test('a nested transaction on the same store is refused instead of deadlocking', async (ctx) => {
    const { store } = sutOf(ctx);
    try {
      await store.transaction(async () => store.transaction(() => 1));
      assert.unreachable('should have thrown');
    } catch (e) {
      assert.instance(e, NestedTransactionError);
    }
    assert.is(await store.transaction(() => 'still usable'), 'still usable');
  });

  return test;
}
