import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { planToJson, secretsRead, walkIr, type Ir } from '../../compiler/plan/index.ts';
import { compileFiles, planOf, step } from './helpers.ts';

const BLUEPRINT = `
param region: string = "dc-east"
param workers: int { default = 2, min = 1 }
secret api_token

let cluster = "edge-\${region}"
let ports = [for p in [80, 443]: p + 8000]

infrastructure edge {
  datacenter = region
  vars       = { cluster = cluster }
  network wan { kind = "wan" }
  subnet lan { network = wan, prefix = 26 }

  instance_array worker {
    server_type = "M.8.32.2"
    count       = workers
    template    = std.os.ubuntu_2404
    hostname    = "wk-\${instance.index + 1}"
    port 0 { network = wan }
    on provision run tuned(node = instance, ports = ports)
  }

  on pre_deploy  run vips = reserve(subnet = lan)
  on post_deploy run announce(vip = vips.address, hosts = [for n in deployment.added: n.hostname]) {
    when = length(deployment.added) > 0
  }

  output vip   = vips.address
  output hosts = [for n in worker.instances: n.hostname]
}

workflow reserve(subnet: subnet) {
  step api = std.ipam.reserve_vip(subnet, name = "api")
  output address = api.address
}

workflow tuned(node: instance, ports: list(int)) {
  step os   = std.provision.os(node)
  step open = std.ssh.exec(node, "ufw allow \${each.value}") {
    for_each = ports
    retry { attempts = 3, backoff = 2s }
    timeout = 1m
  }
  step flag = std.ssh.exec(node, "touch /primary") {
    when = node.index == 0
  }
}

workflow announce(vip: ip, hosts: list(string)) {
  step post = std.http.request("https://hooks.example/\${vip}", "POST",
    headers = { Authorization = "Bearer \${api_token}" },
    json    = { hosts = hosts, cluster = cluster })
}
`;

test('constants are folded: params, lets, interpolation, for-expressions, operators', async () => {
  const plan = await planOf(BLUEPRINT);
  const edge = plan.infrastructures.edge;
  assert.is(edge?.datacenter, 'dc-east');
  assert.equal(edge?.vars, { lit: { cluster: 'edge-dc-east' } });
  assert.equal(edge?.arrays.worker?.demands, [{ server_type: 'M.8.32.2', count: 2 }]);
  assert.equal(step(plan.steps, 'edge/worker[0]/provision/open').for_each, { lit: [8080, 8443] });
  assert.equal(step(plan.steps, 'edge/post_deploy/announce/post').args.json, {
    object: [
      ['hosts', { for: { value: 'n', in: { ref: ['deployment', 'added'] }, do: { ref: ['local', 'n', 'hostname'] } } }],
      ['cluster', { lit: 'edge-dc-east' }],
    ],
  });
});

test('run-time values stay deferred: instance fields, deployment, each, arrays', async () => {
  const plan = await planOf(BLUEPRINT);
  const worker = plan.infrastructures.edge?.arrays.worker;
  assert.equal(worker?.hostname, { interpolate: ['wk-', { op: '+', args: [{ ref: ['instance', 'index'] }, { lit: 1 }] }] });
  // Per instance, the index is known: the hostname folds.
  assert.equal(worker?.instances.map((i) => i.hostname), [{ lit: 'wk-1' }, { lit: 'wk-2' }]);
  assert.equal(step(plan.steps, 'edge/worker[1]/provision/open').args.command, { interpolate: ['ufw allow ', { ref: ['each', 'value'] }] });
  assert.equal(step(plan.steps, 'edge/worker[1]/provision/flag').when, { op: '==', args: [{ ref: ['instance', 'index'] }, { lit: 0 }] });
  assert.equal(step(plan.steps, 'edge/post_deploy/announce/post').when, {
    op: '>',
    args: [{ call: 'length', args: [{ ref: ['deployment', 'added'] }] }, { lit: 0 }],
  });
  assert.equal(plan.infrastructures.edge?.outputs.hosts, {
    for: { value: 'n', in: { ref: ['array', 'worker', 'instances'] }, do: { ref: ['local', 'n', 'hostname'] } },
  });
  assert.equal(step(plan.steps, 'edge/pre_deploy/vips/api').args.subnet, { ref: ['subnet', 'lan'] });
});

test('workflow outputs become hook outputs, read by later hooks as hook_output and waited for', async () => {
  const plan = await planOf(BLUEPRINT);
  const hook = plan.infrastructures.edge?.hooks.find((h) => h.id === 'edge/pre_deploy/vips');
  assert.equal(hook?.outputs, { address: { step_output: ['edge/pre_deploy/vips/api', 'address'] } });
  const post = step(plan.steps, 'edge/post_deploy/announce/post');
  assert.equal(post.args.url, { interpolate: ['https://hooks.example/', { hook_output: ['edge/pre_deploy/vips', 'address'] }] });
  assert.ok(post.needs.includes('edge/pre_deploy/vips/api'));
  assert.equal(plan.infrastructures.edge?.outputs.vip, { hook_output: ['edge/pre_deploy/vips', 'address'] });
});

test('secrets appear only as references, never as values', async () => {
  const plan = await planOf(BLUEPRINT);
  assert.equal(plan.secrets, { api_token: { type: 'string' } });
  const headers = step(plan.steps, 'edge/post_deploy/announce/post').args.headers as Ir;
  assert.equal(headers, { object: [['Authorization', { interpolate: ['Bearer ', { secret: 'api_token' }] }]] });
  const everywhere: string[] = [];
  for (const s of plan.steps) for (const v of Object.values(s.args)) everywhere.push(...secretsRead(v));
  assert.equal([...new Set(everywhere)], ['api_token']);
  // Not even a secret given in the environment can reach the plan: the compiler never reads one.
  const again = await planOf(BLUEPRINT);
  assert.is(planToJson(again), planToJson(plan));
});

test('step options: retry, timeout, for_each and when', async () => {
  const plan = await planOf(BLUEPRINT);
  const open = step(plan.steps, 'edge/worker[0]/provision/open');
  assert.equal(open.retry, { attempts: 3, backoff_ms: 2000, max_backoff_ms: 300_000 });
  assert.is(open.timeout_ms, 60_000);
  assert.is(open.idempotent, false);
  assert.is(open.resource, 'ssh');
  assert.is(step(plan.steps, 'edge/worker[0]/provision/os/wait_ready').waits_only, true);
  assert.is(step(plan.steps, 'edge/worker[0]/provision/os/install_os').idempotent, true);
  assert.is(step(plan.steps, 'edge/worker[0]/provision/os/install_os').resource, 'bmc');
});

test('params: the value given wins over the default, and the plan records which', async () => {
  const plan = await planOf(BLUEPRINT, ['workers=3', 'region=dc-west']);
  assert.equal(plan.params.workers, { type: 'int', value: 3, given: true });
  assert.equal(plan.params.region, { type: 'string', value: 'dc-west', given: true });
  assert.is(plan.infrastructures.edge?.datacenter, 'dc-west');
  assert.is(plan.infrastructures.edge?.arrays.worker?.count, 3);
  assert.ok(plan.steps.some((s) => s.id === 'edge/worker[2]/bind'));
  const dflt = await planOf(BLUEPRINT);
  assert.equal(dflt.params.workers, { type: 'int', value: 2, given: false });
});

test('vars: infrastructure, array and instance merged, the narrower winning', async () => {
  const plan = await planOf(`
infrastructure web {
  datacenter = "dc-east"
  vars = { env = "prod", role = "any", team = "web" }
  network wan { kind = "wan" }
  instance_array fe {
    server_type = "M.8.32.2"
    count       = 2
    template    = std.os.ubuntu_2404
    vars        = { role = "frontend" }
    port 0 { network = wan }
    instance 1 {
      hostname = "fe-primary"
      vars     = { role = "primary", extra = true }
    }
  }
}`);
  const fe = plan.infrastructures.web?.arrays.fe;
  assert.equal(fe?.instances, [
    { index: 0, hostname: { lit: 'fe-0' }, vars: { lit: { env: 'prod', role: 'frontend', team: 'web' } } },
    { index: 1, hostname: { lit: 'fe-primary' }, vars: { lit: { env: 'prod', role: 'primary', team: 'web', extra: true } } },
  ]);
});

test('a server type split keeps its written order; preferred servers, tags, spread and rollout', async () => {
  const plan = await planOf(`
infrastructure web {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  instance_array fe {
    server_types = { "M.40.256.2" = 1, "M.16.64.2" = 2 }
    template     = std.os.debian_12
    spread       = "rack"
    tags         = ["nvme"]
    rollout { max_parallel = 2, max_failures = 1 }
    prefer { servers = [5, "srv-0021"] }
    port 0 { network = wan }
  }
}`);
  const fe = plan.infrastructures.web?.arrays.fe;
  assert.equal(fe?.demands, [{ server_type: 'M.40.256.2', count: 1 }, { server_type: 'M.16.64.2', count: 2 }]);
  assert.is(fe?.count, 3);
  assert.equal([fe?.spread, fe?.tags, fe?.preferred], ['rack', ['nvme'], [5, 'srv-0021']]);
  assert.equal(fe?.rollout, { max_parallel: 2, max_failures: 1 });
});

test('paths in the plan are relative to the working directory, with source locations', async () => {
  const ship = '  step copy = std.ssh.copy(host, "/etc/motd", source_file = "./motd", host_key = "ssh-ed25519 AAAA")';
  const result = await compileFiles({
    'infra/main.mbp': `
import "../lib/wf.mbp" as wf
infrastructure dc {
  datacenter = "dc-east"
  network wan { kind = "wan" }
  on post_deploy run wf.ship(host = "h")
}`,
    'lib/wf.mbp': `
workflow ship(host: string) {
${ship}
}`,
    'lib/motd': 'hi\n',
  });
  const plan = result.plan;
  assert.ok(plan, JSON.stringify(result.diagnostics.map((d) => d.message)));
  if (!plan) return;
  assert.is(plan.blueprint.path, 'infra/main.mbp');
  assert.equal(plan.blueprint.files.map((f) => f.path), ['infra/main.mbp', 'lib/wf.mbp']);
  for (const f of plan.blueprint.files) assert.match(f.sha256, /^[0-9a-f]{64}$/);
  const copy = step(plan.steps, 'dc/post_deploy/wf.ship/copy');
  assert.equal(copy.args.source_file, { lit: 'lib/motd' }, 'relative to the file that writes it, shown from the working directory');
  // The step statement, from `step` to the end of its call (columns from 1, end exclusive).
  assert.equal(copy.source, { file: 'lib/wf.mbp', start: { line: 3, column: 3 }, end: { line: 3, column: ship.length + 1 } });
  const json = planToJson(plan);
  assert.not.match(json, /\/proj/);
});

test('a blueprint with errors gives diagnostics and no plan', async () => {
  const result = await compileFiles({ 'main.mbp': 'infrastructure x {\n  datacenter = nope\n}\n' });
  assert.is(result.plan, undefined);
  assert.ok(result.diagnostics.some((d) => d.code === 'MBP2001'));
  const missing = await compileFiles({ 'main.mbp': 'param n: int\ninfrastructure x {\n  datacenter = "d"\n}\n' });
  assert.is(missing.plan, undefined);
  assert.ok(missing.diagnostics.some((d) => d.code === 'MBP2033'), 'every param needs a value to compile');
});

test('every literal of the plan is plain JSON (no undefined, no NaN)', async () => {
  const plan = await planOf(BLUEPRINT);
  const roundTrip = JSON.parse(planToJson(plan));
  assert.equal(roundTrip, JSON.parse(JSON.stringify(plan)));
  for (const s of plan.steps) {
    for (const v of Object.values(s.args)) {
      walkIr(v, (n) => {
        if ('lit' in n) assert.ok(n.lit !== undefined && !(typeof n.lit === 'number' && !Number.isFinite(n.lit)));
      });
    }
  }
});

test.run();
