import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { instanceWayBack, resolvePlan } from '../../runtime/resolve/index.ts';
import { applied, demo, instance, noProblems, planOf, resolveText, webBlueprint } from './helpers.ts';

// The way back in the resolution (issue 5): deleted and replaced instances
// list their deprovision hook steps and release, renumbered for indexes the
// plan does not list; `--replace` reinstalls in place.

const DRAIN = ['on deprovision run drain(node = instance)'];
const WORKFLOW = '\nworkflow drain(node: instance) {\n  step a = std.wait.duration(1s) { when = node.index >= 0 }\n  step b = std.wait.duration(1s) { after = [a] }\n}\n';
const blueprint = (count: number): string => webBlueprint({ count, array: DRAIN }) + WORKFLOW;

async function deployed(count: number) {
  const plan = await planOf(blueprint(count));
  const first = resolvePlan(plan, demo());
  noProblems(first);
  return applied(demo(), plan, first.resolution);
}

test('scale-down lists, per removed index, its deprovision steps then its release, renumbered from the plan', async () => {
  const inventory = await deployed(3);
  const r = await resolveText(blueprint(1), inventory);
  noProblems(r);
  assert.equal(instance(r.resolution, 'hello', 'web', 2).steps, ['hello/web[2]/deprovision/drain/a', 'hello/web[2]/deprovision/drain/b', 'hello/web[2]/release']);
  const steps = instanceWayBack(r.plan.destroy.steps, 'hello', 'web', 2);
  assert.equal(steps.find((s) => s.id.endsWith('/b'))!.needs, ['hello/web[2]/deprovision/drain/a']);
  assert.equal(steps.find((s) => s.id.endsWith('/release'))!.needs, ['hello/web[2]/deprovision/drain/b']);
  assert.ok(steps.every((s) => s.target?.index === 2));
});

test('an array scaled to 0 keeps its way back: the plan lists index 0 as the pattern, and the removed instances run it', async () => {
  const inventory = await deployed(2);
  const r = await resolveText(blueprint(0), inventory);
  noProblems(r);
  assert.equal(r.plan.steps.filter((s) => s.target?.array === 'web'), [], 'nothing to deploy');
  assert.ok(r.plan.destroy.steps.some((s) => s.id === 'hello/web[0]/deprovision/drain/a'));
  assert.equal(instance(r.resolution, 'hello', 'web', 1).steps, ['hello/web[1]/deprovision/drain/a', 'hello/web[1]/deprovision/drain/b', 'hello/web[1]/release']);
});

test('an instance that never came up only gives its server back: its deprovision hooks are not listed', async () => {
  const inventory = await deployed(2);
  inventory.infrastructures[0]!.instances.find((i) => i.index === 1)!.status = 'failed';
  const r = await resolveText(blueprint(1), inventory);
  assert.equal(instance(r.resolution, 'hello', 'web', 1).steps, ['hello/web[1]/release']);
});

test('--replace reinstalls on the same server: deprovision steps, no release, then every deploy step', async () => {
  const inventory = await deployed(2);
  const before = instance(resolvePlan(await planOf(blueprint(2)), inventory).resolution, 'hello', 'web', 1);
  const r = await resolveText(blueprint(2), inventory, { replace: ['web[1]'] });
  noProblems(r);
  const i = instance(r.resolution, 'hello', 'web', 1);
  assert.equal([i.action, i.reasons, i.server?.name], ['replace', ['--replace'], before.server?.name]);
  assert.equal(i.steps.slice(0, 3), ['hello/web[1]/deprovision/drain/a', 'hello/web[1]/deprovision/drain/b', 'hello/web[1]/bind']);
  assert.ok(i.steps.includes('hello/web[1]/install_os'));
  assert.not.ok(i.steps.includes('hello/web[1]/release'));
  assert.is(instance(r.resolution, 'hello', 'web', 0).action, 'no-op');
  assert.equal(r.resolution.options.replace, ['web[1]']);
});

test('--replace of an instance that is not deployed is a problem listing the deployed ones', async () => {
  const inventory = await deployed(2);
  const r = await resolveText(blueprint(2), inventory, { replace: ['web[5]'] });
  assert.equal(r.problems.map((p) => [p.code, p.message]), [['unknown_replace', '--replace web[5]: hello/web[5] is not deployed (deployed: web[0], web[1])']]);
});

test('--replace of an array that does not exist lists the deployed instances too', async () => {
  const inventory = await deployed(2);
  const r = await resolveText(blueprint(2), inventory, { replace: ['db[7]', 'hello/db[7]'] });
  assert.equal(r.problems.map((p) => [p.code, p.message]), [
    ['unknown_replace', '--replace db[7]: no instance array db in hello (deployed: web[0], web[1])'],
    ['unknown_replace', '--replace hello/db[7]: no instance array db in hello (deployed: web[0], web[1])'],
  ]);
});

test.run();
