import type { Type, Value } from '../../stdlib/index.ts';
import type { AttributeSchema, BlockSchema, LabelSchema, NestedBlockSchema } from './schema-types.ts';

type AttributeOptions = Omit<AttributeSchema, 'name' | 'type' | 'doc' | 'required' | 'default'> & {
  readonly required?: boolean;
  readonly default?: Value;
};

/** An attribute; optional unless `required` is set. */
export function attr(name: string, type: Type, doc: string, opts: AttributeOptions = {}): AttributeSchema {
  return Object.freeze({ name, type, doc, ...opts, required: opts.required ?? false });
}

export function nameLabel(doc: string): LabelSchema {
  return { name: 'name', kind: 'name', doc };
}

export function block(
  name: string,
  kind: NestedBlockSchema['kind'],
  doc: string,
  opts: { readonly labels?: readonly LabelSchema[]; readonly repeatable?: boolean } = {},
): NestedBlockSchema {
  return Object.freeze({ name, kind, doc, labels: opts.labels ?? [], repeatable: opts.repeatable ?? false });
}

type SchemaSpec = Pick<BlockSchema, 'kind' | 'doc' | 'attributes'> & Partial<BlockSchema>;

export function schema(spec: SchemaSpec): BlockSchema {
  return Object.freeze({
    labels: [],
    blocks: [],
    exclusive: [],
    declarations: [],
    context: [],
    ...spec,
  });
}
