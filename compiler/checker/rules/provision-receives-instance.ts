import type { Hook, WorkflowParam } from '../../../grammar/index.ts';
import { makeDiagnostic, type Fix } from '../../diagnostics/index.ts';
import type { DeploymentRule, RuleContext } from './deployment-rule.ts';
import { blockLabel, instanceArraysOf } from './queries.ts';

function isInstanceParam(p: WorkflowParam): boolean {
  return p.type.kind === 'TypeName' && p.type.name.text === 'instance';
}

/**
 * An `on provision` workflow provisions one instance, so it must be handed
 * that instance (MBP3005): its first `instance` parameter receives `instance`.
 * A missing argument is the checker's (MBP2015); this rule reports a workflow
 * with no instance parameter, and one given some other instance.
 */
export const provisionReceivesInstance: DeploymentRule = {
  name: 'provision-receives-instance',
  check(context: RuleContext): void {
    const { checked, file } = context;
    for (const { array } of instanceArraysOf(context.module)) {
      for (const hook of array.body.entries.filter((e): e is Hook => e.kind === 'Hook' && e.phase.text === 'provision')) {
        if (hook.call.kind !== 'Call') continue;
        const target = checked.workflowOf(hook);
        if (target === undefined) continue;
        const workflow = target.workflow;
        const param = workflow.params.find(isInstanceParam);
        if (param === undefined) {
          context.report(
            makeDiagnostic('MBP3005', file, hook.call.callee.span, { workflow: workflow.name.text }, {
              help: `give \`${workflow.name.text}\` a parameter of type \`instance\` (e.g. \`node: instance\`) and pass \`node = instance\` here; its \`std.provision.*\` steps act on that instance`,
              related: [{ message: `workflow \`${workflow.name.text}\` is declared here`, file: target.file, range: workflow.name.span }],
            }),
          );
          continue;
        }
        const arg = hook.call.named.find((n) => n.name.text === param.name.text);
        if (arg === undefined) continue;
        const given = arg.value.kind === 'Ref' ? checked.resolve(arg.value) : undefined;
        if (given?.kind === 'context' && given.name === 'instance') continue;
        const fixes: Fix[] = [{ title: `pass \`instance\``, edits: [{ file, range: arg.value.span, text: 'instance' }] }];
        context.report(
          makeDiagnostic('MBP3005', file, arg.value.span, { workflow: workflow.name.text }, {
            help: `pass the instance of \`${blockLabel(array)}\` being provisioned: \`${param.name.text} = instance\``,
            related: [{ message: `\`${param.name.text}\` is the workflow's instance parameter`, file: target.file, range: param.name.span }],
            fixes,
          }),
        );
      }
    }
  },
};
