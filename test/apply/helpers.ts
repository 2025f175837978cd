import type { Plan, PlanArray, PlanHook, PlanStep } from '../../compiler/plan/index.ts';
import type { Value, ValueObject } from '../../stdlib/index.ts';
import { execute, type ExecEvent, type ExecNode, type ExecutionResult, type ExecObserver } from '../../runtime/executor/index.ts';
import {
  planToNodes,
  PlanRunContext,
  resolveTemplate,
  simulatedAssets,
  type InfrastructureFacts,
  type PlanToNodesOptions,
  type RunFacts,
  type SecretSource,
} from '../../runtime/apply/index.ts';
import type { HandlerTable, ResolvedInstance, RuntimeStepHandler, StepRuntime } from '../../runtime/steps/index.ts';
import { fail } from '../support/index.ts';
import { ASSETS, builtinTemplate, instanceOn, TOPOLOGY } from '../steps/helpers.ts';

const SOURCE = { file: 'main.mbp', start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } as const;

/** A plan step with the defaults of a pre_deploy step of infrastructure `edge`. */
export function planStep(step: Partial<PlanStep> & Pick<PlanStep, 'id' | 'kind'>): PlanStep {
  return { phase: 'pre_deploy', infrastructure: 'edge', args: {}, needs: [], idempotent: true, resource: 'none', waits_only: false, source: SOURCE, ...step };
}

export function planArray(name: string, count: number, extra: Partial<PlanArray> = {}): PlanArray {
  return {
    count,
    demands: [{ server_type: 'M.8.32.2', count }],
    tags: [],
    spread: 'none',
    preferred: [],
    boot: 'local_drives',
    template: builtinTemplate('std.os.ubuntu_2404', 'local_drives'),
    ports: [{ index: 0, network: 'wan' }],
    shut: 'others',
    hostname: { lit: name },
    instances: Array.from({ length: count }, (_, index) => ({ index, hostname: { lit: `${name}-${index}` }, vars: { lit: {} } })),
    rollout: { max_failures: 0 },
    provision: { kind: 'default' },
    group: `edge/${name}`,
    source: SOURCE,
    ...extra,
  };
}

export function hook(id: string, outputs: PlanHook['outputs'] = {}, phase: PlanHook['phase'] = 'pre_deploy', level = 0): PlanHook {
  return { id, phase, level, workflow: id.split('/').pop() ?? id, outputs, source: SOURCE };
}

/** A hand-written plan of one infrastructure `edge`. */
export function miniPlan(steps: readonly PlanStep[], extra: { arrays?: Record<string, PlanArray>; hooks?: PlanHook[]; params?: Plan['params']; destroy?: PlanStep[] } = {}): Plan {
  return {
    format_version: '1',
    blueprint: { path: 'main.mbp', sha256: '0'.repeat(64), files: [] },
    params: extra.params ?? {},
    secrets: {},
    infrastructures: {
      edge: {
        datacenter: 'dc-east',
        on_failure: 'keep',
        prevent_destroy: false,
        vars: { lit: {} },
        networks: { wan: { kind: 'wan', subnets: { wan: { family: 'ipv4' } } } },
        arrays: extra.arrays ?? {},
        hooks: extra.hooks ?? [],
        outputs: {},
        empty: Object.keys(extra.arrays ?? {}).length === 0,
        source: SOURCE,
      },
    },
    outputs: {},
    steps,
    destroy: { steps: extra.destroy ?? [] },
  };
}

export function facts(instances: readonly ResolvedInstance[] = [], more: Partial<InfrastructureFacts> = {}): RunFacts {
  return {
    infrastructures: {
      edge: {
        instances,
        networks: [{ name: 'wan', kind: 'wan', vlan: 101 }],
        subnets: [{ name: 'wan', network: 'wan', family: 'ipv4', cidr: '10.0.0.0/24', gateway: '10.0.0.1', prefix: 24 }],
        added: instances.map((i) => `edge/${i.array}[${i.index}]`),
        removed: [],
        ...more,
      },
    },
  };
}

/** A handler that records its arguments and returns what `respond` makes of them. */
export function recorder(respond: (args: Readonly<Record<string, Value>>) => ValueObject = () => ({})): RuntimeStepHandler & { readonly calls: Readonly<Record<string, Value>>[] } {
  const calls: Readonly<Record<string, Value>>[] = [];
  const handler = async (args: Readonly<Record<string, Value>>) => {
    calls.push(args);
    return respond(args);
  };
  return Object.assign(handler, { calls });
}

export const NO_SECRETS: SecretSource = { get: () => undefined };

/** A runtime for steps that touch no hardware. */
export const NO_HARDWARE = {} as StepRuntime;

export interface Converted {
  readonly nodes: ExecNode[];
  readonly context: PlanRunContext;
  readonly events: ExecEvent[];
  run(): Promise<ExecutionResult>;
}

/** planToNodes with the test's handlers; `run()` executes the nodes with an observer recording every event. */
export function convert(plan: Plan, options: Partial<PlanToNodesOptions> & { handlers: HandlerTable; secrets?: SecretSource; observers?: ExecObserver[] }): Converted {
  const events: ExecEvent[] = [];
  const observer: ExecObserver = { onEvent: (e) => events.push(e) };
  const observers = [observer, ...(options.observers ?? [])];
  const context = options.context ?? new PlanRunContext({ secrets: options.secrets ?? NO_SECRETS, observers });
  const { nodes, problems } = planToNodes({ plan, section: 'deploy', facts: facts(), runtime: NO_HARDWARE, ...options, context });
  if (problems.length > 0) fail('planToNodes reported problems', [...problems]);
  return { nodes, context, events, run: () => execute(nodes, { observers }) };
}

export function node(nodes: readonly ExecNode[], id: string): ExecNode {
  return nodes.find((n) => n.id === id) ?? fail(`no node ${id}`, nodes.map((n) => n.id));
}

/**
 * Resolved facts for a compiled plan, the way the apply layer builds them:
 * instances in array order on the simulated servers srv-1, srv-2, with the
 * array's template, port 0 on `wan` (VLAN 101), port 1 shut.
 */
export async function factsForPlan(plan: Plan, infrastructure: string): Promise<RunFacts> {
  const infra = plan.infrastructures[infrastructure] ?? fail('no such infrastructure', infrastructure);
  const instances: ResolvedInstance[] = [];
  for (const [array, a] of Object.entries(infra.arrays)) {
    for (const i of a.instances) {
      const n = (instances.length + 1) as 1 | 2;
      if (n > TOPOLOGY.servers.length) fail('the simulated topology has two servers', `${array}[${i.index}]`);
      const base = await instanceOn({ server: n, array, index: i.index, boot: a.boot });
      const hostname = 'lit' in i.hostname && typeof i.hostname.lit === 'string' ? i.hostname.lit : base.hostname;
      instances.push({
        ...base,
        infrastructure,
        hostname,
        template: await resolveTemplate(a.template, { assetRepositoryUrl: ASSETS, assets: simulatedAssets }),
      });
    }
  }
  return {
    infrastructures: {
      [infrastructure]: {
        instances,
        networks: Object.entries(infra.networks).map(([name, n]) => ({ name, kind: n.kind, vlan: 101 })),
        subnets: [{ name: 'wan', network: 'wan', family: 'ipv4', cidr: '10.0.0.0/24', gateway: '10.0.0.1', prefix: 24 }],
        added: instances.map((i) => `${infrastructure}/${i.array}[${i.index}]`),
        removed: [],
      },
    },
  };
}
