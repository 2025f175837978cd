import { workflowsOf } from '../../checker/rules/index.ts';
import { defineRule } from '../lint-rule.ts';

const BLUEPRINT = (body: string[]) =>
  [
    'infrastructure web {',
    '  datacenter = "dc-east"',
    '  on post_deploy run announce()',
    '}',
    '',
    'workflow announce() {',
    ...body,
    '}',
    '',
  ].join('\n');

export const emptyWorkflow = defineRule({
  id: 'empty-workflow',
  severity: 'warning',
  docs: {
    summary: 'A workflow with no steps and no outputs.',
    why: 'Running an empty workflow does nothing, so a hook that runs one is a no-op that still shows in plans and runs as if it did work. It is usually a placeholder that was never filled in.',
    bad: BLUEPRINT([]),
    good: BLUEPRINT(['  step post = std.http.request("https://chat.example/hooks/deploys", "POST", json = { text = "deployed" })']),
  },
  check({ module, report }) {
    for (const workflow of workflowsOf(module)) {
      if (workflow.body.entries.some((e) => e.kind === 'Step' || e.kind === 'Output')) continue;
      report({
        range: workflow.name.span,
        message: `workflow \`${workflow.name.text}\` has no steps: running it does nothing`,
        help: 'add steps (`step NAME = CALL(args)`), or remove the workflow and the hooks that run it',
      });
    }
  },
});
