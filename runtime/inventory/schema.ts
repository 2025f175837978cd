import {
  INFRASTRUCTURE_STATUSES,
  INSTANCE_STATUSES,
  INVENTORY_FORMAT_VERSION,
  IP_FAMILIES,
  NETWORK_KINDS,
  SERVER_STATUSES,
} from './types.ts';

/**
 * JSON Schema (draft 2020-12) of the inventory file, the same shape as
 * `types.ts`. Structure only: cross references (a server's rack exists, MACs
 * are unique, CIDRs parse) are checked by `integrity.ts`, which a schema
 * cannot express.
 *
 * Every object is closed (`additionalProperties: false`) so a misspelt field
 * in a hand-edited file is an error rather than silently ignored.
 */

// A pattern's `description` is what a validation error says the value must be.
export const nameSchema = {
  type: 'string',
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$',
  description: 'a name of letters, digits, ".", "_" and "-" starting with a letter or digit (at most 63 characters)',
} as const;
const text = { type: 'string', minLength: 1 } as const;
const positiveInt = { type: 'integer', minimum: 1 } as const;
const count = { type: 'integer', minimum: 0 } as const;
const version = { ...positiveInt, description: 'Serial of the commit that last changed this object.' } as const;
const timestamp = { type: 'string', format: 'date-time' } as const;
const cidr = { type: 'string', minLength: 3, description: 'A CIDR with no host bits set (checked by integrity.ts).' } as const;
export const credentialRefSchema = {
  type: 'string',
  pattern: '^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$',
  description: 'a credentials reference, env:NAME or file:PATH (never the secret itself)',
} as const;
const name = nameSchema;
const credentialRef = credentialRefSchema;
const vlanId = { type: 'integer', minimum: 1, maximum: 4094 } as const;
const jsonObject = { type: 'object' } as const;

function closed(properties: Record<string, unknown>, required: readonly string[]): Record<string, unknown> {
  return { type: 'object', additionalProperties: false, required, properties };
}

function perFamily(item: unknown): Record<string, unknown> {
  return closed({ ipv4: item, ipv6: item }, IP_FAMILIES);
}

function perKind(item: unknown): Record<string, unknown> {
  return closed({ wan: item, san: item, lan: item }, NETWORK_KINDS);
}

const datacenter = closed(
  {
    name,
    version,
    description: { type: 'string' },
    vlan_range: closed({ min: vlanId, max: vlanId }, ['min', 'max']),
    subnet_pools: perKind(perFamily({ type: 'array', items: cidr })),
    default_prefix: perKind(closed({ ipv4: { type: 'integer', minimum: 8, maximum: 32 }, ipv6: { type: 'integer', minimum: 16, maximum: 128 } }, IP_FAMILIES)),
    asset_repository_url: { type: 'string', format: 'uri' },
  },
  ['name', 'version', 'vlan_range', 'subnet_pools', 'default_prefix', 'asset_repository_url'],
);

const rack = closed({ id: name, datacenter: name, version, description: { type: 'string' } }, ['id', 'datacenter', 'version']);

const serverType = closed(
  {
    id: positiveInt,
    name,
    version,
    description: { type: 'string' },
    cpu: closed({ model: text, sockets: positiveInt, cores: positiveInt }, ['model', 'sockets', 'cores']),
    ram_gib: positiveInt,
    disks: { type: 'array', items: closed({ kind: { enum: ['hdd', 'ssd', 'nvme'] }, size_gb: positiveInt, count: positiveInt }, ['kind', 'size_gb', 'count']) },
    nics: { type: 'array', minItems: 1, items: closed({ speed_gbps: positiveInt, count: positiveInt }, ['speed_gbps', 'count']) },
    gpu: closed({ model: text, count: positiveInt }, ['model', 'count']),
  },
  ['id', 'name', 'version', 'cpu', 'ram_gib', 'disks', 'nics'],
);

const server = closed(
  {
    id: positiveInt,
    name,
    serial_number: text,
    type: name,
    tags: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$', description: 'a tag of letters, digits, ".", "_", ":" and "-"' } },
    datacenter: name,
    rack: name,
    status: { enum: SERVER_STATUSES },
    status_reason: { type: 'string' },
    status_changed_at: timestamp,
    bmc: closed({ driver: name, address: text, credentials: credentialRef }, ['driver', 'address', 'credentials']),
    nics: {
      type: 'array',
      items: closed(
        { index: count, mac: { type: 'string', pattern: '^[0-9a-f]{2}(:[0-9a-f]{2}){5}$', description: 'a MAC address in lower case, like 02:00:00:00:00:01' }, switch: name, port: text },
        ['index', 'mac', 'switch', 'port'],
      ),
    },
    ssh_host_key: { anyOf: [{ type: 'null' }, { type: 'string', pattern: '^[a-z0-9@.-]+ [A-Za-z0-9+/=]+( .*)?$', description: 'an OpenSSH public key such as "ssh-ed25519 AAAA…"' }] },
    failure_count: count,
    allocation: {
      anyOf: [{ type: 'null' }, closed({ run_id: text, infrastructure: name, instance_id: text }, ['run_id'])],
    },
    version,
  },
  ['id', 'name', 'serial_number', 'type', 'tags', 'datacenter', 'rack', 'status', 'bmc', 'nics', 'ssh_host_key', 'failure_count', 'allocation', 'version'],
);

const switchSchema = closed(
  {
    id: name,
    datacenter: name,
    rack: name,
    driver: name,
    address: text,
    credentials: credentialRef,
    ports: { type: 'array', items: closed({ name: text, speed_gbps: positiveInt }, ['name']) },
    version,
  },
  ['id', 'datacenter', 'driver', 'address', 'credentials', 'ports', 'version'],
);

const deployedArray = closed(
  {
    name,
    count,
    server_types: { type: 'object', additionalProperties: count },
    template: text,
    boot: text,
    attributes: jsonObject,
  },
  ['name', 'count', 'server_types', 'template', 'boot'],
);

const instance = closed(
  {
    id: text,
    array: name,
    index: count,
    hostname: text,
    server_id: { anyOf: [{ type: 'null' }, positiveInt] },
    status: { enum: INSTANCE_STATUSES },
    ips: { type: 'array', items: closed({ subnet: name, family: { enum: IP_FAMILIES }, address: text }, ['subnet', 'family', 'address']) },
    ports: {
      type: 'array',
      items: closed(
        {
          nic: count,
          switch: name,
          port: text,
          state: { enum: ['up', 'down'] },
          network: { anyOf: [{ type: 'null' }, name] },
          vlan: { anyOf: [{ type: 'null' }, vlanId] },
        },
        ['nic', 'switch', 'port', 'state', 'network', 'vlan'],
      ),
    },
    vars: jsonObject,
  },
  ['id', 'array', 'index', 'hostname', 'server_id', 'status', 'ips', 'ports'],
);

const infrastructure = closed(
  {
    name,
    datacenter: name,
    version,
    blueprint: closed({ path: text, hash: text }, ['path', 'hash']),
    status: { enum: INFRASTRUCTURE_STATUSES },
    created_at: timestamp,
    updated_at: timestamp,
    arrays: { type: 'array', items: deployedArray },
    instances: { type: 'array', items: instance },
    networks: { type: 'array', items: closed({ name, kind: { enum: NETWORK_KINDS }, vlan: { anyOf: [{ type: 'null' }, vlanId] } }, ['name', 'kind', 'vlan']) },
    subnets: {
      type: 'array',
      items: closed({ name, network: name, family: { enum: IP_FAMILIES }, cidr, pool: cidr }, ['name', 'network', 'family', 'cidr', 'pool']),
    },
    outputs: jsonObject,
  },
  ['name', 'datacenter', 'version', 'blueprint', 'status', 'created_at', 'updated_at', 'arrays', 'instances', 'networks', 'subnets', 'outputs'],
);

const reservation = closed(
  {
    run_id: text,
    pid: positiveInt,
    host: text,
    infrastructure: name,
    created_at: timestamp,
    servers: { type: 'array', uniqueItems: true, items: positiveInt },
    subnets: {
      type: 'array',
      items: closed({ datacenter: name, kind: { enum: NETWORK_KINDS }, family: { enum: IP_FAMILIES }, cidr }, ['datacenter', 'kind', 'family', 'cidr']),
    },
    vlans: { type: 'array', items: closed({ datacenter: name, vlan: vlanId }, ['datacenter', 'vlan']) },
    ips: { type: 'array', items: closed({ subnet: cidr, address: text }, ['subnet', 'address']) },
    version,
  },
  ['run_id', 'pid', 'host', 'infrastructure', 'created_at', 'servers', 'subnets', 'vlans', 'ips', 'version'],
);

export const INVENTORY_SCHEMA_ID = 'https://metal-blueprint.dev/schemas/inventory-1.json';

export const inventorySchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: INVENTORY_SCHEMA_ID,
  title: 'Metal Blueprint inventory',
  ...closed(
    {
      format_version: { const: INVENTORY_FORMAT_VERSION },
      serial: positiveInt,
      created_at: timestamp,
      next_instance_id: positiveInt,
      datacenters: { type: 'array', items: datacenter },
      racks: { type: 'array', items: rack },
      server_types: { type: 'array', items: serverType },
      servers: { type: 'array', items: server },
      switches: { type: 'array', items: switchSchema },
      infrastructures: { type: 'array', items: infrastructure },
      reservations: { type: 'array', items: reservation },
    },
    ['format_version', 'serial', 'created_at', 'next_instance_id', 'datacenters', 'racks', 'server_types', 'servers', 'switches', 'infrastructures', 'reservations'],
  ),
} as const;
