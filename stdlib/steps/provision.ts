import { T, type ObjectField } from '../types.ts';
import { defineStep, param } from './define-step.ts';
import type { StepDef, StepResource } from './step-def.ts';

/**
 * The built-in provisioning of one instance (DESIGN.md section 1), as data
 * the checker and the planner share.
 */

/** Run for every instance, from the array's definition, before anything else (with or without a workflow). */
export const PROVISION_PREAMBLE = Object.freeze(['configure_ports', 'assign_ips'] as const);

/** The default sequence, run when the array has no `on provision` workflow; `std.provision.os` runs all of it. */
export const PROVISION_DEFAULT_SEQUENCE = Object.freeze([
  'power_off',
  'prepare_boot',
  'power_on',
  'install_os',
  'finalize',
  'wait_ready',
] as const);

/** Every provisioning step in its required order; a workflow may skip steps but never reorder them. */
export const PROVISION_ORDER = Object.freeze([...PROVISION_PREAMBLE, ...PROVISION_DEFAULT_SEQUENCE] as const);

export type ProvisionStep = (typeof PROVISION_ORDER)[number];

/** The step name that stands for the whole default sequence. */
export const PROVISION_ALL = 'os';

const node = param('node', T.instance, 'The instance being provisioned (`instance` or a workflow parameter of type instance).', {
  required: true,
  positional: true,
});

const out = (type: ObjectField['type'], doc: string): ObjectField => ({ type, optional: false, doc });

interface ProvisionSpec {
  readonly step: ProvisionStep | typeof PROVISION_ALL;
  readonly doc: string;
  readonly outputs: Record<string, ObjectField>;
  readonly resource: StepResource;
  readonly waitsOnly?: boolean;
}

const spec = (s: ProvisionSpec): StepDef =>
  defineStep({
    name: `std.provision.${s.step}`,
    params: [node],
    outputs: s.outputs,
    doc: s.doc,
    example: `step ${s.step} = std.provision.${s.step}(node)`,
    // Every built-in step converges on a target state (ports, power, boot
    // config, a fresh install), so re-running one after a kill is safe.
    idempotent: true,
    resource: s.resource,
    waitsOnly: s.waitsOnly ?? false,
  });

export const PROVISION_STEPS: readonly StepDef[] = Object.freeze([
  spec({
    step: 'configure_ports',
    doc: 'Puts each attached port into its network\'s VLAN and shuts down every unattached port. Always run from the array\'s definition before the rest; calling it again re-applies the port configuration.',
    outputs: {
      attached: out(T.list(T.int), 'Indexes of the ports attached to a network.'),
      shut: out(T.list(T.int), 'Indexes of the ports shut down.'),
    },
    resource: 'switch',
  }),
  spec({
    step: 'assign_ips',
    doc: 'Gives each attached port one address from each subnet of its network (recorded in the inventory). Always run from the array\'s definition before the rest.',
    outputs: {
      ipv4: out(T.ip, 'The first IPv4 address (also `instance.ipv4`).'),
      ipv6: out(T.ip, 'The first IPv6 address, or null when no IPv6 subnet is attached.'),
      addresses: out(T.list(T.ip), 'Every address given to the instance.'),
    },
    resource: 'none',
  }),
  spec({
    step: 'power_off',
    doc: 'Powers the server off through its BMC (succeeds at once when it is already off).',
    outputs: { was_on: out(T.bool, 'Whether the server was powered on before.') },
    resource: 'bmc',
  }),
  spec({
    step: 'prepare_boot',
    doc: 'Prepares the boot: writes the PXE/iPXE configuration for a `local_drives` install, or creates the iSCSI volume from the template image for `pxe_iscsi` (diskless).',
    outputs: {
      method: out(T.string, 'The boot method (`local_drives` or `pxe_iscsi`).'),
      target: out(T.string, 'The PXE config path, or the iSCSI target IQN.'),
    },
    resource: 'none',
  }),
  spec({
    step: 'power_on',
    doc: 'Sets the next boot to the network and powers the server on through its BMC.',
    outputs: { boot_device: out(T.string, 'The boot device set before power-on.') },
    resource: 'bmc',
  }),
  spec({
    step: 'install_os',
    doc: 'Generates the instance\'s SSH host key pair and access key, hands them to the template\'s installer with the other template variables, boots the installer and waits for its completion signal; then pins the host key in the inventory (a reinstall replaces the pin).',
    outputs: {
      image: out(T.string, 'The image installed (path in the asset repository).'),
      sha256: out(T.string, 'Its SHA-256.'),
      host_key_fingerprint: out(T.string, 'SHA256 fingerprint of the pinned host key.'),
    },
    resource: 'bmc',
  }),
  spec({
    step: 'finalize',
    doc: 'Turns netboot off and boots from disk so a reboot never reinstalls; a diskless instance keeps booting from the network.',
    outputs: { boot_device: out(T.string, 'The persistent boot device (`disk`, or `network` when diskless).') },
    resource: 'bmc',
  }),
  spec({
    step: 'wait_ready',
    doc: 'Waits until the OS answers, by the template\'s `ready` check (SSH with the pinned host key, or a callback), with a watchdog timeout. Holds no executor slot.',
    outputs: {
      method: out(T.string, 'The readiness check used (`ssh` or `callback`).'),
      elapsed: out(T.duration, 'Time until the OS was ready.'),
    },
    resource: 'none',
    waitsOnly: true,
  }),
  spec({
    step: PROVISION_ALL,
    doc: 'The whole default sequence, `power_off → prepare_boot → power_on → install_os → finalize → wait_ready`, then the template\'s own steps: lets an `on provision` workflow keep the built-in install and add to it. The sub-steps hold their own resources.',
    outputs: {
      hostname: out(T.string, 'The instance hostname.'),
      ipv4: out(T.ip, 'The first IPv4 address.'),
      host_key_fingerprint: out(T.string, 'SHA256 fingerprint of the pinned host key.'),
    },
    resource: 'none',
    waitsOnly: true,
  }),
]);

/** `std.provision.install_os` → `install_os`; undefined for other names. */
export function provisionStepOf(name: string): ProvisionStep | typeof PROVISION_ALL | undefined {
  const short = name.startsWith('std.provision.') ? name.slice('std.provision.'.length) : undefined;
  if (short === PROVISION_ALL) return PROVISION_ALL;
  return (PROVISION_ORDER as readonly string[]).includes(short ?? '') ? (short as ProvisionStep) : undefined;
}

export interface ProvisionOrderViolation {
  /** Position (in the given list) of the step that comes too late. */
  readonly index: number;
  readonly step: string;
  /** The earlier-written step it must precede. */
  readonly after: string;
}

/**
 * Checks the provisioning steps of a workflow, in the order they run, against
 * PROVISION_ORDER: steps may be skipped or repeated in place but not
 * reordered (`os` stands for the whole default sequence). Names are short
 * (`install_os`) or full (`std.provision.install_os`). Returns the first
 * violation, or undefined.
 */
export function findProvisionOrderViolation(steps: readonly string[]): ProvisionOrderViolation | undefined {
  const rank = (name: string): [number, number] => {
    const s = name.startsWith('std.provision.') ? name.slice('std.provision.'.length) : name;
    if (s === PROVISION_ALL) {
      return [PROVISION_ORDER.indexOf('power_off'), PROVISION_ORDER.indexOf('wait_ready')];
    }
    const i = (PROVISION_ORDER as readonly string[]).indexOf(s);
    if (i < 0) throw new Error(`findProvisionOrderViolation: "${name}" is not a provisioning step`);
    return [i, i];
  };
  let highest = -1;
  let highestStep = '';
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as string;
    const [first, last] = rank(step);
    if (first < highest) {
      return { index: i, step, after: highestStep };
    }
    highest = last;
    highestStep = step;
  }
  return undefined;
}
