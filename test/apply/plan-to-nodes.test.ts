import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stepOutput, hookOutput, ref, lit } from '../../compiler/plan/index.ts';
import { planToNodes, PlanRunContext } from '../../runtime/apply/index.ts';
import { DEFAULT_STEP_TIMEOUTS_MS } from '../../runtime/steps/index.ts';
import { instanceOn } from '../steps/helpers.ts';
import { convert, facts, hook, miniPlan, NO_HARDWARE, NO_SECRETS, node, planArray, planStep, recorder } from './helpers.ts';

test('a per-instance step: ids, needs, resources, rollout group, retry and timeouts come from the plan and the facts', async () => {
  const web0 = await instanceOn({ array: 'web', index: 0 });
  const plan = miniPlan(
    [
      planStep({ id: 'edge/vlans', kind: 'mbp.network.allocate_vlans' }),
      planStep({
        id: 'edge/web[0]/configure_ports',
        kind: 'std.provision.configure_ports',
        phase: 'provision',
        target: { array: 'web', index: 0 },
        group: 'edge/web',
        needs: ['edge/vlans', 'edge/not-in-this-run'],
        resource: 'switch',
      }),
      planStep({
        id: 'edge/web[0]/install_os',
        kind: 'std.provision.install_os',
        phase: 'provision',
        target: { array: 'web', index: 0 },
        group: 'edge/web',
        needs: ['edge/web[0]/configure_ports'],
        resource: 'bmc',
        retry: { attempts: 3, backoff_ms: 1_000, max_backoff_ms: 8_000 },
      }),
      planStep({ id: 'edge/post_deploy/notify/post', kind: 'std.http.request', phase: 'post_deploy', needs_groups: ['edge/web'], idempotent: false, resource: 'http', args: { url: lit('https://hooks.example/x') }, timeout_ms: 9_000 }),
    ],
    { arrays: { web: planArray('web', 1, { rollout: { max_parallel: 5, max_failures: 2 } }) } },
  );
  const steps = plan.steps.filter((s) => s.id !== 'edge/not-in-this-run');
  const { nodes, problems } = planToNodes({
    plan,
    section: 'deploy',
    steps,
    facts: facts([web0]),
    context: new PlanRunContext({ secrets: NO_SECRETS }),
    runtime: NO_HARDWARE,
    handlers: { 'mbp.network.allocate_vlans': recorder(), 'std.http.request': recorder() },
  });
  assert.equal(problems, []);
  const ports = node(nodes, 'edge/web[0]/configure_ports');
  assert.equal(ports.needs, ['edge/vlans'], 'a need outside the run counts as met');
  assert.equal(ports.resources, ['instance:edge/web[0]', 'switch:leaf-1']);
  assert.equal(ports.group, { name: 'edge/web', member: 'edge/web[0]', maxParallel: 5, maxFailures: 2 });
  assert.is(ports.timeoutMs, DEFAULT_STEP_TIMEOUTS_MS['std.provision.configure_ports']);
  const install = node(nodes, 'edge/web[0]/install_os');
  assert.equal(install.resources, ['instance:edge/web[0]', 'bmc:srv-1']);
  assert.equal(install.retry, { attempts: 3, backoffMs: 1_000, maxBackoffMs: 8_000 });
  assert.is(install.idempotent, true);
  const notify = node(nodes, 'edge/post_deploy/notify/post');
  assert.equal(notify.needsGroup, [{ name: 'edge/web', tolerateFailures: true }]);
  assert.equal(notify.resources, ['http:hooks.example']);
  assert.is(notify.timeoutMs, 9_000);
  assert.is(notify.idempotent, false);
  assert.match(notify.check ?? '', /whether std.http.request \(main.mbp:1\) took effect/);
  assert.is(node(nodes, 'edge/vlans').group, undefined);
});

test('a kind with no handler and an instance with no facts are problems, all listed', () => {
  const plan = miniPlan([
    planStep({ id: 'edge/a', kind: 'std.ssh.exec' }),
    planStep({ id: 'edge/b', kind: 'std.ssh.exec' }),
    planStep({ id: 'edge/web[3]/power_off', kind: 'std.provision.power_off', target: { array: 'web', index: 3 } }),
  ]);
  const { problems } = planToNodes({ plan, section: 'deploy', facts: facts(), context: new PlanRunContext({ secrets: NO_SECRETS }), runtime: NO_HARDWARE });
  assert.equal(problems, ['edge/web[3]/power_off: the run has no resolved facts for instance edge/web[3]', 'no handler for step kind std.ssh.exec (2 steps: edge/a, edge/b)']);
});

test('`when` false: the step succeeds as skipped without running, and its dependents run', async () => {
  const skipped = recorder(() => ({ never: true }));
  const after = recorder();
  const plan = miniPlan(
    [
      planStep({ id: 'edge/x', kind: 'test.skipped', when: { op: '>', args: [ref('param', 'n'), lit(3)] } }),
      planStep({ id: 'edge/y', kind: 'test.after', needs: ['edge/x'], when: { op: '<=', args: [ref('param', 'n'), lit(3)] } }),
    ],
    { params: { n: { type: 'int', value: 2, given: false } } },
  );
  const c = convert(plan, { handlers: { 'test.skipped': skipped, 'test.after': after } });
  const result = await c.run();
  assert.is(result.status, 'succeeded');
  assert.equal(result.nodes.get('edge/x')?.outputs, {});
  assert.is(skipped.calls.length, 0);
  assert.is(after.calls.length, 1);
  assert.ok(c.events.some((e) => e.type === 'log' && e.id === 'edge/x' && e.line === 'skipped: `when` is false'));
});

test('outputs flow: a later step reads an earlier step\'s output, a later hook reads a hook\'s output', async () => {
  const reserve = recorder(() => ({ address: '10.0.0.200' }));
  const use = recorder();
  const plan = miniPlan(
    [
      planStep({ id: 'edge/pre_deploy/vips/api', kind: 'test.reserve', hook: 'edge/pre_deploy/vips' }),
      planStep({ id: 'edge/pre_deploy/vips/check', kind: 'test.use', hook: 'edge/pre_deploy/vips', needs: ['edge/pre_deploy/vips/api'], args: { ip: stepOutput('edge/pre_deploy/vips/api', 'address') } }),
      planStep({
        id: 'edge/post_deploy/join/init',
        kind: 'test.use',
        phase: 'post_deploy',
        needs: ['edge/pre_deploy/vips/check'],
        args: { endpoint: { interpolate: ['https://', hookOutput('edge/pre_deploy/vips', 'address'), ':6443'] } },
      }),
    ],
    { hooks: [hook('edge/pre_deploy/vips', { address: stepOutput('edge/pre_deploy/vips/api', 'address') })] },
  );
  const result = await convert(plan, { handlers: { 'test.reserve': reserve, 'test.use': use } }).run();
  assert.is(result.status, 'succeeded');
  assert.equal(use.calls, [{ ip: '10.0.0.200' }, { endpoint: 'https://10.0.0.200:6443' }]);
});

test('hooks see deployment.added and deployment.removed; per-instance steps see their instance', async () => {
  const web0 = await instanceOn({ array: 'web', index: 0 });
  const web1 = await instanceOn({ server: 2, array: 'web', index: 1 });
  const seen = recorder();
  const plan = miniPlan(
    [
      planStep({ id: 'edge/post_deploy/n/post', kind: 'test.seen', phase: 'post_deploy', args: { added: { for: { value: 'n', in: ref('deployment', 'added'), do: ref('local', 'n', 'hostname') } }, removed: ref('deployment', 'removed') } }),
      planStep({ id: 'edge/web[1]/template/hi', kind: 'test.seen', target: { array: 'web', index: 1 }, group: 'edge/web', args: { me: ref('instance', 'ipv4'), all: { for: { value: 'n', in: ref('array', 'web', 'instances'), do: ref('local', 'n', 'server', 'id') } } } }),
    ],
    { arrays: { web: planArray('web', 2) } },
  );
  const result = await convert(plan, { handlers: { 'test.seen': seen }, facts: facts([web0, web1], { added: ['edge/web[1]'] }) }).run();
  assert.is(result.status, 'succeeded');
  assert.equal(seen.calls, [
    { added: ['web-1'], removed: [] },
    { me: '10.0.0.12', all: ['srv-1', 'srv-2'] },
  ]);
});

test('`for_each` known before the run: one node per element `ID[key]`, a node `ID` that needs them all, outputs gathered as a list', async () => {
  const each = recorder((a) => ({ got: a.host as string }));
  const after = recorder();
  const plan = miniPlan([
    planStep({ id: 'edge/p/ping', kind: 'test.each', for_each: lit(['a', 'b', 'c']), args: { host: { interpolate: [ref('each', 'value'), '#', ref('each', 'key')] } } }),
    planStep({ id: 'edge/p/after', kind: 'test.after', needs: ['edge/p/ping'], args: { all: stepOutput('edge/p/ping') } }),
  ]);
  const c = convert(plan, { handlers: { 'test.each': each, 'test.after': after } });
  assert.equal(
    c.nodes.map((n) => [n.id, n.needs ?? []]),
    [
      ['edge/p/ping[0]', []],
      ['edge/p/ping[1]', []],
      ['edge/p/ping[2]', []],
      ['edge/p/ping', ['edge/p/ping[0]', 'edge/p/ping[1]', 'edge/p/ping[2]']],
      ['edge/p/after', ['edge/p/ping']],
    ],
  );
  const result = await c.run();
  assert.is(result.status, 'succeeded');
  assert.equal(result.nodes.get('edge/p/ping[1]')?.outputs, { got: 'b#1' });
  assert.equal(after.calls, [{ all: [{ got: 'a#0' }, { got: 'b#1' }, { got: 'c#2' }] }]);
});

test('`for_each` over a map: keys in sorted order, `when` per element, outputs gathered by key', async () => {
  const each = recorder((a) => ({ v: a.v as number }));
  const after = recorder();
  const plan = miniPlan([
    planStep({ id: 'edge/m/set', kind: 'test.each', for_each: lit({ zeta: 1, alpha: 2, mid: 3 }), when: { op: '!=', args: [ref('each', 'key'), lit('mid')] }, args: { v: ref('each', 'value') } }),
    planStep({ id: 'edge/m/after', kind: 'test.after', needs: ['edge/m/set'], args: { all: stepOutput('edge/m/set') } }),
  ]);
  const c = convert(plan, { handlers: { 'test.each': each, 'test.after': after } });
  assert.equal(
    c.nodes.map((n) => n.id),
    ['edge/m/set[alpha]', 'edge/m/set[mid]', 'edge/m/set[zeta]', 'edge/m/set', 'edge/m/after'],
  );
  await c.run();
  assert.equal(each.calls, [{ v: 2 }, { v: 1 }]);
  assert.equal(after.calls, [{ all: { alpha: { v: 2 }, mid: {}, zeta: { v: 1 } } }]);
});

test('`for_each` over an earlier step\'s output: expanded while running, each element reported as its own step', async () => {
  const discover = recorder(() => ({ hosts: ['h1', 'h2'] }));
  const each = recorder((a) => ({ done: a.host as string }));
  const after = recorder();
  const plan = miniPlan([
    planStep({ id: 'edge/d/discover', kind: 'test.discover' }),
    planStep({ id: 'edge/d/each', kind: 'test.each', needs: ['edge/d/discover'], for_each: stepOutput('edge/d/discover', 'hosts'), args: { host: ref('each', 'value') } }),
    planStep({ id: 'edge/d/after', kind: 'test.after', needs: ['edge/d/each'], args: { all: stepOutput('edge/d/each') } }),
  ]);
  const c = convert(plan, { handlers: { 'test.discover': discover, 'test.each': each, 'test.after': after } });
  assert.equal(
    c.nodes.map((n) => n.id),
    ['edge/d/discover', 'edge/d/each', 'edge/d/after'],
  );
  const result = await c.run();
  assert.is(result.status, 'succeeded');
  assert.equal(after.calls, [{ all: [{ done: 'h1' }, { done: 'h2' }] }]);
  const childEvents = c.events.filter((e) => 'id' in e && e.id.startsWith('edge/d/each[')).map((e) => `${e.type} ${'id' in e ? e.id : ''}`);
  assert.equal(childEvents, ['start edge/d/each[0]', 'success edge/d/each[0]', 'start edge/d/each[1]', 'success edge/d/each[1]']);
});

test('an element that fails fails the expanding step, naming the element; the run goes on without its dependents', async () => {
  const plan = miniPlan([
    planStep({ id: 'edge/d/discover', kind: 'test.discover' }),
    planStep({ id: 'edge/d/each', kind: 'test.each', needs: ['edge/d/discover'], for_each: stepOutput('edge/d/discover', 'hosts'), args: { host: ref('each', 'value') } }),
    planStep({ id: 'edge/d/after', kind: 'test.after', needs: ['edge/d/each'] }),
  ]);
  const handlers = {
    'test.discover': recorder(() => ({ hosts: { a: 'ok', b: 'bad' } })),
    'test.each': async (args: Readonly<Record<string, unknown>>) => {
      if (args.host === 'bad') throw new Error('unreachable host');
      return {};
    },
    'test.after': recorder(),
  };
  const c = convert(plan, { handlers });
  const result = await c.run();
  assert.is(result.nodes.get('edge/d/each')?.outcome, 'failed');
  assert.match(result.nodes.get('edge/d/each')?.error ?? '', /edge\/d\/each\[b\] failed: unreachable host/);
  assert.is(result.nodes.get('edge/d/after')?.outcome, 'skipped');
  assert.ok(c.events.some((e) => e.type === 'failure' && e.id === 'edge/d/each[b]'));
});

test('post_deploy runs when the rollout failed within max_failures, and not when it failed beyond', async () => {
  for (const [maxFailures, expected] of [[1, 'succeeded'], [0, 'skipped']] as const) {
    const instances = [await instanceOn({ array: 'web', index: 0 }), await instanceOn({ server: 2, array: 'web', index: 1 })];
    const perInstance = (i: number) =>
      planStep({ id: `edge/web[${i}]/template/probe`, kind: 'test.probe', phase: 'provision', target: { array: 'web', index: i }, group: 'edge/web', args: { ip: ref('instance', 'ipv4') } });
    const plan = miniPlan(
      [perInstance(0), perInstance(1), planStep({ id: 'edge/post_deploy/n/post', kind: 'test.post', phase: 'post_deploy', needs_groups: ['edge/web'] })],
      { arrays: { web: planArray('web', 2, { rollout: { max_failures: maxFailures } }) } },
    );
    const handlers = {
      'test.probe': async (args: Readonly<Record<string, unknown>>) => {
        if (args.ip === '10.0.0.12') throw new Error('no answer');
        return {};
      },
      'test.post': recorder(),
    };
    const result = await convert(plan, { handlers, facts: facts(instances) }).run();
    assert.is(result.nodes.get('edge/post_deploy/n/post')?.outcome, expected, `max_failures ${maxFailures}`);
    assert.equal(result.groups.get('edge/web')?.failedMembers, ['edge/web[1]']);
  }
});

test.run();
