import { assignIps } from './addresses.ts';
import { finalize, prepareBoot } from './boot.ts';
import { installOs } from './install.ts';
import { configurePorts } from './ports.ts';
import { powerOff, powerOn } from './power.ts';
import { waitReady } from './ready.ts';
import { releaseInstance } from './release.ts';
import type { HandlerTable } from './types.ts';
import { httpRequest } from './http.ts';
import { tsCall } from './hooks.ts';
import type { NetworkRuntime } from './network-runtime.ts';
import { sshCopy, sshExec } from './ssh.ts';
import { waitUntilHttp, waitUntilSsh } from './wait-network.ts';
import { waitDuration } from './wait.ts';

/**
 * The step kinds implemented against the hardware drivers. The kinds that
 * only touch the inventory (`mbp.instance.bind`, `mbp.ipam.*`,
 * `mbp.network.*`, `std.ipam.*`) are given to the plan→nodes adapter by
 * the apply layer; those of the network drivers (`std.ssh.*`,
 * `std.http.request`, `std.ts.call`, `std.wait.until_*`) by
 * `networkHandlers` below, on the run's drivers.
 */
export const BUILTIN_HANDLERS: HandlerTable = Object.freeze({
  'std.provision.configure_ports': configurePorts,
  'std.provision.assign_ips': assignIps,
  'std.provision.power_off': powerOff,
  'std.provision.prepare_boot': prepareBoot,
  'std.provision.power_on': powerOn,
  'std.provision.install_os': installOs,
  'std.provision.finalize': finalize,
  'std.provision.wait_ready': waitReady,
  'std.wait.duration': waitDuration,
  'mbp.instance.release': releaseInstance,
});

const MIN = 60_000;

/**
 * Per-attempt timeouts of the kinds above when the plan gives none (real
 * time; the simulated datacenter's table at speed 1 fits well inside).
 * `wait_ready` has its own watchdog (`ready.timeout_ms`) and a wait its
 * duration, so neither has one here.
 */
export const DEFAULT_STEP_TIMEOUTS_MS: Readonly<Record<string, number>> = Object.freeze({
  'std.provision.configure_ports': 10 * MIN,
  'std.provision.assign_ips': 1 * MIN,
  'std.provision.power_off': 10 * MIN,
  'std.provision.prepare_boot': 30 * MIN,
  'std.provision.power_on': 10 * MIN,
  'std.provision.install_os': 120 * MIN,
  'std.provision.finalize': 30 * MIN,
  'mbp.instance.release': 60 * MIN,
});

/** The kinds that reach hosts over the network, and TypeScript hooks, on one run's drivers. */
export function networkHandlers(net: NetworkRuntime): HandlerTable {
  return Object.freeze({
    'std.ssh.exec': sshExec(net),
    'std.ssh.copy': sshCopy(net),
    'std.http.request': httpRequest(net),
    'std.ts.call': tsCall(net),
    'std.wait.until_ssh': waitUntilSsh(net),
    'std.wait.until_http': waitUntilHttp(net),
  });
}
