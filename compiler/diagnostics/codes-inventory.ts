import { defineCodes } from './code-table.ts';

/**
 * MBP4001–MBP4099: checks of a blueprint against an inventory (`mbp check
 * --inventory FILE`, and every `mbp plan`), owned by
 * `compiler/inventory-checks/`. They point at the attribute that names what
 * the inventory lacks.
 */
export const inventoryCodes = defineCodes({
  MBP4001: {
    severity: 'error',
    title: 'unknown datacenter',
    message: 'datacenter `{name}` is not in the inventory',
    help: 'the inventory has {known}',
  },
  MBP4002: {
    severity: 'error',
    title: 'unknown server type',
    message: 'server type `{name}` is not in the inventory',
    help: 'the inventory has {known}',
  },
  MBP4003: {
    severity: 'error',
    title: 'no server has the tag',
    message: 'no `{type}` server in `{datacenter}` has tag `{tag}`',
    help: '{known}',
  },
  MBP4004: {
    severity: 'error',
    title: 'no pool for the subnet',
    message: 'datacenter `{datacenter}` has no {family} pool for `{kind}` networks to carve subnet `{subnet}` from',
    help: 'add a {family} pool to `subnet_pools.{kind}` of `{datacenter}` in the inventory, or give the subnet a `pool`',
  },
  MBP4005: {
    severity: 'error',
    title: 'subnet larger than its pools',
    message: 'a /{prefix} does not fit in {pools} of `{datacenter}`',
    help: 'ask for a longer prefix (at least /{shortest}), or add a larger pool to the inventory',
  },
  MBP4006: {
    severity: 'error',
    title: 'pool outside the datacenter',
    message: 'pool {pool} is not inside any {kind} {family} pool of `{datacenter}` ({pools})',
    help: 'subnets are carved from the datacenter\'s own address space so they never overlap: use one of its pools, a block inside one, or drop `pool`',
  },
  MBP4007: {
    severity: 'error',
    title: 'not enough servers',
    message: '{shortage}',
    help: 'lower the count, choose another server type, or free servers of this type (`mbp inventory show --servers`)',
  },
  MBP4008: {
    severity: 'warning',
    title: 'unknown preferred server',
    message: 'preferred server {server} is not in the inventory',
    help: 'a preference that names no server is skipped and another server of the right type is allocated; check the id or name with `mbp inventory show --servers`',
  },
  MBP4009: {
    severity: 'error',
    title: 'port beyond the server\'s NICs',
    message: 'port {port} does not exist on server type `{type}`: it has {nics}',
    help: 'attach one of ports {ports}, or choose a server type with more NICs',
  },
  MBP4010: {
    severity: 'error',
    title: 'VLAN outside the datacenter\'s range',
    message: 'VLAN {vlan} is outside the range of `{datacenter}` ({min}-{max})',
    help: 'pick a VLAN from {min} to {max}, or remove `vlan` to have a free one allocated',
  },
});
