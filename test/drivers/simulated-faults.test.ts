import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../../runtime/clock/index.ts';
import { isDriverError, type FaultEvent, type FaultRates, type SimulatedDatacenter } from '../../runtime/drivers/index.ts';
import { tempDatacenter } from './sim-fixture.ts';

const RATES: FaultRates = { bmcError: 0.3, installTimeout: 0.35, lostReadiness: 0.35 };
const SERVERS = ['srv-1', 'srv-2', 'srv-3'] as const;
const WATCHDOG_MS = 3_600_000;

type Outcome = 'ready' | 'install-timeout' | 'ready-timeout' | 'bmc-gave-up';

/** Retries BMC calls that hit an injected fault, as the executor would. */
async function bmc(call: () => Promise<unknown>): Promise<boolean> {
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      await call();
      return true;
    } catch (error) {
      if (!isDriverError(error, 'device-error')) throw error;
    }
  }
  return false;
}

/** Races `work` against a watchdog on the virtual clock. */
async function within<T>(clock: ManualClock, work: (signal: AbortSignal) => Promise<T>): Promise<T | 'timeout'> {
  const controller = new AbortController();
  const timer = clock.sleep(WATCHDOG_MS, controller.signal).then(() => 'timeout' as const, () => 'timeout' as const);
  try {
    return await Promise.race([work(controller.signal), timer]);
  } finally {
    controller.abort();
  }
}

async function provision(dc: SimulatedDatacenter, clock: ManualClock, id: string, attempt: number): Promise<Outcome> {
  const target = { serverId: id };
  const mac = dc.state.servers[id]!.macs[0]!;
  const live = new AbortController().signal;
  if (!(await bmc(() => dc.bmc.powerOff(target, live)))) return 'bmc-gave-up';
  await dc.boot.writeBootConfig({ mac, format: 'ipxe', action: 'install', image: `img-${attempt}`, content: '' }, live);
  if (!(await bmc(() => dc.bmc.setBootDevice(target, { device: 'pxe', persistent: true }, live)))) return 'bmc-gave-up';
  if (!(await bmc(() => dc.bmc.powerOn(target, live)))) return 'bmc-gave-up';
  const done = await within(clock, (signal) => dc.boot.waitInstallComplete(mac, signal));
  if (done === 'timeout') return 'install-timeout';
  if (!(await bmc(() => dc.bmc.setBootDevice(target, { device: 'disk', persistent: true }, live)))) return 'bmc-gave-up';
  if (!(await bmc(() => dc.bmc.powerCycle(target, live)))) return 'bmc-gave-up';
  const ready = await within(clock, (signal) => dc.waitReady(id, signal));
  return ready === 'timeout' ? 'ready-timeout' : 'ready';
}

interface Run {
  readonly outcomes: Record<string, Outcome[]>;
  readonly faults: readonly FaultEvent[];
  readonly counters: Record<string, unknown>;
}

/** Provisions every server three times, all servers at once or one after another. */
async function scenario(seed: number, rates: FaultRates, concurrent: boolean): Promise<Run> {
  const clock = new ManualClock();
  const sim = await tempDatacenter({ clock, speed: 1, seed, faults: rates });
  try {
    const outcomes: Record<string, Outcome[]> = {};
    const one = async (id: string): Promise<void> => {
      outcomes[id] = [];
      for (let attempt = 0; attempt < 3; attempt++) outcomes[id].push(await provision(sim.dc, clock, id, attempt));
    };
    if (concurrent) await clock.runUntil(Promise.all(SERVERS.map(one)));
    else for (const id of SERVERS) await clock.runUntil(one(id));
    const counters: Record<string, unknown> = {};
    for (const id of SERVERS) counters[id] = sim.dc.state.servers[id]!.faults;
    return { outcomes, faults: [...sim.dc.faultLog], counters };
  } finally {
    await sim.dispose();
  }
}

const key = (e: FaultEvent): string => `${e.target}/${e.kind}/${e.attempt}`;

test('the same seed injects the same faults with the same outcomes', async () => {
  const a = await scenario(7, RATES, true);
  const b = await scenario(7, RATES, true);
  assert.equal(a.faults, b.faults);
  assert.equal(a.outcomes, b.outcomes);
  assert.equal(a.counters, b.counters);
  const kinds = new Set(a.faults.map((f) => f.kind));
  assert.ok(kinds.has('bmcError') && kinds.has('installTimeout') && kinds.has('lostReadiness'), `seed 7 should hit every fault kind, got ${[...kinds].join(', ')}`);
  const outcomes = Object.values(a.outcomes).flat();
  assert.ok(outcomes.includes('ready'), 'some provisioning should succeed');
  assert.ok(outcomes.includes('install-timeout') && outcomes.includes('ready-timeout'));
});

test('faults depend on each server\'s own calls, not on how servers interleave', async () => {
  const together = await scenario(7, RATES, true);
  const oneByOne = await scenario(7, RATES, false);
  assert.equal(together.faults.map(key).sort(), oneByOne.faults.map(key).sort());
  assert.equal(together.outcomes, oneByOne.outcomes);
});

test('another seed injects other faults', async () => {
  const a = await scenario(7, RATES, true);
  const b = await scenario(8, RATES, true);
  assert.not.equal(a.faults.map(key), b.faults.map(key));
});

test('the fault counters in the state match the fault log', async () => {
  const run = await scenario(11, RATES, true);
  for (const id of SERVERS) {
    const mine = run.faults.filter((f) => f.target === id);
    assert.equal(run.counters[id], {
      bmc_errors: mine.filter((f) => f.kind === 'bmcError').length,
      install_timeouts: mine.filter((f) => f.kind === 'installTimeout').length,
      lost_readiness: mine.filter((f) => f.kind === 'lostReadiness').length,
    });
  }
});

test('rates of zero inject nothing and every provisioning succeeds', async () => {
  const run = await scenario(7, { bmcError: 0, installTimeout: 0, lostReadiness: 0 }, true);
  assert.equal(run.faults, []);
  assert.ok(Object.values(run.outcomes).flat().every((o) => o === 'ready'));
});

test.run();
