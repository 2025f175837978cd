import { enumValueDoc, ENUMS, literalText, typeToString } from '../../stdlib/index.ts';
import { attributeOf, nestedBlockOf, ROOTS, SCHEMAS } from './registry.ts';
import type { AttributeSchema, BlockKind } from './schema-types.ts';

/** The type as shown in hover: references and declaration-typed attributes say what they take. */
export function attributeTypeText(a: AttributeSchema): string {
  if (a.reference) return a.type.kind === 'list' ? `list(${a.reference})` : a.reference;
  if (a.typeFromDeclaration === 'same') return 'the parameter\'s type';
  if (a.typeFromDeclaration === 'list') return 'list of the parameter\'s type';
  return typeToString(a.type);
}

/** Markdown for hovering an attribute name in a body of `kind`. */
export function attributeHover(kind: BlockKind, name: string): string | undefined {
  const a = attributeOf(kind, name);
  if (!a) return undefined;
  const lines = [`**${a.name}**: \`${attributeTypeText(a)}\`${a.required ? ' (required)' : ''}`, '', a.doc];
  if (a.default !== undefined) lines.push('', `Default: \`${literalText(a.default, a.type)}\``);
  else if (a.defaultDoc) lines.push('', `Default: ${a.defaultDoc}`);
  if (a.enum) {
    lines.push('', 'Values:');
    for (const v of ENUMS[a.enum].values) lines.push(`- \`"${v.value}"\`: ${enumValueDoc(a.enum, v.value)}`);
  }
  if (a.min !== undefined || a.max !== undefined) lines.push('', `Range: ${a.min ?? '…'} to ${a.max ?? '…'}`);
  if (a.deprecated) lines.push('', `**Deprecated**: ${a.deprecated}`);
  return lines.join('\n');
}

/** Markdown for hovering a block name (`port`) in a body of `parent`, or a root keyword (`infrastructure`, `step`). */
export function blockHover(parent: BlockKind | undefined, name: string): string | undefined {
  const kind = parent ? nestedBlockOf(parent, name)?.kind : Object.hasOwn(ROOTS, name) ? ROOTS[name] : undefined;
  if (!kind) return undefined;
  const s = SCHEMAS[kind];
  const labels = (parent ? nestedBlockOf(parent, name)?.labels : s.labels) ?? [];
  const head = [name, ...labels.map((l) => (l.kind === 'int' ? 'N' : l.name.toUpperCase()))].join(' ');
  return [`**${head}** { ... }`, '', s.doc].join('\n');
}
