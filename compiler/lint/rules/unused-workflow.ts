import { defineRule } from '../lint-rule.ts';
import { unusedSymbols } from '../unused.ts';

const BLUEPRINT = (hook: string[]) =>
  [
    'infrastructure web {',
    '  datacenter = "dc-east"',
    ...hook,
    '}',
    '',
    '/// Tells the chat channel the deployment is done.',
    'workflow announce(url: string) {',
    '  step post = std.http.request(url, "POST", json = { text = "deployed" })',
    '}',
    '',
  ].join('\n');

export const unusedWorkflow = defineRule({
  id: 'unused-workflow',
  severity: 'warning',
  docs: {
    summary: 'A workflow of a blueprint that no hook or step runs.',
    why: 'A workflow runs only when a hook (`on PHASE run ...`) or a step calls it. One that nothing calls is dead code, or a hook that was meant to be written and never was. Files without an infrastructure are libraries: their workflows are for importers, so this rule leaves them alone.',
    bad: BLUEPRINT(['  network wan { kind = "wan" }']),
    good: BLUEPRINT(['  network wan { kind = "wan" }', '  on post_deploy run announce(url = "https://chat.example/hooks/deploys")']),
  },
  check(context) {
    for (const symbol of unusedSymbols(context, 'workflow')) {
      context.report({
        range: symbol.nameSpan!,
        message: `workflow \`${symbol.name}\` is never run`,
        help: 'attach it with `on PHASE run ' + symbol.name + '(...)`, call it from a step, or remove it',
      });
    }
  },
});
