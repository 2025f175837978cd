import type { Attribute } from '../../../grammar/index.ts';
import { suggestName } from '../../binder/index.ts';
import { SCHEMAS, nestedBlockOf, type BlockKind } from '../../schemas/index.ts';
import type { CheckContext } from '../context.ts';

/** An attribute the block kind does not have: a block written as one, or a typo (did-you-mean). */
export function reportUnknownAttribute(cx: CheckContext, attr: Attribute, kind: BlockKind): void {
  const name = attr.name.text;
  if (nestedBlockOf(kind, name)) {
    cx.report('MBP2030', attr.name.span, { name, actual: 'a block', block: kind, written: 'an attribute' }, {
      help: `write it as a block: \`${name} ... { ... }\``,
    });
    return;
  }
  const names = SCHEMAS[kind].attributes.map((a) => a.name);
  const extras = suggestName(name, names, cx.file, attr.name.span);
  const help = extras.help ?? (names.length === 0 ? `\`${kind}\` has no attributes` : `attributes of \`${kind}\`: ${names.map((n) => `\`${n}\``).join(', ')}`);
  cx.report('MBP2008', attr.name.span, { name, block: kind }, { ...extras, help });
}
