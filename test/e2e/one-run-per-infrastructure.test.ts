import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir, type TempDir } from '../support/temp-dir.ts';
import { EXAMPLES, SimulatedWorld, type Run } from './simulated-world.ts';

// One run per infrastructure at a time (runtime/apply/infrastructure-busy.ts):
// while an apply or a destroy of it runs, another apply or destroy of it is
// refused with exit 3 and changes nothing; once the first has ended the same
// command goes through. The first run is held in its first step by a
// failpoint pause, so the second always meets it in flight.

const BIN = fileURLToPath(new URL('../../cli/bin/mbp.js', import.meta.url));
// Long enough for the second command(s) to start and finish on a loaded machine.
const HOLD = 'executor.mid-step=pause-once(10000)';

const test = suite<{ temp?: TempDir; world?: SimulatedWorld }>('one run per infrastructure');
test.before.each((ctx) => {
  ctx.temp = makeTempDir();
  ctx.world = new SimulatedWorld(ctx.temp.path);
  fs.copyFileSync(path.join(EXAMPLES, 'hello.mbp'), path.join(ctx.temp.path, 'hello.mbp'));
  assert.is(ctx.world.mbp('inventory', 'init', '--demo').code, 0);
});
test.after.each((ctx) => ctx.temp?.cleanup());

/** Starts `mbp ARGS` held in its first step; resolves `inFlight` once its output shows `ready` (its reservation is committed). */
function started(dir: string, args: readonly string[], ready: RegExp): { inFlight: Promise<void>; done: Promise<Run> } {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', MBP_FAILPOINTS: HOLD };
  delete env.MBP_INVENTORY;
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env });
  let stdout = '';
  let stderr = '';
  let seen: () => void = () => undefined;
  const inFlight = new Promise<void>((resolve) => (seen = resolve));
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (ready.test(stdout)) seen();
  });
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  const done = new Promise<Run>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(guard);
      seen();
      resolve({ code, stdout, stderr });
    }),
  );
  return { inFlight, done };
}

/** hello applied, then its destroy started and held in its first step. */
async function destroyInFlight(world: SimulatedWorld): Promise<{ done: Promise<Run> }> {
  assert.is(world.mbp('apply', 'hello.mbp', '--auto-approve', '--speed', '0').code, 0);
  const first = started(world.dir, ['destroy', 'hello', '--auto-approve', '--speed', '0'], /release: started/);
  await first.inFlight;
  return first;
}

const inventoryText = (world: SimulatedWorld): string => fs.readFileSync(path.join(world.dir, '.mbp', 'inventory.json'), 'utf8');

function assertRefusedBy(r: Run, first: Run | undefined, what: string): void {
  assert.is(r.code, 3, `${what}: ${r.stdout}${r.stderr}`);
  assert.match(r.stderr, /infrastructure hello is being changed by run \S+ \(pid \d+ on \S+, since [^)]+\); nothing was changed/, what);
  assert.match(r.stderr, /wait for that run to end/, what);
  if (first !== undefined) assert.is(first.code, 0, `the first run went on: ${first.stdout}${first.stderr}`);
}

test('a destroy while an apply of the infrastructure runs is refused (exit 3, nothing changed); after it, the destroy goes through', async (ctx) => {
  const world = ctx.world!;
  const first = started(world.dir, ['apply', 'hello.mbp', '--auto-approve', '--speed', '0'], /reserve committed/);
  await first.inFlight;
  const before = inventoryText(world);
  const refused = world.mbp('destroy', 'hello', '--auto-approve', '--speed', '0');
  // The first run is still held in its first step: the refusal wrote nothing.
  assert.is(inventoryText(world), before, 'the refused destroy wrote nothing');
  assertRefusedBy(refused, await first.done, 'destroy during apply');
  // Negative control: the same command, with nothing in flight, is not refused.
  const after = world.mbp('destroy', 'hello', '--auto-approve', '--speed', '0');
  assert.is(after.code, 0, after.stdout + after.stderr);
  assert.equal(world.inventory().infrastructures, []);
});

test('a second destroy while one runs is refused; the first finishes the job', async (ctx) => {
  const world = ctx.world!;
  const first = await destroyInFlight(world);
  const refused = world.mbp('destroy', 'hello', '--auto-approve', '--speed', '0');
  assertRefusedBy(refused, await first.done, 'destroy during destroy');
  assert.equal(world.inventory().infrastructures, []);
  assert.equal(world.inventory().reservations, [], 'the destroy gave its reservation back');
});

test('a second apply while an apply of the same blueprint runs is refused (exit 3, no journal left to resume); the first deploys alone', async (ctx) => {
  const world = ctx.world!;
  const first = started(world.dir, ['apply', 'hello.mbp', '--auto-approve', '--speed', '0'], /reserve committed/);
  await first.inFlight;
  const before = inventoryText(world);
  const runs = world.journals().length;
  // A plan meanwhile says what it is looking at.
  const plan = world.mbp('plan', 'hello.mbp');
  assert.is(plan.code, 0, plan.stdout + plan.stderr);
  assert.match(plan.stdout + plan.stderr, /warning: hello: run \S+ \(pid \d+ on \S+, since [^)]+\) holds it; if that run is still going, this plan shows it part-way, and mbp apply is refused until the run ends/);
  const refused = world.mbp('apply', 'hello.mbp', '--auto-approve', '--speed', '0');
  assert.is(inventoryText(world), before, 'the refused apply wrote nothing');
  assert.is(world.journals().length, runs, 'the refused apply left no run behind');
  assertRefusedBy(refused, await first.done, 'apply during apply');
  const inv = world.inventory();
  assert.is(inv.servers.filter((s) => s.status !== 'available').length, 1, 'one server deployed, not two');
  assert.equal(inv.reservations, []);
  // Negative control: with nothing in flight the same apply goes through (and has nothing to do).
  const after = world.mbp('apply', 'hello.mbp', '--auto-approve', '--speed', '0');
  assert.is(after.code, 0, after.stdout + after.stderr);
  assert.match(after.stdout, /No changes/);
  assert.not.match(after.stdout + after.stderr, /holds it/, 'no warning once the run has ended');
});

test('an apply while a destroy of the infrastructure runs is refused, naming the destroy in flight', async (ctx) => {
  const world = ctx.world!;
  const first = await destroyInFlight(world);
  const refused = world.mbp('apply', 'hello.mbp', '--auto-approve', '--speed', '0');
  assert.is(refused.code, 1, refused.stdout + refused.stderr);
  assert.match(refused.stdout + refused.stderr, /hello: its last destroy did not finish \(1 server\(s\) still bound\), so it cannot be planned; run \S+ \(pid \d+ on \S+, since [^)]+\) still holds it/);
  assert.match(refused.stdout + refused.stderr, /if that destroy is still running, wait for it to end/);
  const done = await first.done;
  assert.is(done.code, 0, done.stdout + done.stderr);
  // Once it has ended the blueprint applies afresh.
  const again = world.mbp('apply', 'hello.mbp', '--auto-approve', '--speed', '0');
  assert.is(again.code, 0, again.stdout + again.stderr);
  assert.is(world.inventory().infrastructures[0]?.status, 'deployed');
});

test.run();
