import { T } from '../types.ts';
import { defineStep, param } from './define-step.ts';

const released = { released: { type: T.bool, optional: false, doc: 'False when there was nothing to release (already released).' } };

/*
 * Reservations are keyed by the step id, so re-running a killed reserve step
 * finds the address it already took instead of taking a second one: that is
 * what makes them idempotent.
 */

export const reserveIp = defineStep({
  name: 'std.ipam.reserve_ip',
  params: [param('subnet', T.subnet, 'The subnet to take the address from.', { required: true, positional: true })],
  outputs: {
    address: { type: T.ip, optional: false, doc: 'The reserved address.' },
    cidr: { type: T.cidr, optional: false, doc: 'The subnet\'s CIDR.' },
    gateway: { type: T.ip, optional: false, doc: 'The subnet\'s gateway address.' },
  },
  doc: 'Reserves one free address in a subnet for something that is not an instance port (a load balancer, a service IP). Recorded in the inventory and released on destroy.',
  example: 'step lb = std.ipam.reserve_ip(edge_lan)',
  idempotent: true,
  resource: 'none',
  waitsOnly: false,
});

export const releaseIp = defineStep({
  name: 'std.ipam.release_ip',
  params: [param('address', T.ip, 'The address to release.', { required: true, positional: true })],
  outputs: released,
  doc: 'Releases an address reserved with `std.ipam.reserve_ip`. Releasing an address already free succeeds with `released = false`.',
  example: 'step free = std.ipam.release_ip(lb.address)',
  idempotent: true,
  resource: 'none',
  waitsOnly: false,
});

export const reserveVip = defineStep({
  name: 'std.ipam.reserve_vip',
  params: [
    param('subnet', T.subnet, 'The subnet the virtual IP belongs to.', { required: true, positional: true }),
    param('name', T.string, 'A label recorded with the reservation (shown by `mbp output` and in the inventory).'),
  ],
  outputs: {
    address: { type: T.ip, optional: false, doc: 'The virtual IP.' },
    cidr: { type: T.cidr, optional: false, doc: 'The subnet\'s CIDR.' },
  },
  doc: 'Reserves a virtual IP shared by several instances (keepalived, a Kubernetes API endpoint). Taken from the top of the subnet so it never collides with instance addresses given from the bottom.',
  example: 'step vip = std.ipam.reserve_vip(edge_lan, name = "k8s-api")',
  idempotent: true,
  resource: 'none',
  waitsOnly: false,
});

export const releaseVip = defineStep({
  name: 'std.ipam.release_vip',
  params: [param('address', T.ip, 'The virtual IP to release.', { required: true, positional: true })],
  outputs: released,
  doc: 'Releases a virtual IP reserved with `std.ipam.reserve_vip`.',
  example: 'step free = std.ipam.release_vip(vip.address)',
  idempotent: true,
  resource: 'none',
  waitsOnly: false,
});

export const reserveSubnet = defineStep({
  name: 'std.ipam.reserve_subnet',
  params: [
    param('network', T.network, 'The network the subnet belongs to; its kind picks the pool.', { required: true, positional: true }),
    param('prefix', T.int, 'Prefix length; default: the datacenter\'s default for the network kind.'),
    param('family', T.string, 'IP version.', { default: 'ipv4', enum: 'address_family' }),
  ],
  outputs: {
    cidr: { type: T.cidr, optional: false, doc: 'The subnet.' },
    gateway: { type: T.ip, optional: false, doc: 'Its gateway address.' },
  },
  doc: 'Carves an extra subnet from the datacenter pool of the network\'s kind, in a `pre_deploy` hook typically. It never overlaps another allocation and is released on destroy.',
  example: 'step extra = std.ipam.reserve_subnet(wan, prefix = 28)',
  idempotent: true,
  resource: 'none',
  waitsOnly: false,
});

export const releaseSubnet = defineStep({
  name: 'std.ipam.release_subnet',
  params: [param('cidr', T.cidr, 'The subnet to release; it must hold no reserved address.', { required: true, positional: true })],
  outputs: released,
  doc: 'Releases a subnet reserved with `std.ipam.reserve_subnet`; fails while addresses in it are still reserved.',
  example: 'step drop = std.ipam.release_subnet(extra.cidr)',
  idempotent: true,
  resource: 'none',
  waitsOnly: false,
});

export const IPAM_STEPS = [reserveIp, releaseIp, reserveVip, releaseVip, reserveSubnet, releaseSubnet] as const;
