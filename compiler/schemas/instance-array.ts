import { T } from '../../stdlib/index.ts';
import { attr, block, nameLabel, schema } from './define-schema.ts';
import type { LabelSchema } from './schema-types.ts';

const indexLabel = (doc: string): LabelSchema => ({ name: 'index', kind: 'int', doc });

export const instanceArraySchema = schema({
  kind: 'instance_array',
  doc: 'A group of instances provisioned alike: which servers are allocated (server type and count, or a split across types; tags; spread), their networking (ports), and their OS (template). `on provision` replaces the default provisioning sequence for each instance.',
  labels: [nameLabel('The array\'s name.')],
  attributes: [
    attr('server_type', T.string, 'The server type every instance gets (checked against the inventory with `--inventory`).', {
      reference: 'server_type',
    }),
    attr('count', T.int, 'Number of instances, with `server_type`. Scaling down removes the highest indexes unless `--target` names instances.', {
      default: 1,
      min: 0,
      requires: ['server_type'],
    }),
    attr('server_types', T.map(T.int), 'A split across server types: `{ "TYPE" = count, ... }`; instead of `server_type` and `count`.', {}),
    attr('boot', T.string, 'How instances boot: `"local_drives"` or `"pxe_iscsi"` (diskless); the template must support it.', {
      enum: 'boot_method',
      default: 'local_drives',
    }),
    attr('template', T.any, 'The OS template: an `os_template` of the blueprint or a built-in `std.os.*`.', {
      required: true,
      reference: 'os_template',
    }),
    attr('spread', T.string, 'Placement across the datacenter: `"none"` or `"rack"` (round-robin across racks).', {
      enum: 'spread',
      default: 'none',
    }),
    attr('tags', T.list(T.string), 'Only servers carrying every one of these inventory tags are allocated.', { default: [] }),
    attr('hostname', T.string, 'Hostname pattern; may use `instance.index`.', {
      defaultDoc: '"${array}-${index}" with "_" turned into "-"',
    }),
    attr('vars', T.map(T.any), 'Custom variables for the array\'s instances; override the infrastructure\'s key by key.', { default: {} }),
  ],
  blocks: [
    block('port', 'port', 'Attaches one server port to a network; every port left unattached is shut down.', {
      labels: [indexLabel('The port index on the server, from 0.')],
      repeatable: true,
    }),
    block('prefer', 'prefer', 'Servers to allocate first when they fit; a skipped preference is not an error (the plan says why).'),
    block('rollout', 'rollout', 'Bounds on how the array is provisioned: parallelism and tolerated failures.'),
    block('instance', 'instance', 'Settings for one instance of the array, by index.', {
      labels: [indexLabel('The instance index, from 0.')],
      repeatable: true,
    }),
  ],
  exclusive: [
    {
      name: 'server selection',
      alternatives: [['server_type', 'count'], ['server_types']],
      required: true,
      doc: 'Either one server type with a count, or a split across server types.',
    },
  ],
  declarations: [
    {
      keyword: 'on',
      doc: 'A hook: `on provision run WORKFLOW(args)` (at most one; replaces the default sequence) or `on deprovision run WORKFLOW(args)`.',
    },
  ],
  context: ['instance'],
});

export const portSchema = schema({
  kind: 'port',
  doc: 'One server port attached to a network: it joins the network\'s VLAN and gets one address from each subnet of the network.',
  labels: [indexLabel('The port index on the server, from 0.')],
  attributes: [attr('network', T.network, 'The network the port joins.', { required: true, reference: 'network' })],
});

export const preferSchema = schema({
  kind: 'prefer',
  doc: 'Preferred servers get allocation priority only: one of another type, or not available, is skipped without error and another server is allocated (the plan says why). Discouraged: it makes blueprints less portable (a lint warning suggests server types).',
  attributes: [
    attr('servers', T.list(T.any), 'Inventory server ids (int) or serial numbers (string), in order of preference.', { required: true }),
  ],
});

export const rolloutSchema = schema({
  kind: 'rollout',
  doc: 'How many instances are provisioned at once and how many may fail; `post_deploy` runs when failures stay within `max_failures`.',
  attributes: [
    attr('max_parallel', T.int, 'Instances provisioned at the same time.', { min: 1, defaultDoc: 'all at once (within the executor\'s limits)' }),
    attr('max_failures', T.int, 'Failed instances tolerated before the rollout stops.', { min: 0, default: 0 }),
  ],
});

export const instanceSchema = schema({
  kind: 'instance',
  doc: 'Overrides for one instance of the array, by index.',
  labels: [indexLabel('The instance index, from 0.')],
  attributes: [
    attr('vars', T.map(T.any), 'Custom variables of this instance; override the array\'s and the infrastructure\'s key by key.', { default: {} }),
    attr('hostname', T.string, 'The hostname of this instance, instead of the array\'s pattern.'),
  ],
});
