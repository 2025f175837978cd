import type { Body, Step } from '../../../grammar/index.ts';
import { attributeOf, entryRemovalRange, osTemplatesOf, workflowsOf } from '../../checker/rules/index.ts';
import { defineRule, type LintContext } from '../lint-rule.ts';

const BLUEPRINT = (options: string) =>
  [
    'infrastructure web {',
    '  datacenter = "dc-east"',
    '  on post_deploy run warm_up(url = "https://app.example")',
    '}',
    '',
    'workflow warm_up(url: string) {',
    '  step health = std.http.request("${url}/healthz", "GET")',
    `  step cache  = std.http.request("\${url}/cache/warm", "POST")${options}`,
    '}',
    '',
  ].join('\n');

function check(context: LintContext, body: Body): void {
  const steps = body.entries.filter((e): e is Step => e.kind === 'Step');
  steps.forEach((step, i) => {
    const after = attributeOf(step.options, 'after');
    const previous = steps[i - 1];
    if (after === undefined || previous === undefined || after.value.kind !== 'ListExpr' || after.value.items.length !== 1) return;
    const only = after.value.items[0]!;
    if (context.checked.resolve(only) !== context.checked.resolve(previous)) return;
    if (only.kind !== 'Ref') return;
    const options = step.options!;
    // When `after` is the only option, the whole `{ ... }` goes; otherwise just the attribute.
    const alone = options.entries.length === 1;
    const range = alone ? { start: step.call.span.end, end: options.span.end } : entryRemovalRange(context.source, options, after);
    context.report({
      range: after.span,
      message: `\`after = [${only.name.text}]\` says what the written order already does: \`${step.name.text}\` runs after the step before it`,
      help: 'steps run in written order by default; `after` is for waiting on other steps, or `[]` for none',
      fixes: [{ title: 'remove `after`', edits: [{ file: context.file, range, text: '' }] }],
    });
  });
}

export const redundantAfter = defineRule({
  id: 'redundant-after',
  severity: 'info',
  docs: {
    summary: '`after = [x]` where `x` is the step written just before, which the step waits for anyway.',
    why: 'Steps run in written order unless `after` says otherwise, so naming only the previous step repeats the default. It also misleads: a reader expects `after` to change something, and reordering the steps later keeps a dependency nobody meant.',
    bad: BLUEPRINT(' {\n    after = [health]\n  }'),
    good: BLUEPRINT(''),
  },
  check(context) {
    for (const workflow of workflowsOf(context.module)) check(context, workflow.body);
    for (const template of osTemplatesOf(context.module)) check(context, template.body);
  },
});
