import { hookOptionsSchema, paramSchema, retrySchema, stepOptionsSchema, workflowSchema } from './declarations.ts';
import { infrastructureSchema, networkSchema, subnetSchema } from './infrastructure.ts';
import { instanceArraySchema, instanceSchema, portSchema, preferSchema, rolloutSchema } from './instance-array.ts';
import { assetSchema, osTemplateSchema } from './os-template.ts';
import type { AttributeSchema, BlockKind, BlockSchema, NestedBlockSchema } from './schema-types.ts';

/** Every block schema by kind. */
export const SCHEMAS: Readonly<Record<BlockKind, BlockSchema>> = Object.freeze({
  infrastructure: infrastructureSchema,
  network: networkSchema,
  subnet: subnetSchema,
  instance_array: instanceArraySchema,
  port: portSchema,
  prefer: preferSchema,
  rollout: rolloutSchema,
  instance: instanceSchema,
  os_template: osTemplateSchema,
  asset: assetSchema,
  workflow: workflowSchema,
  param: paramSchema,
  step_options: stepOptionsSchema,
  retry: retrySchema,
  hook_options: hookOptionsSchema,
});

/**
 * The first element of a block path: the declaration keyword whose body it
 * is. `step` and `on` bodies are their options blocks.
 */
export const ROOTS: Readonly<Record<string, BlockKind>> = Object.freeze({
  infrastructure: 'infrastructure',
  os_template: 'os_template',
  workflow: 'workflow',
  param: 'param',
  step: 'step_options',
  on: 'hook_options',
});

/**
 * The schema of the body at a block path: the root declaration keyword, then
 * the names of the nested blocks as written (labels left out), e.g.
 * `['infrastructure', 'instance_array', 'port']` or `['step', 'retry']`.
 * Undefined when the path leaves the schemas (an unknown block).
 */
export function schemaFor(blockPath: readonly string[]): BlockSchema | undefined {
  const [root, ...rest] = blockPath;
  if (root === undefined || !Object.hasOwn(ROOTS, root)) return undefined;
  let current: BlockSchema | undefined = SCHEMAS[ROOTS[root] as BlockKind];
  for (const name of rest) {
    const nested: NestedBlockSchema | undefined = current?.blocks.find((b) => b.name === name);
    current = nested ? SCHEMAS[nested.kind] : undefined;
  }
  return current;
}

export function isBlockKind(kind: string): kind is BlockKind {
  return Object.hasOwn(SCHEMAS, kind);
}

export function attributesOf(kind: BlockKind): readonly AttributeSchema[] {
  return SCHEMAS[kind].attributes;
}

export function blocksOf(kind: BlockKind): readonly NestedBlockSchema[] {
  return SCHEMAS[kind].blocks;
}

export function attributeOf(kind: BlockKind, name: string): AttributeSchema | undefined {
  return SCHEMAS[kind].attributes.find((a) => a.name === name);
}

export function nestedBlockOf(kind: BlockKind, name: string): NestedBlockSchema | undefined {
  return SCHEMAS[kind].blocks.find((b) => b.name === name);
}
