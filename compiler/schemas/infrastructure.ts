import { T } from '../../stdlib/index.ts';
import { attr, block, nameLabel, schema } from './define-schema.ts';

export const infrastructureSchema = schema({
  kind: 'infrastructure',
  doc: 'An infrastructure: the user\'s intent for one deployment in one datacenter — its networks, subnets and instance arrays, and the workflows hooked into its deployment. One infrastructure is owned by one blueprint.',
  labels: [nameLabel('The infrastructure\'s name, unique in the inventory.')],
  attributes: [
    attr('datacenter', T.string, 'The datacenter the infrastructure is deployed in (checked against the inventory with `--inventory`).', {
      required: true,
      reference: 'datacenter',
    }),
    attr('on_failure', T.string, 'What a failed deployment leaves behind: `"keep"` what was allocated for a retry, or `"release"` it.', {
      enum: 'on_failure',
      default: 'keep',
    }),
    attr('vars', T.map(T.any), 'Custom variables for every instance, readable as `instance.vars`; an array\'s and an instance\'s `vars` override them key by key.', {
      default: {},
    }),
    attr('prevent_destroy', T.bool, 'When true, `mbp destroy` and any plan that would delete this infrastructure are refused.', {
      default: false,
    }),
  ],
  blocks: [
    block('network', 'network', 'A layer-2 network (a VLAN) of the infrastructure.', {
      labels: [nameLabel('The network\'s name, referenced by subnets and ports.')],
      repeatable: true,
    }),
    block('subnet', 'subnet', 'A subnet of one of the infrastructure\'s networks.', {
      labels: [nameLabel('The subnet\'s name.')],
      repeatable: true,
    }),
    block('instance_array', 'instance_array', 'A group of identical instances: servers, ports, OS template.', {
      labels: [nameLabel('The array\'s name; hostnames default to `${array}-${index}`.')],
      repeatable: true,
    }),
  ],
  declarations: [
    {
      keyword: 'on',
      doc: 'A hook: `on PHASE run [NAME =] WORKFLOW(args) [{ level, when, timeout }]`, with PHASE `pre_deploy`, `post_deploy` or `pre_destroy`.',
    },
    { keyword: 'output', doc: '`output NAME = expr`: a value shown by `mbp output` after apply.' },
  ],
});

export const networkSchema = schema({
  kind: 'network',
  doc: 'A layer-2 network: one VLAN from the datacenter\'s range. A `wan` or `san` network with no subnet gets a default one; a `lan` network gets none.',
  labels: [nameLabel('The network\'s name.')],
  attributes: [
    attr('kind', T.string, 'The network kind: `"wan"`, `"san"` or `"lan"`.', { required: true, enum: 'network_kind' }),
    attr('vlan', T.int, 'Pin the VLAN id instead of allocating one from the datacenter\'s range; it must lie in the range and be free.', {
      min: 1,
      max: 4094,
      defaultDoc: 'allocated from the datacenter\'s VLAN range',
    }),
  ],
});

export const subnetSchema = schema({
  kind: 'subnet',
  doc: 'A subnet carved from a datacenter pool for one network; each port attached to the network gets one address from it.',
  labels: [nameLabel('The subnet\'s name.')],
  attributes: [
    attr('network', T.network, 'The network the subnet belongs to; its kind picks the pool.', { required: true, reference: 'network' }),
    attr('prefix', T.int, 'Prefix length of the subnet.', {
      min: 0,
      max: 128,
      defaultDoc: 'the datacenter\'s default prefix for the network kind and family',
    }),
    attr('pool', T.cidr, 'Carve the subnet from this block, which must lie inside one of the datacenter\'s pools for the network kind.', {
      defaultDoc: 'the datacenter\'s pools for the network kind, in order',
    }),
    attr('family', T.string, 'IP version: `"ipv4"` or `"ipv6"`.', { enum: 'address_family', default: 'ipv4' }),
  ],
});
