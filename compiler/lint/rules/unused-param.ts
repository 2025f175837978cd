import { defineRule } from '../lint-rule.ts';
import { unusedSymbols } from '../unused.ts';

const BLUEPRINT = (params: string, count: string) =>
  [
    ...params.split('\n'),
    '',
    'infrastructure web {',
    '  datacenter = "dc-east"',
    '  network wan { kind = "wan" }',
    '  instance_array app {',
    '    server_type = "M.8.32.2"',
    `    count       = ${count}`,
    '    template    = std.os.ubuntu_2404',
    '    port 0 { network = wan }',
    '  }',
    '}',
    '',
  ].join('\n');

export const unusedParam = defineRule({
  id: 'unused-param',
  severity: 'warning',
  docs: {
    summary: 'A `param` of the blueprint, or a parameter of a workflow, that nothing uses.',
    why: 'An unused blueprint parameter still asks for a value: `mbp plan` prompts for it and CI passes it, for nothing; often it is a typo for the name that should have been used. An unused workflow parameter makes every caller pass a value the workflow ignores. Prefix a name with `_` to keep it unused on purpose.',
    bad: BLUEPRINT('param replicas: int = 3', '2'),
    good: BLUEPRINT('param replicas: int = 3', 'replicas'),
  },
  check(context) {
    for (const symbol of [...unusedSymbols(context, 'param'), ...unusedSymbols(context, 'workflow_param')]) {
      const what = symbol.kind === 'param' ? 'param' : 'workflow parameter';
      context.report({
        range: symbol.nameSpan!,
        message: `${what} \`${symbol.name}\` is never used`,
        help: symbol.kind === 'param' ? 'use it, or remove it (and stop passing it with `--param`)' : 'use it, or remove it and stop passing it where the workflow is called; name it `_' + symbol.name + '` to keep it on purpose',
      });
    }
  },
});
