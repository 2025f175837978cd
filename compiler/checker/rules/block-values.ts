import type { Block } from '../../../grammar/index.ts';
import type { MbpSymbol } from '../../binder/index.ts';
import type { CheckedProgram } from '../checked-program.ts';
import { attributeOf, blocksNamed } from './queries.ts';

/** The `kind` of a network symbol (`wan`, `san`, `lan`), when it is known at compile time. */
export function networkKind(checked: CheckedProgram, network: MbpSymbol): string | undefined {
  const block = network.declaration;
  if (block?.kind !== 'Block') return undefined;
  return kindOfNetworkBlock(checked, block);
}

export function kindOfNetworkBlock(checked: CheckedProgram, block: Block): string | undefined {
  const kind = attributeOf(block.body, 'kind');
  const value = kind !== undefined ? checked.valueOf(kind.value) : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The value of an attribute as a string, or `fallback` when the attribute is absent; undefined when it is not a known string. */
export function stringAttribute(checked: CheckedProgram, block: Block, name: string, fallback?: string): string | undefined {
  const attribute = attributeOf(block.body, name);
  if (attribute === undefined) return fallback;
  const value = checked.valueOf(attribute.value);
  return typeof value === 'string' ? value : undefined;
}
