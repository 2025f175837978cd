import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  allocateServers,
  applyDeployOptions,
  DeployOptionsError,
  parseDeployOptions,
  type AllocationRequest,
} from '../../runtime/allocation/index.ts';
import { inventoryOf, servers } from './helpers/inventory.ts';

const inv = inventoryOf([
  ...servers(1, 4, { type: 'M.8.32.2' }),
  ...servers(10, 5, { type: 'M.40.256.4' }),
  ...servers(20, 3, { type: 'M.40.256.2' }),
]);
const arrays = [{ name: 'control', id: 99 }, { name: 'worker' }];

const requests: AllocationRequest[] = [
  { infrastructure: 'edge', array: 'control', datacenter: 'dc-east', demands: [{ serverType: 'M.8.32.2', count: 2 }], preferred: [4] },
  {
    infrastructure: 'edge',
    array: 'worker',
    datacenter: 'dc-east',
    demands: [
      { serverType: 'M.40.256.4', count: 3 },
      { serverType: 'M.40.256.2', count: 1 },
    ],
    preferred: [14],
  },
];

function parseError(json: unknown): DeployOptionsError {
  try {
    parseDeployOptions(json, arrays, inv, 'deploy.json');
  } catch (e) {
    if (e instanceof DeployOptionsError) return e;
    throw e;
  }
  throw new Error('expected a DeployOptionsError');
}

test('the seed\'s shape, with comments, arrays and types by id or name', () => {
  const text = `{
    "instance_array": {
      // InstanceArray ID 99
      "99": { "1": { "server_count": 1, /* server type 1 */ "server_ids": [5, "srv-0003"] } },
      "worker": { "M.40.256.2": { "server_count": 2 }, "M.40.256.4": { "server_count": 1, "server_ids": [22] } }
    }
  }`;
  const opts = parseDeployOptions(text, arrays, inv);
  assert.equal([...opts.arrays], [
    ['control', [{ serverType: 'M.8.32.2', count: 1, serverIds: [5, 'srv-0003'] }]],
    ['worker', [{ serverType: 'M.40.256.2', count: 2, serverIds: [] }, { serverType: 'M.40.256.4', count: 1, serverIds: [22] }]],
  ]);
});

test('deploy options override the blueprint\'s prefer and split for the arrays they name, and only those', () => {
  const opts = parseDeployOptions({ instance_array: { worker: { 'M.40.256.2': { server_count: 2, server_ids: [21] } } } }, arrays, inv);
  const applied = applyDeployOptions(requests, opts, 'edge');
  assert.is(applied[0], requests[0], 'control is untouched');
  assert.equal(applied[1]!.demands, [{ serverType: 'M.40.256.2', count: 2, preferred: [21] }]);
  assert.is(applied[1]!.preferred, undefined);

  const { assignments, problems } = allocateServers(inv, applied);
  assert.equal(problems, []);
  const worker = assignments[1]!;
  assert.equal(worker.instances.map((i) => [i.serverId, i.serverType, i.reason]), [
    [21, 'M.40.256.2', 'preferred'],
    [20, 'M.40.256.2', 'order'],
  ]);
  assert.equal(worker.skipped, [], 'the blueprint preference (14) is gone, not skipped');
  assert.equal(assignments[0]!.instances.map((i) => i.serverId), [4, 1], 'control keeps its blueprint preference');
});

test('a server id listed under another type is skipped as wrong_type, not an error', () => {
  const opts = parseDeployOptions({ instance_array: { control: { 'M.8.32.2': { server_count: 1, server_ids: [20] } } } }, arrays, inv);
  const { assignments, problems } = allocateServers(inv, applyDeployOptions(requests, opts, 'edge'));
  assert.equal(problems, []);
  assert.equal(assignments[0]!.instances.map((i) => i.serverId), [1]);
  assert.equal(assignments[0]!.skipped[0]!.reason, { kind: 'wrong_type', serverType: 'M.40.256.2', wanted: ['M.8.32.2'] });
});

test('options for another infrastructure change nothing', () => {
  const opts = parseDeployOptions({ instance_array: { control: { 'M.8.32.2': { server_count: 3 } } } }, arrays, inv);
  assert.equal(applyDeployOptions(requests, opts, 'other'), requests);
});

test('errors name the bad key', () => {
  const e = parseError({
    instance_array: {
      contrl: { 'M.8.32.2': { server_count: 1 } },
      worker: {
        'M.40.256.9': { server_count: 1 },
        'M.40.256.4': { server_count: '3', server_ids: [0, 'srv-1', null] },
        '3': { count: 1 },
      },
    },
    extra: true,
  });
  // Integer-like keys ("3") come first in a parsed JSON object, whatever the file's order.
  assert.equal(e.problems.map((p) => p.path), [
    'extra',
    'instance_array.contrl',
    'instance_array.worker["3"].count',
    'instance_array.worker["3"].server_count',
    'instance_array.worker["M.40.256.9"]',
    'instance_array.worker["M.40.256.4"].server_count',
    'instance_array.worker["M.40.256.4"].server_ids[0]',
    'instance_array.worker["M.40.256.4"].server_ids[2]',
  ]);
  assert.match(e.message, /\n  instance_array\.contrl: no instance array named or numbered "contrl" in this infrastructure \(arrays: control, worker\)\n/);
  assert.match(e.message, /\n  instance_array\.worker\["M\.40\.256\.9"\]: no server type named or numbered "M\.40\.256\.9" in the inventory \(types: G\.48\.512\.2, /);
  assert.match(e.message, /server_count: must be a whole number ≥ 0 \(found "3"\)/);
  assert.match(e.message, /^The deploy options deploy\.json are not valid:/);
  assert.is(e.exitCode, 1);
});

test('the same array or type named twice (by name and by id) is an error', () => {
  const types = parseError({ instance_array: { control: { 'M.8.32.2': { server_count: 1 }, '1': { server_count: 1 } } } });
  assert.equal(types.problems, [{ path: 'instance_array.control["M.8.32.2"]', message: 'names server type M.8.32.2 a second time' }]);
  const arrs = parseError({ instance_array: { control: { 'M.8.32.2': { server_count: 1 } }, '99': { '1': { server_count: 1 } } } });
  assert.equal(arrs.problems, [{ path: 'instance_array.control', message: 'names instance array control a second time' }]);
});

test('applied options list the blueprint\'s types first, in its order, so indexes do not move', () => {
  const opts = parseDeployOptions('{"instance_array": {"worker": {"M.8.32.2": {"server_count": 1}, "3": {"server_count": 1}, "4": {"server_count": 2}}}}', arrays, inv);
  const applied = applyDeployOptions(requests, opts, 'edge');
  assert.equal(applied[1]!.demands.map((d) => [d.serverType, d.count]), [
    ['M.40.256.4', 2],
    ['M.40.256.2', 1],
    ['M.8.32.2', 1],
  ]);
});

test('not JSON, wrong shapes and empty arrays are clear errors', () => {
  assert.match(parseError('{ "instance_array": { , } }').message, /not valid JSON \(line 1, column 23\)/);
  assert.equal(parseError([]).problems, [{ path: '', message: 'must be an object with an "instance_array" key (found a list)' }]);
  assert.equal(parseError({ instance_array: 3 }).problems, [{ path: 'instance_array', message: 'must be an object keyed by instance array (found 3)' }]);
  assert.equal(parseError({ instance_array: { worker: {} } }).problems.map((p) => p.path), ['instance_array.worker']);
  assert.equal(parseDeployOptions({}, arrays, inv).arrays.size, 0);
});

test.run();
