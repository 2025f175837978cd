import type { MbpSymbol } from '../../compiler/binder/index.ts';
import type { CheckedProgram } from '../../compiler/checker/index.ts';
import { typeFromRef } from '../../compiler/checker/index.ts';
import type { Node, Workflow } from '../../grammar/index.ts';
import { lookupFunction, lookupStep, typeToString, type FunctionDef, type StepDef } from '../../stdlib/index.ts';
import type { CallSite } from './cursor-context.ts';
import { scopeAt } from './scopes.ts';

/** What a call's callee names: a step kind, a built-in function, or a workflow of the blueprint. */
export type CalleeTarget =
  | { readonly kind: 'step'; readonly def: StepDef }
  | { readonly kind: 'function'; readonly def: FunctionDef }
  | { readonly kind: 'workflow'; readonly symbol: MbpSymbol; readonly workflow: Workflow };

/** Resolves a callee written as `std.ssh.exec`, `render`, `setup` or `k8s.join`, through the binder's scopes. */
export function calleeTarget(checked: CheckedProgram, path: readonly Node[], call: Pick<CallSite, 'callee'>): CalleeTarget | undefined {
  const binding = checked.binding;
  const scope = scopeAt(binding, path);
  const [first, second, ...rest] = call.callee;
  if (first === undefined || !scope) return undefined;
  const symbol = binding.lookup(scope, first);
  if (symbol?.kind === 'std') {
    const def = lookupStep(call.callee.join('.'));
    return def ? { kind: 'step', def } : undefined;
  }
  let target: MbpSymbol | undefined = symbol;
  if (symbol?.kind === 'import' && second !== undefined && rest.length === 0) {
    const file = binding.importedFile(symbol);
    target = file !== undefined ? binding.moduleScope(file)?.symbols.get(second) : undefined;
  } else if (second !== undefined) {
    return undefined;
  }
  if (target?.kind === 'workflow' && target.declaration?.kind === 'Workflow') return { kind: 'workflow', symbol: target, workflow: target.declaration };
  if (!symbol && second === undefined) {
    const def = lookupFunction(first);
    return def ? { kind: 'function', def } : undefined;
  }
  return undefined;
}

export interface ParamSummary {
  readonly name: string;
  readonly type: string;
  readonly doc?: string;
  readonly required: boolean;
}

export function workflowParamsOf(workflow: Workflow): ParamSummary[] {
  return workflow.params.map((p) => ({ name: p.name.text, type: typeToString(typeFromRef(p.type)), required: p.default === undefined }));
}
