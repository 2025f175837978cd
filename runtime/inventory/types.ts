/**
 * The inventory data model. `schema.ts` states the same shape as a JSON
 * Schema; the file is validated against it on every load and every commit,
 * so these types can be trusted for anything read through a store.
 *
 * Objects that the planner reads carry `version`: the serial of the commit
 * that last changed them (see `commit.ts`), so a saved plan can record what it
 * read and `apply` can tell exactly which object went stale.
 */

export const INVENTORY_FORMAT_VERSION = '1';

export const NETWORK_KINDS = ['wan', 'san', 'lan'] as const;
export type NetworkKind = (typeof NETWORK_KINDS)[number];

export const IP_FAMILIES = ['ipv4', 'ipv6'] as const;
export type IpFamily = (typeof IP_FAMILIES)[number];

export const SERVER_STATUSES = [
  'available',
  'reserved',
  'provisioning',
  'active',
  'releasing',
  'cleaning',
  'failed',
  'quarantined',
  'maintenance',
  'retired',
] as const;
export type ServerStatus = (typeof SERVER_STATUSES)[number];

export type PerFamily<T> = { ipv4: T; ipv6: T };
export type PerKind<T> = { wan: T; san: T; lan: T };

export interface VlanRange {
  /** Inclusive bounds, 1..4094. */
  min: number;
  max: number;
}

export interface Datacenter {
  name: string;
  version: number;
  description?: string;
  vlan_range: VlanRange;
  /** CIDRs subnets are carved from, per network kind and address family. */
  subnet_pools: PerKind<PerFamily<string[]>>;
  /** Prefix length of a subnet a network gets when it declares none. */
  default_prefix: PerKind<PerFamily<number>>;
  asset_repository_url: string;
}

export interface Rack {
  /** Unique across the inventory, e.g. `dc-east-r01`. */
  id: string;
  datacenter: string;
  version: number;
  description?: string;
}

export interface ServerTypeDisk {
  kind: 'hdd' | 'ssd' | 'nvme';
  size_gb: number;
  count: number;
}

export interface ServerTypeNic {
  speed_gbps: number;
  count: number;
}

export interface ServerType {
  /** Numeric id (as MetalSoft's server type ids); names and ids both resolve. */
  id: number;
  /** e.g. `M.40.256.4`: cores, RAM in GiB, NIC count. */
  name: string;
  version: number;
  description?: string;
  cpu: { model: string; sockets: number; cores: number };
  ram_gib: number;
  disks: ServerTypeDisk[];
  nics: ServerTypeNic[];
  gpu?: { model: string; count: number };
}

export interface BmcAccess {
  /** Driver id, e.g. `simulated`, `redfish`. */
  driver: string;
  address: string;
  /** A reference only (`env:NAME` or `file:PATH`), never the secret itself. */
  credentials: string;
}

export interface ServerNic {
  /** Port index on the server, 0-based; `port 0 { … }` in a blueprint. */
  index: number;
  mac: string;
  switch: string;
  port: string;
}

/** Who holds a server that is not `available`. */
export interface ServerAllocation {
  run_id: string;
  infrastructure?: string;
  instance_id?: string;
}

export interface Server {
  /** Numeric id, as in the seed's `server_ids: [5]`. */
  id: number;
  /** Unique label, e.g. `srv-0042`; blueprints may prefer a server by either. */
  name: string;
  serial_number: string;
  /** Server type name. */
  type: string;
  tags: string[];
  datacenter: string;
  rack: string;
  status: ServerStatus;
  status_reason?: string;
  status_changed_at?: string;
  bmc: BmcAccess;
  nics: ServerNic[];
  /** Pinned SSH host public key (OpenSSH format), or null before the first install. */
  ssh_host_key: string | null;
  failure_count: number;
  allocation: ServerAllocation | null;
  version: number;
}

export interface SwitchPort {
  name: string;
  speed_gbps?: number;
}

export interface Switch {
  id: string;
  datacenter: string;
  rack?: string;
  driver: string;
  address: string;
  /** A reference only, as for BMCs. */
  credentials: string;
  ports: SwitchPort[];
  version: number;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface DeployedArray {
  name: string;
  count: number;
  /** Server type name → number of servers of that type. */
  server_types: Record<string, number>;
  template: string;
  boot: string;
  /** Free-form snapshot of the array's attributes, for update/replace classification. */
  attributes?: { [key: string]: JsonValue };
}

export interface InstanceIp {
  subnet: string;
  family: IpFamily;
  address: string;
}

export interface InstancePort {
  nic: number;
  switch: string;
  port: string;
  state: 'up' | 'down';
  network: string | null;
  vlan: number | null;
}

export const INSTANCE_STATUSES = ['pending', 'provisioning', 'active', 'failed', 'deprovisioning'] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

export interface DeployedInstance {
  /** Persistent id that survives re-plans and scale changes, e.g. `i-000042`. */
  id: string;
  array: string;
  index: number;
  hostname: string;
  server_id: number | null;
  status: InstanceStatus;
  ips: InstanceIp[];
  ports: InstancePort[];
  vars?: { [key: string]: JsonValue };
}

export interface DeployedNetwork {
  name: string;
  kind: NetworkKind;
  vlan: number | null;
}

export interface DeployedSubnet {
  name: string;
  network: string;
  family: IpFamily;
  cidr: string;
  /** The pool it was carved from. */
  pool: string;
}

export const INFRASTRUCTURE_STATUSES = ['deploying', 'deployed', 'failed', 'destroying'] as const;
export type InfrastructureStatus = (typeof INFRASTRUCTURE_STATUSES)[number];

export interface Infrastructure {
  name: string;
  datacenter: string;
  version: number;
  /** The one blueprint that owns this infrastructure. */
  blueprint: { path: string; hash: string };
  status: InfrastructureStatus;
  created_at: string;
  updated_at: string;
  arrays: DeployedArray[];
  instances: DeployedInstance[];
  networks: DeployedNetwork[];
  subnets: DeployedSubnet[];
  outputs: { [key: string]: JsonValue };
}

export interface ReservedSubnet {
  datacenter: string;
  kind: NetworkKind;
  family: IpFamily;
  cidr: string;
}

export interface ReservedVlan {
  datacenter: string;
  vlan: number;
}

export interface ReservedIp {
  /** CIDR of the subnet the address belongs to. */
  subnet: string;
  address: string;
}

/** Resources held by a run between `reserve` and `bind`; one per infrastructure the run deploys (`run_id` and `infrastructure` together identify it). */
export interface Reservation {
  run_id: string;
  pid: number;
  host: string;
  infrastructure: string;
  created_at: string;
  servers: number[];
  subnets: ReservedSubnet[];
  vlans: ReservedVlan[];
  ips: ReservedIp[];
  version: number;
}

export interface Inventory {
  format_version: typeof INVENTORY_FORMAT_VERSION;
  /** Grows by exactly one with every commit that changes something. */
  serial: number;
  created_at: string;
  /** Next persistent instance number (`i-000001`…); never reused. */
  next_instance_id: number;
  datacenters: Datacenter[];
  racks: Rack[];
  server_types: ServerType[];
  servers: Server[];
  switches: Switch[];
  infrastructures: Infrastructure[];
  reservations: Reservation[];
}

/** The collections whose elements carry a `version`, and the field that identifies an element. */
export const VERSIONED_COLLECTIONS = {
  datacenters: 'name',
  racks: 'id',
  server_types: 'id',
  servers: 'id',
  switches: 'id',
  infrastructures: 'name',
  // A run's reservations (one per infrastructure) share `run_id`; they are written together at reserve and
  // dropped together at activate, never changed in between, so comparing versions by run alone is exact enough.
  reservations: 'run_id',
} as const satisfies Partial<Record<keyof Inventory, string>>;

export type VersionedCollection = keyof typeof VERSIONED_COLLECTIONS;
