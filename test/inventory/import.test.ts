import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { importServers, initInventory } from '../../cli/commands/inventory-impl.ts';
import { ImportError, JsonFileInventoryStore } from '../../runtime/inventory/index.ts';

let dir = '';
let file = '';
test.before.each(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
  file = path.join(dir, 'inventory.json');
  await initInventory(file, { demo: true, clock: { now: () => 0 } });
});
test.after.each(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

const HEADER = 'serial_number,type,rack,tags,bmc_driver,bmc_address,bmc_credentials,nic0_mac,nic0_switch,nic0_port,nic1_mac,nic1_switch,nic1_port';
const ROW1 = 'NEW-001,M.8.32.2,dc-west-r01,ssd;new,simulated,172.16.2.200,env:BMC_WEST,AA-BB-CC-00-00-01,dc-west-r01-tor,swp20,aa:bb:cc:00:00:02,dc-west-r01-tor,swp21';
const ROW2 = '"NEW-002",M.16.64.2,dc-west-r02,,redfish,"https://10.0.0.9/redfish/v1",file:/etc/mbp/bmc.cred,aa:bb:cc:00:00:03,dc-west-r02-tor,swp20,,,';

async function expectImportError(importFile: string, expected: RegExp[]): Promise<void> {
  const before = fs.readFileSync(file);
  try {
    await importServers(file, importFile);
    assert.unreachable('should have been refused');
  } catch (e) {
    assert.instance(e, ImportError);
    for (const re of expected) assert.match((e as Error).message, re);
    assert.match((e as Error).message, /all or nothing/);
  }
  assert.ok(fs.readFileSync(file).equals(before), 'the inventory changed after a refused import');
}

test('CSV: servers with MACs, NIC-to-port map and BMC reference, in one commit', async () => {
  const result = await importServers(file, write('servers.csv', `${HEADER}\r\n${ROW1}\r\n${ROW2}\r\n`));
  assert.equal(result.imported, [
    { id: 73, name: 'srv-0073', serial_number: 'NEW-001' },
    { id: 74, name: 'srv-0074', serial_number: 'NEW-002' },
  ]);
  assert.is(result.serial, 2);
  const inv = await new JsonFileInventoryStore(file).read();
  assert.is(inv.serial, 2);
  const s = inv.servers.find((x) => x.id === 73);
  assert.ok(s);
  assert.is(s.datacenter, 'dc-west', 'the datacenter follows from the rack');
  assert.is(s.status, 'available');
  assert.equal(s.tags, ['ssd', 'new']);
  assert.equal(s.bmc, { driver: 'simulated', address: '172.16.2.200', credentials: 'env:BMC_WEST' });
  assert.equal(s.nics, [
    { index: 0, mac: 'aa:bb:cc:00:00:01', switch: 'dc-west-r01-tor', port: 'swp20' },
    { index: 1, mac: 'aa:bb:cc:00:00:02', switch: 'dc-west-r01-tor', port: 'swp21' },
  ]);
  assert.is(s.version, 2);
  const t = inv.servers.find((x) => x.id === 74);
  assert.is(t?.nics.length, 1);
  assert.is(t?.bmc.address, 'https://10.0.0.9/redfish/v1');
});

test('CSV with a bad row: the error names the line and column, and nothing is imported', async () => {
  const bad = 'NEW-003,M.8.32.2,dc-west-r01,,simulated,172.16.2.201,env:BMC_WEST,not-a-mac,dc-west-r01-tor,swp30,,,';
  await expectImportError(write('servers.csv', `${HEADER}\n${ROW1}\n${bad}\n`), [/line 3: nic0_mac: must be a MAC address/]);
});

test('CSV rows that pass the format but break the inventory: unknown rack, port wired twice, duplicate serial', async () => {
  const unknownRack = ROW1.replace('dc-west-r01,', 'dc-west-r09,');
  await expectImportError(write('a.csv', `${HEADER}\n${unknownRack}\n`), [/line 2: rack: unknown rack "dc-west-r09" \(known: dc-east-r01/]);
  const samePort = ROW2.replace('dc-west-r02-tor,swp20', 'dc-west-r01-tor,swp1');
  await expectImportError(write('b.csv', `${HEADER}\n${samePort}\n`), [/line 2: nic0_port: dc-west-r01-tor swp1 is already wired to servers\[\d+\]\.nics\[0\]/]);
  const dupSerial = ROW1.replace('NEW-001', 'SIM-EAST-00001');
  await expectImportError(write('c.csv', `${HEADER}\n${dupSerial}\n`), [/line 2: serial_number: "SIM-EAST-00001" is already used/]);
});

test('CSV: an unknown column and an unclosed quote are reported', async () => {
  await expectImportError(write('d.csv', `${HEADER},colour\n${ROW1},red\n`), [/line 1: unknown column "colour"/]);
  await expectImportError(write('e.csv', `${HEADER}\n"NEW-9,M.8.32.2\n`), [/line 2: a quoted field is not closed/]);
});

test('JSON: a list of servers, with explicit id and name and a maintenance status', async () => {
  const servers = {
    servers: [
      {
        id: 500,
        name: 'gpu-spare',
        serial_number: 'GPU-500',
        type: 'G.48.512.2',
        rack: 'dc-west-r02',
        tags: ['gpu'],
        status: 'maintenance',
        bmc: { driver: 'simulated', address: '172.16.2.250', credentials: 'env:X' },
        nics: [{ mac: '02:aa:00:00:00:01', switch: 'dc-west-r02-tor', port: 'swp40' }],
      },
      {
        serial_number: 'NEXT',
        type: 'M.8.32.2',
        rack: 'dc-west-r02',
        bmc: { driver: 'simulated', address: '172.16.2.251', credentials: 'file:/run/secrets/bmc' },
        nics: [{ mac: '02:aa:00:00:00:02', switch: 'dc-west-r02-tor', port: 'swp41' }],
      },
    ],
  };
  const result = await importServers(file, write('servers.json', JSON.stringify(servers)));
  assert.equal(result.imported.map((s) => [s.id, s.name]), [
    [500, 'gpu-spare'],
    [73, 'srv-0073'],
  ]);
  const inv = await new JsonFileInventoryStore(file).read();
  assert.is(inv.servers.find((s) => s.id === 500)?.status, 'maintenance');
});

test('JSON with a bad record: the error names the record and field, and nothing is imported', async () => {
  const rec = (serial: string, extra: object) => ({
    serial_number: serial,
    type: 'M.8.32.2',
    rack: 'dc-west-r01',
    bmc: { driver: 'simulated', address: '172.16.2.9', credentials: 'env:X' },
    nics: [{ mac: `02:bb:00:00:00:0${serial.length}`, switch: 'dc-west-r01-tor', port: `swp${40 + serial.length}` }],
    ...extra,
  });
  await expectImportError(write('a.json', JSON.stringify([rec('A', {}), rec('BB', { bmc: { driver: 'simulated', address: 'x', credentials: 'secret123' } })])), [
    /\[1\]\.bmc\.credentials: must be a credentials reference/,
  ]);
  await expectImportError(write('b.json', JSON.stringify({ servers: [rec('A', { status: 'active' })] })), [/servers\[0\]\.status: must be one of available, maintenance \(found "active"\)/]);
  await expectImportError(write('c.json', JSON.stringify({ servers: [rec('A', { id: 5 })] })), [/servers\[0\]\.id: 5 is already used/]);
  await expectImportError(write('d.json', '{"servers": ['), [/not valid JSON/]);
});

test('an import into a missing inventory says to run init', async () => {
  const csv = write('servers.csv', `${HEADER}\n${ROW1}\n`);
  await importServers(path.join(dir, 'none.json'), csv).then(
    () => assert.unreachable('should have thrown'),
    (e: Error) => assert.match(e.message, /mbp inventory init/),
  );
});

test.run();
