import type { Block } from '../../../grammar/index.ts';
import type { NestedBlockSchema } from '../../schemas/index.ts';
import type { CheckContext } from '../context.ts';

function expectation(schema: NestedBlockSchema): string {
  const [label] = schema.labels;
  if (!label) return `takes no label: \`${schema.name} { ... }\``;
  return label.kind === 'int'
    ? `takes one label, the ${label.name} (a number): \`${schema.name} 0 { ... }\``
    : `takes one label, its name: \`${schema.name} NAME { ... }\``;
}

/** A block's labels: how many, and whether each is a number or a name. Returns whether they fit. */
export function checkBlockLabels(cx: CheckContext, block: Block, schema: NestedBlockSchema): boolean {
  if (block.labels.length !== schema.labels.length) {
    const extra = block.labels[schema.labels.length];
    cx.report('MBP2029', extra ? extra.span : block.name.span, { name: schema.name, expected: expectation(schema) });
    return false;
  }
  for (let i = 0; i < schema.labels.length; i++) {
    const want = schema.labels[i]!;
    const got = block.labels[i]!;
    if (got.form !== want.kind) {
      cx.report('MBP2029', got.span, { name: schema.name, expected: expectation(schema) });
      return false;
    }
  }
  return true;
}
