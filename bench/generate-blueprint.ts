/**
 * A fixed, seedless generator of a large blueprint and its "JSON twin": the
 * same model serialised with `JSON.stringify` (no indentation). Benchmarks
 * compare front-end speed to `JSON.parse` of the twin, so both carry the same
 * information. Nothing here is random: the same target gives the same text.
 */

export interface GeneratedBlueprint {
  readonly text: string;
  readonly json: string;
  readonly lines: number;
}

interface StepModel {
  name: string;
  call: string;
  args: (string | number)[];
  options?: { retry: { attempts: number; backoff: string }; timeout: string };
}
interface WorkflowModel {
  name: string;
  params: { name: string; type: string }[];
  steps: StepModel[];
  outputs: { name: string; ref: string }[];
}
interface ArrayModel {
  name: string;
  server_type: string;
  count: number;
  boot: string;
  template: string;
  hostname: string;
  ports: { index: number; network: string }[];
  rollout: { max_parallel: number; max_failures: number };
  vars: Record<string, string | number>;
  on_provision: { workflow: string; args: Record<string, string> };
}
interface InfraModel {
  name: string;
  datacenter: string;
  on_failure: string;
  /** Infrastructure vars: each names the blueprint param it reads. */
  vars: Record<string, string>;
  networks: { name: string; kind: string }[];
  subnets: { name: string; network: string; prefix: number; pool: string }[];
  arrays: ArrayModel[];
  hooks: { phase: string; workflow: string; level: number; args: Record<string, string> }[];
  outputs: { name: string; array: string }[];
}
interface BlueprintModel {
  params: { name: string; type: string; default: number; min: number; max: number; doc: string }[];
  workflows: WorkflowModel[];
  infrastructures: InfraModel[];
}

const TYPES = ['M.8.32.2', 'M.40.256.4', 'M.40.256.2', 'M.16.64.2'];

function buildModel(infraCount: number, arraysPerInfra: number): BlueprintModel {
  const workflows: WorkflowModel[] = [];
  const infrastructures: InfraModel[] = [];
  for (let i = 0; i < infraCount; i++) {
    const wf: WorkflowModel = {
      name: `setup_${i}`,
      params: [{ name: 'node', type: 'instance' }],
      steps: [
        { name: 'os', call: 'std.provision.os', args: ['node'] },
        {
          name: 'tune',
          call: 'std.ssh.exec',
          args: ['node', `sysctl -w vm.swappiness=${i % 100}`],
          options: { retry: { attempts: 3, backoff: '10s' }, timeout: '2m' },
        },
        { name: 'mark', call: 'std.ssh.exec', args: ['node', `echo ready-${i} > /etc/mbp-ready`] },
      ],
      outputs: [{ name: 'kernel', ref: 'tune.stdout' }],
    };
    workflows.push(wf);
    const arrays: ArrayModel[] = [];
    for (let a = 0; a < arraysPerInfra; a++) {
      arrays.push({
        name: `array_${i}_${a}`,
        server_type: TYPES[(i + a) % TYPES.length]!,
        count: 1 + ((i * 7 + a) % 5),
        boot: a % 3 === 0 ? 'pxe_iscsi' : 'local_drives',
        template: 'std.os.ubuntu_2404',
        hostname: `n${i}-${a}-\${instance.index}`,
        ports: [
          { index: 0, network: 'wan' },
          { index: 1, network: 'san' },
        ],
        rollout: { max_parallel: 10, max_failures: 1 },
        vars: { role: `role-${a % 4}`, zone: (i + a) % 3 },
        on_provision: { workflow: wf.name, args: { node: 'instance' } },
      });
    }
    infrastructures.push({
      name: `infra_${i}`,
      datacenter: 'dc-east',
      on_failure: i % 2 === 0 ? 'keep' : 'release',
      vars: { workers: 'workers' },
      networks: [
        { name: 'wan', kind: 'wan' },
        { name: 'san', kind: 'san' },
      ],
      subnets: [{ name: 'lan_v4', network: 'wan', prefix: 26, pool: `10.${i % 250}.0.0/16` }],
      arrays,
      hooks: [
        { phase: 'post_deploy', workflow: `notify_${i % 4}`, level: 1, args: { url: `https://hooks.example/${i}` } },
      ],
      outputs: [{ name: 'first_ips', array: arrays[0]!.name }],
    });
  }
  for (let n = 0; n < 4; n++) {
    workflows.push({
      name: `notify_${n}`,
      params: [{ name: 'url', type: 'string' }],
      steps: [{ name: 'post', call: 'std.http.request', args: ['url'] }],
      outputs: [],
    });
  }
  return {
    params: [{ name: 'workers', type: 'int', default: 4, min: 1, max: 256, doc: 'Number of worker nodes.' }],
    workflows,
    infrastructures,
  };
}

function quote(s: string): string {
  return JSON.stringify(s);
}

function printModel(m: BlueprintModel): string {
  const out: string[] = ['//! Generated benchmark blueprint.', ''];
  for (const p of m.params) {
    out.push(`/// ${p.doc}`);
    out.push(`param ${p.name}: ${p.type} { default = ${p.default}, min = ${p.min}, max = ${p.max} }`, '');
  }
  for (const w of m.workflows) {
    out.push(`workflow ${w.name}(${w.params.map((p) => `${p.name}: ${p.type}`).join(', ')}) {`);
    for (const s of w.steps) {
      const args = s.args.map((a, i) => (i === 0 && w.params[0]?.name === a ? a : typeof a === 'string' ? (a === 'url' ? a : quote(a)) : String(a)));
      const head = `  step ${s.name} = ${s.call}(${args.join(', ')})`;
      if (s.options) {
        out.push(`${head} {`);
        out.push(`    retry   = { attempts = ${s.options.retry.attempts}, backoff = ${s.options.retry.backoff} }`);
        out.push(`    timeout = ${s.options.timeout}`);
        out.push('  }');
      } else out.push(head);
    }
    for (const o of w.outputs) out.push(`  output ${o.name} = ${o.ref}`);
    out.push('}', '');
  }
  for (const inf of m.infrastructures) {
    out.push(`infrastructure ${inf.name} {`);
    out.push(`  datacenter = ${quote(inf.datacenter)}`);
    out.push(`  on_failure = ${quote(inf.on_failure)}`);
    out.push(`  vars       = { ${Object.entries(inf.vars).map(([k, param]) => `${k} = ${param}`).join(', ')} }`);
    for (const n of inf.networks) out.push(`  network ${n.name} { kind = ${quote(n.kind)} }`);
    for (const s of inf.subnets) out.push(`  subnet ${s.name} { network = ${s.network}, prefix = ${s.prefix}, pool = ${s.pool} }`);
    for (const a of inf.arrays) {
      out.push('');
      out.push(`  instance_array ${a.name} {`);
      out.push(`    server_type = ${quote(a.server_type)}`);
      out.push(`    count       = ${a.count}`);
      out.push(`    boot        = ${quote(a.boot)}`);
      out.push(`    template    = ${a.template}`);
      out.push(`    hostname    = ${quote(a.hostname)}`);
      out.push(`    vars        = { role = ${quote(String(a.vars.role))}, zone = ${a.vars.zone} }`);
      out.push(`    rollout { max_parallel = ${a.rollout.max_parallel}, max_failures = ${a.rollout.max_failures} }`);
      for (const p of a.ports) out.push(`    port ${p.index} { network = ${p.network} }`);
      out.push(`    on provision run ${a.on_provision.workflow}(node = instance)`);
      out.push('  }');
    }
    out.push('');
    for (const h of inf.hooks) out.push(`  on ${h.phase} run ${h.workflow}(url = ${quote(h.args.url!)}) { level = ${h.level} }`);
    for (const o of inf.outputs) out.push(`  output ${o.name} = [for n in ${o.array}.instances: n.ipv4]`);
    out.push('}', '');
  }
  return out.join('\n');
}

/** About `targetLines` lines (within a few percent), in thousands of arrays and workflows. */
export function generateBlueprint(targetLines = 100_000): GeneratedBlueprint {
  const arraysPerInfra = 20;
  // One infrastructure prints about 14 + 13 * arraysPerInfra lines and its workflow about 10.
  const perInfra = 14 + 13 * arraysPerInfra + 10;
  const infraCount = Math.max(1, Math.round(targetLines / perInfra));
  const model = buildModel(infraCount, arraysPerInfra);
  const text = printModel(model);
  return { text, json: JSON.stringify(model), lines: text.split('\n').length };
}
