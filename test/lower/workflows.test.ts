import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileFiles, planOf, precedes, step } from './helpers.ts';

const BLUEPRINT = `
infrastructure dc {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  on post_deploy run outer(url = "https://a.example")
  on post_deploy run outer(url = "https://b.example") { timeout = 5m }
  on post_deploy run late = outer(url = "https://c.example") {
    level = 1
    when  = length(deployment.added) > 0
  }
}

workflow outer(url: string) {
  step first = std.http.request(url)
  step inner = middle(target = "\${url}/inner", code = first.status)
  step via   = std.workflow.call(middle, { target = "\${url}/via", code = 1 })
  step last  = std.http.request("\${url}/last", json = { a = inner.echoed, b = via.echoed }) {
    after = [inner]
  }
  output final = last.status
}

workflow middle(target: string, code: int) {
  step ping = std.http.request(target, json = { code = code })
  output echoed = ping.body
}
`;

test('a step that runs a workflow expands in place under its own id', async () => {
  const { steps } = await planOf(BLUEPRINT);
  const ids = steps.filter((s) => s.id.startsWith('dc/post_deploy/outer/')).map((s) => s.id);
  assert.equal(ids, ['dc/post_deploy/outer/first', 'dc/post_deploy/outer/inner/ping', 'dc/post_deploy/outer/via/ping', 'dc/post_deploy/outer/last']);
  const ping = step(steps, 'dc/post_deploy/outer/inner/ping');
  assert.equal(ping.args.url, { lit: 'https://a.example/inner' }, 'the argument is substituted and folded');
  assert.equal(ping.args.json, { object: [['code', { step_output: ['dc/post_deploy/outer/first', 'status'] }]] });
  assert.equal(ping.needs, ['dc/post_deploy/outer/first']);
  assert.equal(step(steps, 'dc/post_deploy/outer/via/ping').args.json, { lit: { code: 1 } }, 'std.workflow.call with an argument map');
});

test("reading a workflow step's outputs reads the called workflow's outputs; steps run in written order", async () => {
  const { steps } = await planOf(BLUEPRINT);
  const last = step(steps, 'dc/post_deploy/outer/last');
  assert.equal(last.args.json, {
    object: [
      ['a', { step_output: ['dc/post_deploy/outer/inner/ping', 'body'] }],
      ['b', { step_output: ['dc/post_deploy/outer/via/ping', 'body'] }],
    ],
  });
  assert.equal(last.needs, ['dc/post_deploy/outer/inner/ping', 'dc/post_deploy/outer/via/ping']);
  assert.equal(step(steps, 'dc/post_deploy/outer/via/ping').needs, ['dc/post_deploy/outer/inner/ping'], 'the step written before, expanded');
});

test('hooks: a repeated workflow gets a numbered id; level, when and timeout are recorded', async () => {
  const plan = await planOf(BLUEPRINT);
  const hooks = plan.infrastructures.dc?.hooks ?? [];
  assert.equal(hooks.map((h) => h.id), ['dc/post_deploy/outer', 'dc/post_deploy/outer-2', 'dc/post_deploy/late']);
  assert.is(hooks[1]?.timeout_ms, 300_000);
  assert.equal(hooks[0]?.outputs, { final: { step_output: ['dc/post_deploy/outer/last', 'status'] } });
  const late = step(plan.steps, 'dc/post_deploy/late/first');
  assert.is(late.level, 1);
  assert.is(late.hook, 'dc/post_deploy/late');
  assert.equal(late.when, { op: '>', args: [{ call: 'length', args: [{ ref: ['deployment', 'added'] }] }, { lit: 0 }] });
  // Every step of the hook carries its condition.
  assert.equal(step(plan.steps, 'dc/post_deploy/late/inner/ping').when, late.when);
  assert.ok(precedes(plan.steps, 'dc/post_deploy/outer-2/last', 'dc/post_deploy/late/first'));
});

test('a constant that fails once a workflow argument is known is an error where it is written', async () => {
  const result = await compileFiles({
    'main.mbp': `
infrastructure dc {
  datacenter = "dc-east"
  on pre_deploy run w(prefix = 10.0.0.0/30)
}
workflow w(prefix: cidr) {
  step s = std.http.request("https://x.example/\${cidrhost(prefix, 9999)}")
}`,
  });
  assert.is(result.plan, undefined);
  const d = result.diagnostics.find((x) => x.code === 'MBP2062');
  assert.ok(d, result.diagnostics.map((x) => `${x.code} ${x.message}`).join('\n'));
  assert.match(d?.message ?? '', /cidrhost/);
  assert.is(d?.file, '/proj/main.mbp');
});

test.run();
