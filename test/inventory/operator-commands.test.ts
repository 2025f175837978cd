import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  DEFAULT_INVENTORY_PATH,
  formatInventorySummary,
  initInventory,
  isOperatorAction,
  resolveInventoryPath,
  setServerStatus,
  showInventory,
  validateInventory,
} from '../../cli/commands/inventory-impl.ts';
import { IllegalTransitionError, InventoryExistsError, InventoryNotFoundError, JsonFileInventoryStore, ServerNotFoundError, transition } from '../../runtime/inventory/index.ts';

let dir = '';
let file = '';
const clock = { now: () => Date.UTC(2025, 1, 2, 3, 4, 5) };
test.before.each(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
  file = path.join(dir, '.mbp', 'inventory.json');
});
test.after.each(() => fs.rmSync(dir, { recursive: true, force: true }));

test('resolveInventoryPath: --inventory, then MBP_INVENTORY, then .mbp/inventory.json', () => {
  const cwd = '/work/project';
  assert.is(resolveInventoryPath({ flag: 'inv.json', env: { MBP_INVENTORY: '/etc/x.json' }, cwd }), '/work/project/inv.json');
  assert.is(resolveInventoryPath({ env: { MBP_INVENTORY: '/etc/x.json' }, cwd }), '/etc/x.json');
  assert.is(resolveInventoryPath({ flag: '', env: { MBP_INVENTORY: '' }, cwd }), path.join(cwd, DEFAULT_INVENTORY_PATH));
  assert.is(resolveInventoryPath({ env: {}, cwd }), '/work/project/.mbp/inventory.json');
});

test('init creates the directory and an empty, valid inventory', async () => {
  const r = await initInventory(file, { clock });
  assert.equal(r, { path: file, demo: false, serial: 1, datacenters: 0, servers: 0 });
  const inv = await new JsonFileInventoryStore(file).read();
  assert.is(inv.created_at, '2025-02-02T03:04:05.000Z');
  assert.equal(inv.servers, []);
});

test('init --demo refuses to overwrite an existing inventory, byte for byte', async () => {
  await initInventory(file, { demo: true, clock });
  await new JsonFileInventoryStore(file).transaction((d) => {
    d.servers[0]!.tags.push('precious');
  });
  const before = fs.readFileSync(file);
  for (const demo of [true, false]) {
    await initInventory(file, { demo, clock }).then(
      () => assert.unreachable('should have refused'),
      (e: unknown) => {
        assert.instance(e, InventoryExistsError);
        assert.match((e as Error).message, /already exists/);
      },
    );
  }
  assert.ok(fs.readFileSync(file).equals(before));
  assert.equal(fs.readdirSync(path.dirname(file)), ['inventory.json']);
});

test('show, validate and server commands on a missing file say to run mbp inventory init', async () => {
  for (const op of [() => showInventory(file), () => validateInventory(file), () => setServerStatus(file, 1, 'retire')]) {
    await op().then(
      () => assert.unreachable('should have thrown'),
      (e: unknown) => {
        assert.instance(e, InventoryNotFoundError);
        assert.match((e as Error).message, /mbp inventory init/);
      },
    );
  }
  assert.not.ok(fs.existsSync(file));
});

test('show summarises datacenters, types and servers', async () => {
  await initInventory(file, { demo: true, clock });
  await setServerStatus(file, 'srv-0002', 'maintenance', { clock });
  const s = await showInventory(file);
  assert.is(s.serial, 2);
  assert.equal(s.datacenters.map((d) => [d.name, d.servers, d.racks]), [
    ['dc-east', 64, 4],
    ['dc-west', 8, 2],
  ]);
  assert.equal(s.datacenters[0]?.by_status, { available: 63, maintenance: 1 });
  const text = formatInventorySummary(s, { servers: true });
  assert.match(text, /dc-east\s+100-3999\s+4\s+4\s+64 \(63 available, 1 maintenance\)/);
  assert.match(text, /2\s+srv-0002\s+M\.8\.32\.2\s+dc-east-r01\s+maintenance/);
});

test('validate reports problems without throwing, and without touching the file', async () => {
  await initInventory(file, { demo: true, clock });
  assert.equal((await validateInventory(file)).valid, true);
  const broken = fs.readFileSync(file, 'utf8').replace('"status":"available"', '"status":"gone"');
  fs.writeFileSync(file, broken);
  const r = await validateInventory(file);
  assert.is(r.valid, false);
  assert.equal(r.problems.map((p) => p.path), ['servers[0].status']);
  assert.is(fs.readFileSync(file, 'utf8'), broken);
  fs.writeFileSync(file, broken.slice(0, 100));
  assert.match((await validateInventory(file)).problems[0]?.message ?? '', /truncated/);
});

test('server quarantine → return, by id, name or serial; a repeat is a no-op', async () => {
  await initInventory(file, { demo: true, clock });
  const q = await setServerStatus(file, '7', 'quarantine', { clock, reason: 'flaky NIC' });
  assert.equal(q, { id: 7, name: 'srv-0007', from: 'available', to: 'quarantined', changed: true, serial: 2 });
  const again = await setServerStatus(file, 'srv-0007', 'quarantine', { clock });
  assert.is(again.changed, false);
  let inv = await new JsonFileInventoryStore(file).read();
  assert.is(inv.serial, 2, 'a no-op writes nothing');
  const s = inv.servers.find((x) => x.id === 7);
  assert.is(s?.status_reason, 'flaky NIC');
  assert.is(s?.status_changed_at, '2025-02-02T03:04:05.000Z');
  const back = await setServerStatus(file, 'SIM-EAST-00007', 'return', { clock });
  assert.equal([back.from, back.to, back.serial], ['quarantined', 'available', 3]);
  inv = await new JsonFileInventoryStore(file).read();
  assert.is(inv.servers.find((x) => x.id === 7)?.status, 'available');
});

test('server commands refuse illegal moves and servers an infrastructure holds', async () => {
  await initInventory(file, { demo: true, clock });
  await setServerStatus(file, 3, 'retire', { clock });
  await setServerStatus(file, 3, 'return', { clock }).then(
    () => assert.unreachable('a retired server cannot come back'),
    (e: unknown) => assert.instance(e, IllegalTransitionError),
  );
  await new JsonFileInventoryStore(file).transaction((d) => {
    const s = d.servers.find((x) => x.id === 4)!;
    d.servers[d.servers.indexOf(s)] = transition(s, 'reserved', 'test', { allocation: { run_id: 'run-1', infrastructure: 'edge' } });
  });
  await setServerStatus(file, 4, 'maintenance', { clock }).then(
    () => assert.unreachable('a reserved server is not the operator’s to move'),
    (e: unknown) => {
      assert.instance(e, IllegalTransitionError);
      assert.match((e as Error).message, /held by edge/);
    },
  );
  await setServerStatus(file, 'srv-9999', 'retire', { clock }).then(
    () => assert.unreachable('unknown server'),
    (e: unknown) => assert.instance(e, ServerNotFoundError),
  );
});

test('isOperatorAction accepts exactly the four actions', () => {
  assert.equal(['quarantine', 'return', 'maintenance', 'retire', 'delete', 'toString'].map(isOperatorAction), [true, true, true, true, false, false]);
});

test.run();
