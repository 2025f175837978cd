/**
 * Every enumerated value set of the language. Enumerated values are written
 * as strings (`boot = "pxe_iscsi"`) and checked against these tables, which
 * also feed completion, hover and did-you-mean.
 */
export interface EnumValue {
  readonly value: string;
  readonly doc: string;
  /** Set when the value is still accepted but should no longer be written. */
  readonly deprecated?: string;
}

export interface EnumDef {
  readonly name: EnumName;
  readonly doc: string;
  readonly values: readonly EnumValue[];
  /** The value used when the attribute is left out, if any. */
  readonly default?: string;
}

/** Where a hook phase may be written. */
export type HookSite = 'infrastructure' | 'instance_array';

export interface HookPhase extends EnumValue {
  readonly site: HookSite;
  /** At most this many hooks of the phase per block (`provision`: one, it replaces the default sequence). */
  readonly maxPerBlock?: number;
  /** Runs once per instance rather than once per infrastructure. */
  readonly perInstance: boolean;
}

const def = (name: EnumName, doc: string, values: readonly EnumValue[], dflt?: string): EnumDef =>
  Object.freeze({ name, doc, values: Object.freeze(values), ...(dflt !== undefined ? { default: dflt } : {}) });

export const HOOK_PHASES: readonly HookPhase[] = Object.freeze([
  {
    value: 'pre_deploy',
    site: 'infrastructure',
    perInstance: false,
    doc: 'Before any server is bound to an instance: infrastructure-wide resources such as subnets, VIPs and DNS zones.',
  },
  {
    value: 'post_deploy',
    site: 'infrastructure',
    perInstance: false,
    doc: 'After every instance is done (failures within the rollout limits): join nodes into a cluster, notify external systems. `deployment.added` and `deployment.removed` list the instances this run changed.',
  },
  {
    value: 'pre_destroy',
    site: 'infrastructure',
    perInstance: false,
    doc: 'Before `mbp destroy` releases anything: back up data, deregister from external systems.',
  },
  {
    value: 'provision',
    site: 'instance_array',
    perInstance: true,
    maxPerBlock: 1,
    doc: 'Runs once for each instance in lieu of the default provisioning sequence (`power_off → … → wait_ready`); the workflow may call `std.provision.*` steps to keep some of it. At most one per array.',
  },
  {
    value: 'deprovision',
    site: 'instance_array',
    perInstance: true,
    doc: 'Runs for each instance removed by a scale-down or a destroy, before its server is released: e.g. drain a node.',
  },
]);

export const ENUMS = {
  network_kind: def('network_kind', 'The kind of a network: decides its default subnet and which pool addresses come from.', [
    { value: 'wan', doc: 'Routed network with a default subnet taken from the datacenter\'s WAN pool.' },
    { value: 'san', doc: 'Storage network (iSCSI for diskless boot); gets a default subnet from the SAN pool.' },
    { value: 'lan', doc: 'Pure layer 2 between instances: a VLAN, no default subnet.' },
  ]),
  boot_method: def(
    'boot_method',
    'How an instance boots its operating system.',
    [
      { value: 'local_drives', doc: 'Installed onto the server\'s own drives; netboot is turned off after install.' },
      { value: 'pxe_iscsi', doc: 'Diskless: the OS lives on an iSCSI volume created from the template image and is booted over the network every time.' },
    ],
    'local_drives',
  ),
  on_failure: def(
    'on_failure',
    'What a failed deployment leaves behind.',
    [
      { value: 'keep', doc: 'Keep what was allocated (servers, subnets, IPs) so a retry continues where it stopped.' },
      { value: 'release', doc: 'Release the failed instances\' servers and addresses; the next apply allocates again.' },
    ],
    'keep',
  ),
  hook_phase: def('hook_phase', 'When a hook runs (`on PHASE run ...`).', HOOK_PHASES),
  spread: def(
    'spread',
    'How an instance array\'s servers are spread across the datacenter.',
    [
      { value: 'none', doc: 'No placement constraint: servers are taken in the stable allocation order.' },
      { value: 'rack', doc: 'Round-robin across racks, so losing one rack loses as few instances as possible.' },
    ],
    'none',
  ),
  address_family: def(
    'address_family',
    'The IP version of a subnet.',
    [
      { value: 'ipv4', doc: 'IPv4 subnet (prefix 0–32).' },
      { value: 'ipv6', doc: 'IPv6 subnet (prefix 0–128, usually /64).' },
    ],
    'ipv4',
  ),
  if_exists: def(
    'if_exists',
    'What `std.ssh.copy` does when the destination file already exists.',
    [
      { value: 'error', doc: 'Fail the step; the existing file is left untouched.' },
      { value: 'overwrite', doc: 'Always replace the file.' },
      { value: 'if-size-differs', doc: 'Replace the file only when its size differs from the source (cheap change detection).' },
      { value: 'ignore', doc: 'Leave the existing file as it is and succeed.' },
    ],
    'overwrite',
  ),
  http_method: def(
    'http_method',
    'HTTP request method.',
    [
      { value: 'GET', doc: 'Read a resource.' },
      { value: 'HEAD', doc: 'Like GET without the body.' },
      { value: 'POST', doc: 'Create or trigger; not idempotent.' },
      { value: 'PUT', doc: 'Replace a resource.' },
      { value: 'PATCH', doc: 'Modify part of a resource.' },
      { value: 'DELETE', doc: 'Remove a resource.' },
      { value: 'OPTIONS', doc: 'Ask what the resource supports.' },
    ],
    'GET',
  ),
  installer_kind: def('installer_kind', 'The unattended installer an OS template drives.', [
    { value: 'cloud-init-autoinstall', doc: 'Ubuntu Subiquity autoinstall with cloud-init user-data (`#cloud-config`).' },
    { value: 'kickstart', doc: 'Anaconda kickstart (RHEL family: Rocky, Alma).' },
    { value: 'preseed', doc: 'debian-installer preseed file.' },
    { value: 'ignition', doc: 'Ignition JSON config (Flatcar, Fedora CoreOS).' },
  ]),
  ready_method: def('ready_method', 'How `wait_ready` decides an installed OS is up.', [
    { value: 'ssh', doc: 'The SSH port answers with the host key pinned at install time.' },
    { value: 'callback', doc: 'The OS calls the runtime\'s callback URL with its one-time token.' },
  ]),
} as const satisfies Record<EnumName, EnumDef>;

export type EnumName =
  | 'network_kind'
  | 'boot_method'
  | 'on_failure'
  | 'hook_phase'
  | 'spread'
  | 'address_family'
  | 'if_exists'
  | 'http_method'
  | 'installer_kind'
  | 'ready_method';

export type NetworkKind = 'wan' | 'san' | 'lan';
export type BootMethod = 'local_drives' | 'pxe_iscsi';
export type InstallerKind = 'cloud-init-autoinstall' | 'kickstart' | 'preseed' | 'ignition';
export type IfExists = 'error' | 'overwrite' | 'if-size-differs' | 'ignore';

export function lookupEnum(name: string): EnumDef | undefined {
  return Object.hasOwn(ENUMS, name) ? (ENUMS as Record<string, EnumDef>)[name] : undefined;
}

/** The plain values of an enum, for completion lists and did-you-mean. */
export function enumValues(name: EnumName): readonly string[] {
  return ENUMS[name].values.map((v) => v.value);
}

export function isEnumValue(name: EnumName, value: string): boolean {
  return ENUMS[name].values.some((v) => v.value === value);
}

export function enumValueDoc(name: EnumName, value: string): string | undefined {
  return ENUMS[name].values.find((v) => v.value === value)?.doc;
}

/** The phases allowed on a block, e.g. `instance_array` → `provision`, `deprovision`. */
export function hookPhasesFor(site: HookSite): readonly HookPhase[] {
  return HOOK_PHASES.filter((p) => p.site === site);
}
