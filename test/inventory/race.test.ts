import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createDemoInventory,
  JsonFileInventoryStore,
  lockPathFor,
  parseInventoryText,
  serializeInventory,
  UNSAFE_NO_LOCK_ENV,
} from '../../runtime/inventory/index.ts';
import { resultOf, startChild } from './helpers/spawn-child.ts';

// Two real processes each reserve "the first available server". The
// after-reread failpoint holds each inside its transaction for 300 ms so the
// two overlap for certain. With the lock they must take different servers;
// with the lock switched off (negative control) they must collide, which
// proves the test can see a double allocation at all.

const OVERLAP = 'inventory.after-reread=pause(300)';
let dir = '';
let file = '';
test.before.each(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
  file = path.join(dir, 'inventory.json');
  fs.writeFileSync(file, serializeInventory(createDemoInventory(new Date(Date.UTC(2025, 0, 1)))));
});
test.after.each(() => fs.rmSync(dir, { recursive: true, force: true }));

async function race(env: Record<string, string>) {
  const children = [startChild(['reserve', file, 'run-a'], env), startChild(['reserve', file, 'run-b'], env)];
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.go();
  const exits = await Promise.all(children.map((c) => c.exited));
  for (const e of exits) assert.is(e.code, 0, `child failed:\n${e.stderr}`);
  return exits.map((e) => resultOf(e.stdout));
}

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid ?? 999_999;
}

test('with the lock, two overlapping processes never take the same server', async () => {
  const [a, b] = await race({ MBP_FAILPOINTS: OVERLAP });
  assert.ok(a && b);
  assert.is.not(a.server, b.server);
  assert.equal([a.server, b.server].sort(), [1, 2]);
  const inv = parseInventoryText(fs.readFileSync(file, 'utf8'), file);
  assert.is(inv.serial, 3, 'both commits landed');
  assert.is(inv.servers.find((s) => s.id === a.server)?.allocation?.run_id, a.runId);
  assert.is(inv.servers.find((s) => s.id === b.server)?.allocation?.run_id, b.runId);
  assert.equal(inv.reservations.map((r) => r.run_id).sort(), ['run-a', 'run-b']);
  assert.not.ok(fs.existsSync(lockPathFor(file)));
});

test('with a stale lock left by a dead process, both racers take it over safely', async () => {
  fs.writeFileSync(lockPathFor(file), JSON.stringify({ pid: deadPid(), host: os.hostname(), command: 'mbp apply (killed)', time: '2025-01-01T00:00:00.000Z' }));
  const [a, b] = await race({ MBP_FAILPOINTS: OVERLAP });
  assert.ok(a && b);
  assert.is.not(a.server, b.server);
  assert.is(parseInventoryText(fs.readFileSync(file, 'utf8'), file).serial, 3);
  assert.not.ok(fs.existsSync(lockPathFor(file)));
});

test(`negative control: with ${UNSAFE_NO_LOCK_ENV}=1 the same race DOES double-allocate`, async () => {
  const [a, b] = await race({ MBP_FAILPOINTS: OVERLAP, [UNSAFE_NO_LOCK_ENV]: '1' });
  assert.ok(a && b);
  assert.is(a.server, b.server, 'without the lock both processes should have taken the same server');
  // And one commit silently overwrote the other: a lost update.
  const inv = parseInventoryText(fs.readFileSync(file, 'utf8'), file);
  assert.is(inv.reservations.length, 1);
  assert.is(inv.serial, 2);
});

test('a writer killed between temp-file write and rename leaves the old inventory intact and valid', async () => {
  const before = fs.readFileSync(file);
  const child = startChild(['commit', file], { MBP_FAILPOINTS: 'inventory.before-rename=sigkill' });
  await child.ready;
  child.go();
  const exit = await child.exited;
  assert.is(exit.signal, 'SIGKILL', `child was not killed:\n${exit.stdout}\n${exit.stderr}`);
  assert.ok(fs.readFileSync(file).equals(before), 'the inventory changed');
  assert.is(parseInventoryText(fs.readFileSync(file, 'utf8'), file).serial, 1);
  // The crash left its lock and its temp file; the next writer recovers from both.
  const left = fs.readdirSync(dir).sort();
  assert.ok(left.includes('inventory.json.lock'), left.join(', '));
  assert.ok(left.some((n) => n.endsWith('.tmp')), left.join(', '));
  await new JsonFileInventoryStore(file).transaction((d) => {
    d.servers[0]!.tags.push('after-crash');
  });
  assert.equal(fs.readdirSync(dir), ['inventory.json']);
  assert.is(parseInventoryText(fs.readFileSync(file, 'utf8'), file).serial, 2);
});

test('SIGTERM while holding the lock releases it; the inventory is unchanged', async () => {
  const before = fs.readFileSync(file);
  const child = startChild(['commit', file], { MBP_FAILPOINTS: 'inventory.after-reread=pause(10000)' });
  await child.ready;
  child.go();
  const lock = lockPathFor(file);
  const deadline = Date.now() + 10_000;
  // The holder is written just after the file is created: wait for the whole record, not just the name.
  const holder = (): { pid?: number } | undefined => {
    try {
      return JSON.parse(fs.readFileSync(lock, 'utf8')) as { pid?: number };
    } catch {
      return undefined;
    }
  };
  while (holder() === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(fs.existsSync(lock), 'the child never took the lock');
  assert.is(holder()?.pid, child.process.pid);
  child.process.kill('SIGTERM');
  const exit = await child.exited;
  assert.is(exit.signal, 'SIGTERM');
  assert.not.ok(fs.existsSync(lock), 'lock left behind after SIGTERM');
  assert.ok(fs.readFileSync(file).equals(before));
});

test.run();
