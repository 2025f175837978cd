import type { Block } from '../../../grammar/index.ts';
import type { BlockKind, NestedBlockSchema } from '../../schemas/index.ts';
import type { CheckContext } from '../context.ts';

/**
 * A block that may appear once appearing twice, or a repeatable block with
 * the same label twice (`port 0` twice). Networks, subnets and arrays are
 * symbols: their duplicates are the binder's "declared more than once".
 */
export class DuplicateBlocks {
  /** Created on the first block: one of these is made per body, and most bodies hold no block. */
  private seen: Map<string, Block> | undefined;
  constructor(private readonly cx: CheckContext, private readonly kind: BlockKind) {}

  check(block: Block, schema: NestedBlockSchema): void {
    const declaresSymbol = this.kind === 'infrastructure' && schema.labels[0]?.kind === 'name';
    if (declaresSymbol) return;
    const key = schema.repeatable ? `${schema.name} ${block.labels.map((l) => l.text).join(' ')}` : schema.name;
    this.seen ??= new Map();
    const first = this.seen.get(key);
    if (!first) {
      this.seen.set(key, block);
      return;
    }
    const what = `\`${key}\``;
    this.cx.report('MBP2028', block.name.span, { what, block: this.kind }, {
      related: [{ message: `${what} is first written here`, file: this.cx.file, range: first.name.span }],
      help: schema.repeatable ? 'merge the two blocks, or give this one another label' : 'merge the two blocks into one',
    });
  }
}
