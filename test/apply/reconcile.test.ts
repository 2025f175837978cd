import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { reconcileAbandonedRuns, unlockRun } from '../../runtime/apply/index.ts';
import { ManualClock } from '../../runtime/clock/index.ts';
import { JsonFileInventoryStore, transition, type Inventory } from '../../runtime/inventory/index.ts';
import { journalPath, runsDirectory, type JournalRecord } from '../../runtime/journal/index.ts';
import { demoInventoryFile } from '../inventory/helpers/demo-file.ts';

// A killed run's binds reach the inventory by checkpoint, so the inventory
// may still say `reserved` for a server the run bound (and then powered on,
// installed...). Reconciliation reads the dead run's journal: a server its
// journal says was bound is set aside as failed, never returned to the pool.

const RUN = '20250101T000000.000Z-0000-abcdef';
let demo: ReturnType<typeof demoInventoryFile>;
test.before.each(() => {
  demo = demoInventoryFile();
});
test.after.each(() => demo.remove());

/** A pid that was a real process and has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

/** The demo inventory with servers 1 and 2 reserved by RUN, whose process is gone (written on `host`); the journal holds `records` (or nothing: no file). */
function killedRun(records: readonly JournalRecord[] | 'unreadable' | undefined, host = os.hostname()): void {
  const inv: Inventory = demo.onDisk();
  for (const id of [1, 2]) {
    const k = inv.servers.findIndex((s) => s.id === id);
    inv.servers[k] = transition(inv.servers[k]!, 'reserved', 'test', { at: '2025-01-01T00:00:00.000Z', allocation: { run_id: RUN, infrastructure: 'web', instance_id: `i-00000${id}` } });
  }
  inv.reservations.push({ run_id: RUN, pid: deadPid(), host, infrastructure: 'web', created_at: '2025-01-01T00:00:00.000Z', servers: [1, 2], subnets: [], vlans: [], ips: [], version: 1 });
  fs.writeFileSync(demo.file, JSON.stringify(inv));
  const dir = path.dirname(demo.file);
  fs.mkdirSync(runsDirectory(dir), { recursive: true });
  if (records === 'unreadable') fs.writeFileSync(journalPath(dir, RUN), 'not a journal\nat all\n');
  else if (records !== undefined) fs.writeFileSync(journalPath(dir, RUN), records.map((r) => JSON.stringify(r) + '\n').join(''));
}

const header: JournalRecord = { type: 'header', format: 1, run: RUN, who: 't', host: os.hostname(), pid: 1, cwd: '/', command: ['mbp', 'apply'], params: {}, startedAt: '', at: 0 };
const bindOf = (server: string, outcome: 'succeeded' | 'failed' = 'succeeded'): JournalRecord[] => [
  { type: 'step-start', id: 'web/app[0]/bind', attempt: 1, idempotent: true, at: 1 },
  outcome === 'succeeded'
    ? { type: 'step-end', id: 'web/app[0]/bind', attempt: 1, outcome, outputs: { server, instance_id: 'i-000001' }, ms: 1, at: 2 }
    : { type: 'step-end', id: 'web/app[0]/bind', attempt: 1, outcome, error: { message: 'x' } as never, ms: 1, at: 2 },
];

const statusOf = (id: number): string => demo.onDisk().servers.find((s) => s.id === id)!.status;
const nameOf = (id: number): string => demo.onDisk().servers.find((s) => s.id === id)!.name;

async function reconcile(): Promise<string[]> {
  return reconcileAbandonedRuns(new JsonFileInventoryStore(demo.file, { command: 'test' }), new ManualClock());
}

test('a server the dead run journaled as bound (still reserved in the inventory) is set aside as failed; the other goes back', async () => {
  killedRun([header, ...bindOf(demo.onDisk().servers.find((s) => s.id === 1)!.name)]);
  const lines = await reconcile();
  assert.is(statusOf(1), 'failed');
  assert.is(statusOf(2), 'available');
  assert.is(demo.onDisk().reservations.length, 0);
  assert.ok(lines.some((l) => l.startsWith(`${nameOf(1)}: run ${RUN} was killed while provisioning it (bound in its journal)`)), lines.join('\n'));
});

test('negative control: without the bind in the journal (started, not finished), both servers go back to the pool', async () => {
  killedRun([header, bindOf('x')[0]!]);
  await reconcile();
  assert.is(statusOf(1), 'available');
  assert.is(statusOf(2), 'available');
});

test('an unreadable or missing journal sets every server of the run aside: it may have touched any', async () => {
  killedRun('unreadable');
  await reconcile();
  assert.equal([statusOf(1), statusOf(2)], ['failed', 'failed']);
  demo.remove();
  demo = demoInventoryFile();
  killedRun(undefined);
  await reconcile();
  assert.equal([statusOf(1), statusOf(2)], ['failed', 'failed']);
});

test('a run written on another host is left alone by reconciliation; `unlockRun` with force tidies it the same way, one transaction', async () => {
  killedRun([header, ...bindOf(nameOf(1))], 'a-host-that-died');
  const before = fs.readFileSync(demo.file, 'utf8');
  assert.equal(await reconcile(), []);
  assert.is(fs.readFileSync(demo.file, 'utf8'), before, 'reconciliation cannot tell it is dead');
  const store = new JsonFileInventoryStore(demo.file, { command: 'test' });
  const out = await unlockRun(store, new ManualClock(), RUN, { force: true });
  assert.equal([statusOf(1), statusOf(2)], ['failed', 'available']);
  assert.equal(demo.onDisk().reservations, []);
  assert.is(demo.onDisk().serial, JSON.parse(before).serial + 1, 'one commit');
  assert.equal(out.dropped.map((r) => r.infrastructure), ['web']);
  assert.ok(out.servers[0]!.startsWith(`${nameOf(1)}: run ${RUN} was killed while provisioning it (bound in its journal)`), out.servers.join('\n'));
  assert.is(out.servers[1], `${nameOf(2)}: reserved by killed run ${RUN}, never bound: available again`);
});

test('negative control: `unlockRun` refuses a run alive on this host (this process), even with force, and writes nothing', async () => {
  killedRun([header]);
  const inv = demo.onDisk();
  inv.reservations[0]!.pid = process.pid;
  fs.writeFileSync(demo.file, JSON.stringify(inv));
  const before = fs.readFileSync(demo.file, 'utf8');
  const store = new JsonFileInventoryStore(demo.file, { command: 'test' });
  await unlockRun(store, new ManualClock(), RUN, { force: true }).then(
    () => assert.unreachable('unlocked a live run'),
    (e: Error) => assert.match(e.message, `Run ${RUN} is still running (pid ${process.pid} on ${os.hostname()}`),
  );
  assert.is(fs.readFileSync(demo.file, 'utf8'), before);
});

test.run();
