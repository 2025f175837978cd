import { lookupStep, type StepResource } from '../../stdlib/index.ts';

/** What the executor needs to know about a step kind, whether it comes from the stdlib or is built in. */
export interface StepKindInfo {
  readonly name: string;
  readonly doc: string;
  /** A killed run may re-run it safely. */
  readonly idempotent: boolean;
  readonly resource: StepResource;
  /** Only waits: holds no executor slot. */
  readonly waitsOnly: boolean;
}

const builtin = (name: string, resource: StepResource, doc: string): StepKindInfo =>
  Object.freeze({ name, doc, idempotent: true, resource, waitsOnly: false });

/**
 * Step kinds of the plan that no blueprint calls: the parts of a deployment
 * the runtime does from the definition alone. All converge on a target state
 * recorded in the inventory, so all are idempotent.
 */
export const BUILTIN_STEP_KINDS: Readonly<Record<string, StepKindInfo>> = Object.freeze(
  Object.fromEntries(
    [
      builtin('mbp.ipam.allocate_subnets', 'none', 'Carves every subnet of the infrastructure (declared and default) from the datacenter\'s pools. Runs before the pre_deploy hooks, which may use the subnets; an empty infrastructure does this and nothing else by itself.'),
      builtin('mbp.network.allocate_vlans', 'none', 'Allocates a VLAN for each network of the infrastructure (or takes the pinned `vlan`). Only when the infrastructure has instance arrays.'),
      builtin('mbp.instance.bind', 'none', 'Binds the server reserved for the instance (apply reserves every planned server before the pre_deploy hooks) and records the instance in the inventory.'),
      builtin('mbp.instance.release', 'bmc', 'Powers the instance\'s server off, shuts its ports, wipes its disks and returns it to the pool with its addresses (server status `releasing → cleaning → available`).'),
      builtin('mbp.network.release_vlans', 'switch', 'Removes the infrastructure\'s VLANs from the switches and releases them.'),
      builtin('mbp.ipam.release_subnets', 'none', 'Releases the infrastructure\'s subnets to their pools.'),
    ].map((k) => [k.name, k]),
  ),
);

/** The executor facts of a stdlib step kind (`std.ssh.exec`) or a built-in one (`mbp.instance.bind`). */
export function stepKindInfo(kind: string): StepKindInfo | undefined {
  const def = lookupStep(kind);
  if (def) return { name: def.name, doc: def.doc, idempotent: def.idempotent, resource: def.resource, waitsOnly: def.waitsOnly };
  return Object.hasOwn(BUILTIN_STEP_KINDS, kind) ? BUILTIN_STEP_KINDS[kind] : undefined;
}
