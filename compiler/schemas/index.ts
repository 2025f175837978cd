export type {
  AttributeSchema,
  BlockKind,
  BlockSchema,
  ContextValue,
  DeclarationSchema,
  ExclusiveGroup,
  LabelSchema,
  NestedBlockSchema,
} from './schema-types.ts';
export { SCHEMAS, ROOTS, schemaFor, isBlockKind, attributesOf, blocksOf, attributeOf, nestedBlockOf } from './registry.ts';
export { shapeProblems, type ShapeProblem } from './shape-rules.ts';
export { attributeHover, blockHover, attributeTypeText } from './hover.ts';
export { RETRY_TYPE } from './declarations.ts';
