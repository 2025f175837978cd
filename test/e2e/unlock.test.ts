import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Reservation } from '../../runtime/inventory/index.ts';
import { CrashWorld } from '../crash/crash-world.ts';
import { makeTempDir, type TempDir } from '../support/temp-dir.ts';
import { EXAMPLES } from './simulated-world.ts';

// `mbp inventory unlock RUN [--force]` (runtime/apply/unlock.ts): a run
// written on another host is assumed alive forever, so a SIGKILLed apply
// whose reservation names another host blocks its infrastructure (exit 3)
// until an operator vouches, with --force, that it is gone. A run alive on
// this host is never unlocked. Every refusal leaves the file byte-identical.

const OTHER_HOST = `${os.hostname()}-that-died`;

const test = suite<{ temp?: TempDir; world?: CrashWorld }>('inventory unlock');
test.before.each((ctx) => {
  ctx.temp = makeTempDir();
  ctx.world = new CrashWorld(ctx.temp.path, 'hello.mbp', '0');
  fs.copyFileSync(path.join(EXAMPLES, 'hello.mbp'), path.join(ctx.temp.path, 'hello.mbp'));
  assert.is(ctx.world.mbp('inventory', 'init', '--demo').code, 0);
});
test.after.each((ctx) => ctx.temp?.cleanup());

const inventoryFile = (world: CrashWorld): string => path.join(world.dir, '.mbp', 'inventory.json');
const inventoryText = (world: CrashWorld): string => fs.readFileSync(inventoryFile(world), 'utf8');

/** hello's apply SIGKILLed in its third step, its reservation then rewritten as if another host had written it: the run whose host died. */
async function stuckOnAnotherHost(world: CrashWorld): Promise<Reservation> {
  const killed = await world.attempt({ failpoints: 'executor.mid-step=sigkill-after(3)' });
  assert.is(killed.signal, 'SIGKILL', killed.stdout + killed.stderr);
  const inv = world.inventory();
  assert.is(inv.reservations.length, 1, 'the killed run left its reservation');
  inv.reservations[0]!.host = OTHER_HOST;
  fs.writeFileSync(inventoryFile(world), JSON.stringify(inv));
  return inv.reservations[0]!;
}

test('a run on a host that died blocks apply (exit 3) until `unlock --force`; without --force nothing changes; then apply resumes it', async (ctx) => {
  const world = ctx.world!;
  const stuck = await stuckOnAnotherHost(world);
  const blocked = world.mbp('apply', 'hello.mbp', '--auto-approve', '--speed', '0');
  assert.is(blocked.code, 3, blocked.stdout + blocked.stderr);
  assert.match(blocked.stderr, `if ${OTHER_HOST} is gone and the run with it, \`mbp inventory unlock ${stuck.run_id} --force\` drops its reservation`);

  const before = inventoryText(world);
  const refused = world.mbp('inventory', 'unlock', stuck.run_id);
  assert.is(refused.code, 1, refused.stdout + refused.stderr);
  assert.match(refused.stderr, `was written on ${OTHER_HOST}; mbp cannot tell whether it still runs there`);
  assert.match(refused.stderr, 'If you are sure it does not, run again with --force.');
  assert.is(inventoryText(world), before, 'the refused unlock wrote nothing');

  const unknown = world.mbp('inventory', 'unlock', 'no-such-run', '--force');
  assert.is(unknown.code, 1, unknown.stdout + unknown.stderr);
  assert.match(unknown.stderr, `Run no-such-run holds no reservation; nothing was changed. The reservations are:\n  ${stuck.run_id}: hello (pid ${stuck.pid} on ${OTHER_HOST}`);
  assert.is(inventoryText(world), before, 'an unknown run id wrote nothing');

  const unlocked = world.mbp('inventory', 'unlock', stuck.run_id, '--force');
  assert.is(unlocked.code, 0, unlocked.stdout + unlocked.stderr);
  assert.match(unlocked.stdout, `dropped its reservation of hello (pid ${stuck.pid} on ${OTHER_HOST}`);
  assert.match(unlocked.stdout, `\`mbp apply hello.mbp\` resumes what run ${stuck.run_id} left`);
  assert.equal(world.inventory().reservations, []);

  const again = world.mbp('apply', 'hello.mbp', '--auto-approve', '--speed', '0');
  assert.is(again.code, 0, again.stdout + again.stderr);
  assert.match(again.stdout, `Resumed run ${stuck.run_id}`);
  assert.is(world.inventory().infrastructures[0]?.status, 'deployed');

  const none = world.mbp('inventory', 'unlock', stuck.run_id, '--force', '--format', 'json');
  assert.is(none.code, 1, none.stdout + none.stderr);
  assert.match(JSON.parse(none.stdout).error.message, 'the inventory holds none');
});

test('a run alive on this host is not unlocked, even with --force; it finishes and gives its reservation back', async (ctx) => {
  const world = ctx.world!;
  // Held 4 s in its first step (after the reserve commit), so the unlocks below meet it in flight.
  const first = world.attempt({ failpoints: 'executor.mid-step=pause-once(4000)' });
  let holder: Reservation | undefined;
  for (let waited = 0; holder === undefined && waited < 30_000; waited += 50) {
    holder = world.inventory().reservations[0];
    if (holder === undefined) await sleep(50);
  }
  assert.ok(holder, 'the first run took its reservation');
  const before = inventoryText(world);
  for (const args of [[holder.run_id], [holder.run_id, '--force']]) {
    const refused = world.mbp('inventory', 'unlock', ...args);
    assert.is(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(refused.stderr, `Run ${holder.run_id} is still running (pid ${holder.pid} on ${os.hostname()}, since ${holder.created_at}): its reservation is not stuck; nothing was changed.`);
    assert.is(inventoryText(world), before, `unlock ${args.join(' ')} wrote nothing`);
  }
  const done = await first;
  assert.is(done.code, 0, done.stdout + done.stderr);
  assert.equal(world.inventory().reservations, []);
});

test.run();
