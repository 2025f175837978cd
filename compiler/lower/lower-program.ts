import { createHash } from 'node:crypto';
import { typeToString, type FileReader } from '../../stdlib/index.ts';
import { typeFromRef } from '../checker/index.ts';
import type { Diagnostic } from '../diagnostics/index.ts';
import type { FileSystem } from '../sources/index.ts';
import { PLAN_FORMAT_VERSION, stepGraphProblems, type Ir, type Plan, type PlanInfrastructure, type PlanParam, type PlanSecret, type PlanStep } from '../plan/index.ts';
import { buildInfrastructureDags } from './dag.ts';
import { lowerExpr } from './expr.ts';
import type { LowerFacts } from './facts.ts';
import { resolveInfrastructure } from './infrastructure.ts';
import { LowerState, moduleScope, type Scope } from './state.ts';
import { attributeOf, calleeText } from './targets.ts';

export interface LowerOptions {
  /** Paths in the plan are relative to it. */
  readonly cwd: string;
  /** The names of the params given a value (`--param`, `--params`); the others have their default. */
  readonly given?: ReadonlySet<string>;
  /** For `file()` in constants; without it `file()` is left for the runtime. */
  readonly files?: FileReader;
  /** Reads source files again for their SHA-256 (bytes, not decoded text). */
  readonly fs: FileSystem;
}

export interface LowerResult {
  readonly plan: Plan;
  readonly diagnostics: readonly Diagnostic[];
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Lowers a program that checks clean to its execution plan. Infrastructures
 * come in name order, and so do arrays, hooks of one level and every map, so
 * the plan does not depend on the order of declarations; steps inside a
 * workflow keep their written order, which is what they mean.
 */
export function lowerProgram(facts: LowerFacts, options: LowerOptions): LowerResult {
  const program = facts.program;
  const state = new LowerState(facts, options.cwd, options.files);
  const entry = program.entries[0] ?? '';
  const infrastructures: Record<string, PlanInfrastructure> = {};
  const steps: PlanStep[] = [];
  const destroy: PlanStep[] = [];
  const secrets: Record<string, PlanSecret> = {};
  const outputs: Record<string, Ir> = {};

  const decls = [...program.files.values()].flatMap((f) =>
    f.module.declarations.map((d) => ({ d, file: f.path, entry: f.entry })),
  );
  for (const { d } of decls) {
    if (d.kind === 'Secret') secrets[d.name.text] = { type: d.type ? typeToString(typeFromRef(d.type)) : 'string' };
  }
  // Only the entry files' infrastructures are deployed; an imported module contributes workflows and templates.
  const infras = decls
    .filter((x) => x.entry && x.d.kind === 'Infrastructure')
    .map((x) => ({ decl: x.d as Extract<typeof x.d, { kind: 'Infrastructure' }>, file: x.file }))
    .sort((a, b) => byName(a.decl.name.text, b.decl.name.text));
  for (const { decl, file } of infras) {
    const model = resolveInfrastructure(state, decl, file);
    const dags = buildInfrastructureDags(state, model);
    const scope: Scope = model.scope;
    const infraOutputs: Record<string, Ir> = {};
    for (const e of decl.body.entries) if (e.kind === 'Output') infraOutputs[e.name.text] = lowerExpr(state, scope, e.value);
    const arrays: Record<string, PlanInfrastructure['arrays'][string]> = {};
    for (const a of model.arrays) {
      arrays[a.name] = {
        ...a.plan,
        provision: a.provision ? { kind: 'workflow', workflow: calleeText(a.provision.call.callee), hook: a.provision.id } : { kind: 'default' },
      };
    }
    infrastructures[model.name] = {
      datacenter: model.datacenter,
      on_failure: model.onFailure,
      prevent_destroy: model.preventDestroy,
      vars: model.vars,
      networks: model.networks,
      arrays,
      hooks: dags.hooks,
      outputs: infraOutputs,
      empty: model.arrays.length === 0,
      source: state.location(file, decl.name.span),
    };
    steps.push(...dags.deploy);
    destroy.push(...dags.destroy);
  }
  for (const { d, file, entry: isEntry } of decls) {
    if (isEntry && d.kind === 'Output') outputs[d.name.text] = lowerExpr(state, moduleScope(file), d.value);
  }

  for (const problem of [...stepGraphProblems(steps), ...stepGraphProblems(destroy)]) {
    state.report('MBP9001', entry, { start: 0, end: 0 }, { stage: 'lowering', detail: problem });
  }

  const files = [...program.files.keys()]
    .map((file) => ({ path: state.shown(file), sha256: sha256(options.fs.readFile(file)) }))
    .sort((a, b) => byName(a.path, b.path));
  const plan: Plan = {
    format_version: PLAN_FORMAT_VERSION,
    blueprint: {
      path: state.shown(entry),
      sha256: files.find((f) => f.path === state.shown(entry))?.sha256 ?? '',
      files,
    },
    params: paramsSection(facts, options.given ?? new Set()),
    secrets,
    infrastructures,
    outputs,
    steps,
    destroy: { steps: destroy },
  };
  return { plan, diagnostics: state.diagnostics };
}

/**
 * Every param with the value the plan is compiled with (the checker reports
 * one without). The entry files' params first, so a name an imported module
 * also declares shows the entry's.
 */
function paramsSection(facts: LowerFacts, given: ReadonlySet<string>): Record<string, PlanParam> {
  const out: Record<string, PlanParam> = {};
  for (const f of facts.program.files.values()) {
    for (const d of f.module.declarations) {
      if (d.kind !== 'Param' || Object.hasOwn(out, d.name.text)) continue;
      const symbol = facts.resolve(d);
      const value = symbol ? facts.paramValue(symbol) : undefined;
      if (value === undefined) continue;
      const sensitive = attributeOf(d.body, 'sensitive')?.value;
      out[d.name.text] = {
        type: typeToString(typeFromRef(d.type)),
        value,
        given: f.entry && given.has(d.name.text),
        ...(sensitive && facts.valueOf(sensitive) === true ? { sensitive: true as const } : {}),
      };
    }
  }
  return out;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
