import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import { checkText } from '../../compiler/index.ts';
import { CODES, type Diagnostic } from '../../compiler/diagnostics/index.ts';
import { checkAgainstInventory } from '../../compiler/inventory-checks/index.ts';
import { serializeInventory, type Inventory } from '../../runtime/inventory/index.ts';
import { runCli } from '../cli/cli-harness.ts';
import { NodeFileSystem } from '../../compiler/sources/index.ts';
import { makeTempDir } from '../support/index.ts';
import { demo, webBlueprint } from './helpers.ts';
import { caseInventory, CASES_DIR } from './inventory-cases/inventory.ts';

// MBP4xxx: checks of a blueprint against an inventory, pointing at the
// attribute that names what the inventory lacks.

const emitted = new Set<string>();

function check(text: string, inventory: Inventory = demo()): { diagnostics: Diagnostic[]; at: (d: Diagnostic) => string } {
  const result = checkText(text, 'main.mbp', { inventoryChecks: (checked) => checkAgainstInventory(checked, inventory) });
  const diagnostics = result.diagnostics.filter((d) => d.code.startsWith('MBP4'));
  for (const d of diagnostics) emitted.add(d.code);
  const source = result.sources.get('/mem/main.mbp')!.text;
  return { diagnostics, at: (d) => source.slice(d.range.start, d.range.end) };
}

function only(text: string, code: string, inventory?: Inventory): { d: Diagnostic; at: string } {
  const { diagnostics, at } = check(text, inventory);
  assert.equal(diagnostics.map((d) => d.code), [code], diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return { d: diagnostics[0]!, at: at(diagnostics[0]!) };
}

test('a blueprint that fits the inventory has no inventory diagnostics', () => {
  assert.equal(check(webBlueprint({ count: 3, array: ['tags = ["ssd"]', 'spread = "rack"', 'prefer { servers = [1, "srv-0002"] }'] })).diagnostics, []);
});

test('MBP4001: an unknown datacenter, with the closest name as a fix-it', () => {
  const { d, at } = only(webBlueprint().replace('"dc-east"', '"dc-eats"'), 'MBP4001');
  assert.is(at, '"dc-eats"');
  assert.is(d.message, 'datacenter `dc-eats` is not in the inventory');
  assert.is(d.help, 'did you mean `dc-east`? the inventory has dc-east and dc-west');
  assert.equal(d.fixes[0]?.edits[0]?.text, '"dc-east"');
});

test('MBP4002: an unknown server type, in `server_type` and in a split', () => {
  const { d, at } = only(webBlueprint({ type: 'M.8.32.3' }), 'MBP4002');
  assert.is(at, '"M.8.32.3"');
  assert.match(d.help ?? '', /did you mean `M\.8\.32\.2`\?/);
  const split = webBlueprint().replace('server_type = "M.8.32.2"\n    count       = 2', 'server_types = { "M.8.32.2" = 1, "X.1.1.1" = 1 }');
  const s = only(split, 'MBP4002');
  assert.match(s.at, /X\.1\.1\.1/);
});

test('MBP4003: a tag no server of the type carries in the datacenter', () => {
  const { d, at } = only(webBlueprint({ array: ['tags = ["ssd", "gpu"]'] }), 'MBP4003');
  assert.is(at, '"gpu"');
  assert.is(d.message, 'no `M.8.32.2` server in `dc-east` has tag `gpu`');
  assert.is(d.help, '`M.8.32.2` servers in `dc-east` carry ssd');
});

test('MBP4004/MBP4005/MBP4006: the pools cannot hold the subnet', () => {
  const inv = demo();
  inv.datacenters.find((d) => d.name === 'dc-east')!.subnet_pools.san.ipv6 = [];
  const noPool = only(webBlueprint({ infra: ['network san { kind = "san" }', 'subnet s6 { network = san, family = "ipv6" }'] }), 'MBP4004', inv);
  assert.is(noPool.d.message, 'datacenter `dc-east` has no ipv6 pool for `san` networks to carve subnet `s6` from');
  const big = only(webBlueprint({ infra: ['subnet huge { network = wan, prefix = 12 }'] }), 'MBP4005');
  assert.is(big.at, '12');
  assert.match(big.d.message, /a \/12 does not fit in any of the wan ipv4 pools 10\.20\.0\.0\/16 and 198\.51\.100\.0\/24 of `dc-east`/);
  const outside = only(webBlueprint({ infra: ['subnet mine { network = wan, prefix = 26, pool = 192.168.0.0/16 }'] }), 'MBP4006');
  assert.is(outside.at, '192.168.0.0/16');
  // A pool inside the datacenter's is fine.
  assert.equal(check(webBlueprint({ infra: ['subnet mine { network = wan, prefix = 26, pool = 10.20.64.0/18 }'] })).diagnostics, []);
});

test('MBP4007: not enough servers, with allocation\'s own shortage message at the count', () => {
  const { d, at } = only(webBlueprint({ type: 'G.48.512.2', count: 9 }), 'MBP4007');
  assert.is(at, '9');
  assert.is(d.message, 'hello/web: need 9 G.48.512.2 in dc-east: 8 available');
  const split = webBlueprint().replace('server_type = "M.8.32.2"\n    count       = 2', 'server_types = { "M.8.32.2" = 1, "G.48.512.2" = 20 }');
  const s = only(split, 'MBP4007');
  assert.is(s.at, '20');
});

test('MBP4008: a preferred server the inventory does not have is a warning', () => {
  const { d, at } = only(webBlueprint({ array: ['prefer { servers = [1, "srv-9999"] }'] }), 'MBP4008');
  assert.is(d.severity, 'warning');
  assert.is(at, '"srv-9999"');
  assert.is(d.message, 'preferred server `srv-9999` is not in the inventory');
});

test('MBP4009: a port beyond the server type\'s NICs', () => {
  const { d, at } = only(webBlueprint({ array: ['port 2 { network = wan }'] }), 'MBP4009');
  assert.is(at, '2');
  assert.is(d.message, 'port 2 does not exist on server type `M.8.32.2`: it has 2 NICs');
});

test('MBP4010: a pinned VLAN outside the datacenter\'s range', () => {
  const { d, at } = only(webBlueprint().replace('network wan { kind = "wan" }', 'network wan { kind = "wan", vlan = 4000 }'), 'MBP4010');
  assert.is(at, '4000');
  assert.is(d.message, 'VLAN 4000 is outside the range of `dc-east` (100-3999)');
});

test('values not known at compile time are not checked', () => {
  const text = `param dc: string\n${webBlueprint().replace('"dc-east"', 'dc')}`;
  assert.equal(check(text).diagnostics, []);
});

test('`mbp check --inventory FILE` reports MBP4xxx; without the flag nothing is checked against an inventory', async () => {
  const dir = makeTempDir();
  try {
    fs.writeFileSync(path.join(dir.path, 'main.mbp'), webBlueprint({ type: 'M.8.32.9' }));
    fs.writeFileSync(path.join(dir.path, 'inv.json'), serializeInventory(demo()));
    const setup = { cwd: dir.path, fs: new NodeFileSystem() };
    const plain = await runCli(['check', 'main.mbp'], setup);
    assert.is(plain.code, 0, plain.stdout);
    const r = await runCli(['check', '--inventory', 'inv.json', 'main.mbp'], setup);
    assert.is(r.code, 1);
    assert.match(r.stdout, /error\[MBP4002\]: server type `M\.8\.32\.9` is not in the inventory/);
    const missing = await runCli(['check', '--inventory', 'nope.json', 'main.mbp'], setup);
    assert.is(missing.code, 1);
    assert.match(missing.stderr, /No inventory file at .*nope\.json/);
  } finally {
    dir.cleanup();
  }
});

test('each case file of inventory-cases/ produces exactly the code it is named after, and nothing else', () => {
  const files = fs.readdirSync(CASES_DIR).filter((f) => f.endsWith('.mbp')).sort();
  assert.ok(files.length >= 10);
  for (const name of files) {
    const result = checkText(fs.readFileSync(path.join(CASES_DIR, name), 'utf8'), name, { inventoryChecks: (checked) => checkAgainstInventory(checked, caseInventory()) });
    assert.equal(result.diagnostics.map((d) => d.code), [name.slice(0, 7)], `${name}: ${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  }
  // Together they cover the whole MBP4xxx table (what test/codes needs once it checks them with this inventory).
  assert.equal(files.map((f) => f.slice(0, 7)), Object.keys(CODES).filter((c) => c.startsWith('MBP4')).sort());
});

test('every MBP4xxx code of the table is emitted by a case above', () => {
  const table = Object.keys(CODES).filter((c) => c.startsWith('MBP4'));
  assert.ok(table.length >= 10);
  assert.equal(table.filter((c) => !emitted.has(c)), []);
});

test.run();
