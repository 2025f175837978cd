import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  acquireFileLock,
  createDemoInventory,
  JsonFileInventoryStore,
  lockPathFor,
  LockTimeoutError,
  serializeInventory,
  UNREADABLE_LOCK_GRACE_MS,
} from '../../runtime/inventory/index.ts';

let dir = '';
let file = '';
let lock = '';
test.before.each(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
  file = path.join(dir, 'inventory.json');
  lock = lockPathFor(file);
  fs.writeFileSync(file, serializeInventory(createDemoInventory(new Date(Date.UTC(2025, 0, 1)))));
});
test.after.each(() => fs.rmSync(dir, { recursive: true, force: true }));

const fixedClock = { now: () => Date.UTC(2025, 5, 1, 12, 0, 0) };

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  if (r.pid === undefined) throw new Error('could not spawn');
  return r.pid;
}

function writeLock(holder: Record<string, unknown>): void {
  fs.writeFileSync(lock, JSON.stringify(holder));
}

async function commitOne(store = new JsonFileInventoryStore(file, { timeoutMs: 300 })): Promise<void> {
  await store.transaction((d) => {
    d.servers[0]!.tags.push('touched');
  });
}

test('the lock file names pid, host, command and time while a transaction runs', async () => {
  const store = new JsonFileInventoryStore(file, { command: 'mbp apply plan.json', clock: fixedClock });
  const seen = await store.transaction(() => JSON.parse(fs.readFileSync(lock, 'utf8')));
  assert.equal(seen, { pid: process.pid, host: os.hostname(), command: 'mbp apply plan.json', time: '2025-06-01T12:00:00.000Z' });
  assert.not.ok(fs.existsSync(lock), 'released afterwards');
});

test('a stale lock (its process is gone) is taken over', async () => {
  writeLock({ pid: deadPid(), host: os.hostname(), command: 'mbp apply (crashed)', time: '2025-01-01T00:00:00.000Z' });
  await commitOne();
  assert.not.ok(fs.existsSync(lock));
  assert.ok(fs.readFileSync(file, 'utf8').includes('touched'));
});

test('a lock naming our own pid that we do not hold is a leftover of an earlier process: taken over', async () => {
  writeLock({ pid: process.pid, host: os.hostname(), command: 'previous container', time: '2025-01-01T00:00:00.000Z' });
  await commitOne();
  assert.not.ok(fs.existsSync(lock));
});

test('timeout: LockTimeoutError names the holder (pid, host, command, since) and maps to exit code 3', async () => {
  const holder = { pid: process.ppid, host: os.hostname(), command: 'mbp apply big.json', time: '2025-03-04T05:06:07.000Z' };
  writeLock(holder);
  const before = fs.readFileSync(file);
  const started = Date.now();
  try {
    await commitOne();
    assert.unreachable('should have timed out');
  } catch (e) {
    assert.instance(e, LockTimeoutError);
    const err = e as LockTimeoutError;
    assert.equal(err.holder, holder);
    assert.is(err.exitCode, 3);
    assert.match(err.message, new RegExp(`held by pid ${process.ppid} on ${os.hostname()} \\(mbp apply big\\.json\\) since 2025-03-04T05:06:07\\.000Z`));
    assert.match(err.hint, /retry/);
  }
  assert.ok(Date.now() - started >= 250, 'gave up too early');
  assert.ok(fs.readFileSync(file).equals(before));
  assert.equal(JSON.parse(fs.readFileSync(lock, 'utf8')), holder, "someone else's lock is left alone");
});

test('a lock from another host is never judged stale, and the error says how to clear it', async () => {
  writeLock({ pid: deadPid(), host: 'other-host.example', command: 'mbp apply', time: '2025-01-01T00:00:00.000Z' });
  try {
    await commitOne();
    assert.unreachable('should have timed out');
  } catch (e) {
    assert.instance(e, LockTimeoutError);
    assert.match((e as Error).message, /on other-host\.example/);
    assert.match((e as LockTimeoutError).hint, new RegExp(`delete ${lock.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} by hand`));
  }
  assert.ok(fs.existsSync(lock));
});

test('an unreadable lock file is waited for while fresh, taken over once old', async () => {
  fs.writeFileSync(lock, '');
  try {
    await commitOne();
    assert.unreachable('a fresh empty lock must be respected');
  } catch (e) {
    assert.instance(e, LockTimeoutError);
    assert.match((e as Error).message, /names no holder yet/);
  }
  const old = (Date.now() - UNREADABLE_LOCK_GRACE_MS - 1000) / 1000;
  fs.utimesSync(lock, old, old);
  await commitOne();
  assert.not.ok(fs.existsSync(lock));
});

test('waiting for a live holder succeeds as soon as it releases', async () => {
  const first = await acquireFileLock(lock, { timeoutMs: 1000, command: 'first', clock: fixedClock });
  let secondGot = false;
  const second = acquireFileLock(lock, { timeoutMs: 5000, command: 'second', clock: fixedClock }).then((h) => {
    secondGot = true;
    return h;
  });
  await new Promise((r) => setTimeout(r, 150));
  assert.not.ok(secondGot, 'two holders at once');
  assert.is(JSON.parse(fs.readFileSync(lock, 'utf8')).command, 'first');
  await first.release();
  const h = await second;
  assert.is(JSON.parse(fs.readFileSync(lock, 'utf8')).command, 'second');
  await h.release();
  assert.not.ok(fs.existsSync(lock));
});

test('release removes only our own lock', async () => {
  const h = await acquireFileLock(lock, { timeoutMs: 1000, command: 'mine', clock: fixedClock });
  const theirs = JSON.stringify({ pid: process.ppid, host: os.hostname(), command: 'theirs', time: '2025-01-01T00:00:00.000Z' });
  fs.writeFileSync(lock, theirs);
  await h.release();
  assert.is(fs.readFileSync(lock, 'utf8'), theirs);
});

test('a transaction that throws still releases the lock', async () => {
  const store = new JsonFileInventoryStore(file);
  await store.transaction(() => {
    throw new Error('x');
  }).catch(() => undefined);
  assert.not.ok(fs.existsSync(lock));
});

test.run();
