import type { Block } from '../../../grammar/index.ts';
import { suggestName } from '../../binder/index.ts';
import { SCHEMAS, attributeOf, type BlockKind } from '../../schemas/index.ts';
import type { CheckContext } from '../context.ts';

/** A block the block kind does not have: an attribute written as a block, or a typo (did-you-mean). */
export function reportUnknownBlock(cx: CheckContext, block: Block, kind: BlockKind): void {
  const name = block.name.text;
  if (attributeOf(kind, name)) {
    cx.report('MBP2030', block.name.span, { name, actual: 'an attribute', block: kind, written: 'a block' }, {
      help: `write it as an attribute: \`${name} = { ... }\``,
    });
    return;
  }
  const names = SCHEMAS[kind].blocks.map((b) => b.name);
  const extras = suggestName(name, names, cx.file, block.name.span);
  const help = extras.help ?? (names.length === 0 ? `\`${kind}\` holds no blocks` : `blocks of \`${kind}\`: ${names.map((n) => `\`${n}\``).join(', ')}`);
  cx.report('MBP2009', block.name.span, { name, block: kind }, { ...extras, help });
}
