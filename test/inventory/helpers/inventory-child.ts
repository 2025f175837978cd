// A separate process working on an inventory file, for the race, crash and
// signal tests. Prints "ready" once loaded, waits for a line on stdin (so the
// parent can start several at the same instant), runs one transaction, then
// prints its result as JSON.
//
//   reserve FILE RUN_ID   reserve the lowest-id available server for RUN_ID
//   commit FILE           put server 1 into maintenance
import os from 'node:os';
import { createInterface } from 'node:readline';
import { JsonFileInventoryStore, transition, type Inventory } from '../../../runtime/inventory/index.ts';

const [mode, file, runId = `pid-${process.pid}`] = process.argv.slice(2);
if (file === undefined || (mode !== 'reserve' && mode !== 'commit')) {
  process.stderr.write('usage: inventory-child.ts reserve|commit FILE [RUN_ID]\n');
  process.exit(64);
}

function reserve(draft: Inventory): number {
  const free = draft.servers.filter((s) => s.status === 'available').sort((a, b) => a.id - b.id)[0];
  if (free === undefined) throw new Error('no available server');
  draft.servers[draft.servers.indexOf(free)] = transition(free, 'reserved', `reserved by ${runId}`, { allocation: { run_id: runId } });
  draft.reservations.push({
    run_id: runId,
    pid: process.pid,
    host: os.hostname(),
    infrastructure: 'race',
    created_at: '2025-01-01T00:00:00.000Z',
    servers: [free.id],
    subnets: [],
    vlans: [],
    ips: [],
    version: 0,
  });
  return free.id;
}

function maintain(draft: Inventory): number {
  const s = draft.servers.find((x) => x.id === 1);
  if (s === undefined) throw new Error('no server 1');
  draft.servers[draft.servers.indexOf(s)] = transition(s, 'maintenance', 'child', { actor: 'operator' });
  return s.id;
}

const store = new JsonFileInventoryStore(file, { command: `inventory-child ${mode} ${runId}` });
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
await new Promise<void>((resolve) => lines.once('line', () => resolve()));
lines.close();
const server = await store.transaction(mode === 'reserve' ? reserve : maintain);
process.stdout.write(`${JSON.stringify({ runId, server })}\n`);
