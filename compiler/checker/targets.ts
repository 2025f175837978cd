import type { Expr } from '../../grammar/index.ts';
import type { Binding } from '../binder/index.ts';
import type { WorkflowTarget } from './checked-program.ts';

/** The workflow an expression names (`join`, `k8s.join`), if it names one. */
export function workflowTarget(binding: Binding, expr: Expr): WorkflowTarget | undefined {
  if (expr.kind !== 'Ref' && expr.kind !== 'Member') return undefined;
  const symbol = binding.resolve(expr);
  if (symbol?.kind !== 'workflow' || symbol.declaration?.kind !== 'Workflow') return undefined;
  return { symbol, workflow: symbol.declaration, file: symbol.file };
}
