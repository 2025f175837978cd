import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createDemoInventory,
  findInventoryProblems,
  InventoryCorruptError,
  InventoryFileAdapter,
  InventoryInvalidError,
  JsonFileInventoryStore,
  lockPathFor,
  pointerToPath,
  serializeInventory,
  type Inventory,
} from '../../runtime/inventory/index.ts';

// A bad file is a clear error naming the field, and is never written: not by
// a failed load, not by a transaction attempted on it.

const EPOCH = new Date(Date.UTC(2025, 0, 1));
let dir = '';
test.before.each(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
});
test.after.each(() => fs.rmSync(dir, { recursive: true, force: true }));

function demoText(edit?: (inv: Inventory) => void): string {
  const inv = createDemoInventory(EPOCH);
  edit?.(inv);
  return serializeInventory(inv);
}

/** Writes `text`, then checks read and transaction both fail with `expected` and leave the bytes and directory alone. */
async function expectRefused(text: string, expected: RegExp, kind: Function): Promise<Error> {
  const file = path.join(dir, 'inventory.json');
  fs.writeFileSync(file, text);
  const before = fs.readFileSync(file);
  const store = new JsonFileInventoryStore(file);
  let fnRan = false;
  const errors: Error[] = [];
  for (const op of [() => store.read(), () => store.transaction((d) => { fnRan = true; d.servers = []; })]) {
    try {
      await op();
      assert.unreachable('should have been refused');
    } catch (e) {
      assert.instance(e, kind);
      assert.match((e as Error).message, expected);
      assert.match((e as Error).message, /mbp inventory validate/, 'says what to do');
      errors.push(e as Error);
    }
  }
  assert.not.ok(fnRan, 'fn must not run on a file that failed to load');
  assert.ok(fs.readFileSync(file).equals(before), 'file changed after a failed load');
  assert.equal(fs.readdirSync(dir), ['inventory.json']);
  assert.not.ok(fs.existsSync(lockPathFor(file)));
  return errors[0]!;
}

test('corrupt JSON: names the position', async () => {
  const text = demoText().replace('"serial":1,', '"serial":1,,');
  await expectRefused(text, /not valid JSON: .* at line 1, column \d+/, InventoryCorruptError);
});

test('truncated file: says it looks truncated', async () => {
  const text = demoText();
  await expectRefused(text.slice(0, Math.floor(text.length / 2)), /looks truncated/, InventoryCorruptError);
});

test('empty file: says it is empty', async () => {
  await expectRefused('', /the file is empty/, InventoryCorruptError);
});

test('schema-breaking status: names servers[3].status and the allowed values', async () => {
  const text = demoText((inv) => ((inv.servers[3] as { status: string }).status = 'borked'));
  const err = await expectRefused(text, /servers\[3\]\.status: must be one of available, reserved, provisioning, active, releasing, cleaning, failed, quarantined, maintenance, retired \(found "borked"\)/, InventoryInvalidError);
  assert.is((err as InventoryInvalidError).origin, 'file');
});

test('missing field, unknown field, wrong type: each named', async () => {
  const text = demoText((inv) => {
    delete (inv.servers[0] as { bmc?: unknown }).bmc;
    (inv.racks[1] as { colour?: string }).colour = 'red';
    (inv.datacenters[0]!.vlan_range as { min: unknown }).min = '100';
  });
  const err = (await expectRefused(text, /servers\[0\]\.bmc: is required/, InventoryInvalidError)) as InventoryInvalidError;
  const lines = err.problems.map((p) => `${p.path}: ${p.message}`);
  assert.ok(lines.includes('racks[1].colour: is not a known field (misspelt?)'), lines.join('\n'));
  assert.ok(lines.includes('datacenters[0].vlan_range.min: must be integer (found "100")'), lines.join('\n'));
});

test('a credential that is not a reference is refused, without echoing the value', async () => {
  const text = demoText((inv) => (inv.servers[2]!.bmc.credentials = 'hunter2'));
  const err = await expectRefused(text, /servers\[2\]\.bmc\.credentials: must be a credentials reference, env:NAME or file:PATH/, InventoryInvalidError);
  assert.not.match(err.message, /hunter2/);
});

test('nullable fields: the message combines both types', async () => {
  const text = demoText((inv) => ((inv.servers[9] as { ssh_host_key: unknown }).ssh_host_key = 42));
  await expectRefused(text, /servers\[9\]\.ssh_host_key: must be null or string \(found 42\)/, InventoryInvalidError);
});

test('wrong format_version is named', async () => {
  const text = demoText((inv) => ((inv as { format_version: string }).format_version = '2'));
  await expectRefused(text, /format_version: must be "1" \(found "2"\)/, InventoryInvalidError);
});

test('broken cross references are refused after the schema passes', async () => {
  const cases: [(inv: Inventory) => void, RegExp][] = [
    [(inv) => (inv.servers[1]!.type = 'M.1.1.1'), /servers\[1\]\.type: unknown server type "M.1.1.1"/],
    [(inv) => (inv.servers[1]!.nics[0]!.mac = inv.servers[0]!.nics[0]!.mac), /servers\[1\]\.nics\[0\]\.mac: 02:00:01:00:01:00 is already used by servers\[0\]\.nics\[0\]/],
    [(inv) => (inv.servers[1]!.nics[0]!.port = 'swp1'), /servers\[1\]\.nics\[0\]\.port: dc-east-r01-tor swp1 is already wired to servers\[0\]\.nics\[0\]/],
    [(inv) => (inv.servers[1]!.nics[0]!.port = 'swp999'), /servers\[1\]\.nics\[0\]\.port: switch dc-east-r01-tor has no port "swp999"/],
    [(inv) => (inv.servers[2]!.id = 1), /servers\[2\]\.id: 1 is already used by servers\[0\]/],
    [(inv) => inv.datacenters[0]!.subnet_pools.san.ipv4.push('10.20.128.0/17'), /datacenters\[0\]\.subnet_pools\.san\.ipv4\[1\]: "10.20.128.0\/17" overlaps datacenters\[0\]\.subnet_pools\.wan\.ipv4\[0\]/],
    [(inv) => (inv.datacenters[1]!.vlan_range = { min: 300, max: 200 }), /datacenters\[1\]\.vlan_range: min \(300\) is above max \(200\)/],
    [(inv) => (inv.servers[4]!.status = 'active'), /servers\[4\]\.allocation: must name the holder of a server that is active/],
  ];
  for (const [edit, expected] of cases) {
    await expectRefused(demoText(edit), expected, InventoryInvalidError);
  }
});

test('the adapter never writes after a failed load', async () => {
  const file = path.join(dir, 'inventory.json');
  fs.writeFileSync(file, '{');
  const adapter = new InventoryFileAdapter(file);
  await adapter.read().then(
    () => assert.unreachable('should have thrown'),
    () => undefined,
  );
  await adapter.write(createDemoInventory(EPOCH)).then(
    () => assert.unreachable('should have refused to write'),
    (e: Error) => assert.match(e.message, /refusing to write/),
  );
  assert.is(fs.readFileSync(file, 'utf8'), '{');
});

test('the adapter returns null for a missing file and then refuses to create it', async () => {
  const adapter = new InventoryFileAdapter(path.join(dir, 'none.json'));
  assert.is(await adapter.read(), null);
  await adapter.write(createDemoInventory(EPOCH)).then(
    () => assert.unreachable('should have refused'),
    (e: Error) => assert.match(e.message, /mbp inventory init/),
  );
  assert.equal(fs.readdirSync(dir), []);
});

test('the demo inventory itself is valid', () => {
  assert.equal(findInventoryProblems(createDemoInventory(EPOCH)), []);
});

test('pointerToPath renders JSON pointers as field paths', () => {
  assert.is(pointerToPath('/servers/3/status'), 'servers[3].status');
  assert.is(pointerToPath(''), '');
  assert.is(pointerToPath('/infrastructures/0/outputs/a~1b'), 'infrastructures[0].outputs["a/b"]');
  assert.is(pointerToPath('/datacenters/0/server_types/M.8.32.2'), 'datacenters[0].server_types["M.8.32.2"]');
});

test.run();
