import { walk, type Body, type Module, type Node, type Span, type Token } from '../../grammar/index.ts';
import { hasLineBreak } from './items.ts';

/**
 * What the printer needs to know from the syntax tree, keyed by source
 * offsets of tokens: which `-`/`!` are prefix operators, which `(`/`[` hug
 * what precedes them (calls, parameter lists, type arguments, indexing),
 * which `:` belongs to `? :`, which `{` opens a body, where a trailing comma
 * is due, and which entries align with their neighbours.
 */
export interface SyntaxRoles {
  readonly unaryOperators: ReadonlySet<number>;
  readonly huggingOpeners: ReadonlySet<number>;
  readonly conditionalColons: ReadonlySet<number>;
  readonly bodyOpeners: ReadonlySet<number>;
  /** End offsets of last elements of multi-line lists, arguments and parameters that lack a trailing comma. */
  readonly commaAfter: ReadonlySet<number>;
  /** Alignment anchors, by the start offset of the entry they belong to. */
  readonly anchors: ReadonlyMap<number, Anchor>;
}

/**
 * An entry whose token at `at` (its `=`, a hook's `run`, a block's `{`) lines
 * up with those of the entries around it that have the same `key` (same
 * container, same kind of entry).
 */
export interface Anchor {
  readonly key: string;
  readonly at: number;
  /** End offset of the part of the entry that must fit on one line for it to align (a step's call, not its options). */
  readonly until: number;
}

/** The code tokens (line breaks left out), searchable by offset. */
class CodeTokens {
  private readonly list: readonly Token[];

  constructor(tokens: readonly Token[]) {
    this.list = tokens.filter((t) => t.type !== 'Newline');
  }

  /** The first code token starting at or after `offset`, if it has type `type`. */
  next(offset: number, type: string): Token | undefined {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.list[mid]!.start < offset) lo = mid + 1;
      else hi = mid;
    }
    const token = this.list[lo];
    return token !== undefined && token.type === type ? token : undefined;
  }
}

function containerKey(node: Node): string {
  return `${node.kind}@${node.span.start}:${node.span.end}`;
}

export function collectRoles(module: Module, tokens: readonly Token[], text: string): SyntaxRoles {
  const code = new CodeTokens(tokens);
  const unaryOperators = new Set<number>();
  const huggingOpeners = new Set<number>();
  const conditionalColons = new Set<number>();
  const bodyOpeners = new Set<number>();
  const commaAfter = new Set<number>();
  const anchors = new Map<number, Anchor>();

  const hug = (offset: number, type: 'LParen' | 'LBracket'): void => {
    const t = code.next(offset, type);
    if (t !== undefined) huggingOpeners.add(t.start);
  };
  /** A trailing comma after `last` when the closer (`)` or `]`) is the next token and sits on a later line. */
  const trailingComma = (last: Span | undefined, closer: 'RParen' | 'RBracket'): void => {
    if (last === undefined) return;
    const close = code.next(last.end, closer);
    if (close !== undefined && hasLineBreak(text, last.end, close.start)) commaAfter.add(last.end);
  };
  const anchor = (entryStart: number, key: string, at: Token | undefined, until: number): void => {
    if (at !== undefined) anchors.set(entryStart, { key, at: at.start, until });
  };
  const equalsAfter = (span: Span): Token | undefined => code.next(span.end, 'Equals');

  const bodyAnchors = (container: Module | Body, entries: readonly Node[]): void => {
    const where = containerKey(container);
    for (const e of entries) {
      switch (e.kind) {
        case 'Attribute':
          anchor(e.span.start, `attribute ${where}`, equalsAfter(e.name.span), e.span.end);
          break;
        case 'Let':
        case 'Output':
          anchor(e.span.start, `${e.kind} ${where}`, equalsAfter(e.name.span), e.span.end);
          break;
        case 'Step':
          anchor(e.span.start, `step ${where}`, equalsAfter(e.name.span), e.call.span.end);
          break;
        case 'Hook':
          anchor(e.span.start, `hook ${where}`, code.next(e.phase.span.end, 'Run'), e.call.span.end);
          break;
        case 'Block':
          anchor(
            e.span.start,
            `block ${e.name.text}/${e.labels.length} ${where}`,
            code.next(e.body.span.start, 'LCurly'),
            e.span.end,
          );
          break;
      }
    }
  };

  walk(module, (node) => {
    switch (node.kind) {
      case 'Module':
        bodyAnchors(node, node.declarations);
        break;
      case 'Body':
        bodyOpeners.add(node.span.start);
        bodyAnchors(node, node.entries);
        break;
      case 'ObjectExpr':
        for (const e of node.entries) {
          anchor(e.span.start, `attribute ${containerKey(node)}`, equalsAfter(e.key.span), e.span.end);
        }
        break;
      case 'ObjectType':
        for (const f of node.fields) {
          anchor(f.span.start, `attribute ${containerKey(node)}`, equalsAfter(f.name.span), f.span.end);
        }
        hug(node.span.start + 1, 'LParen');
        break;
      case 'ListType':
      case 'MapType':
        hug(node.span.start + 1, 'LParen');
        break;
      case 'Call': {
        for (const n of node.named) {
          anchor(n.span.start, `attribute ${containerKey(node)}`, equalsAfter(n.name.span), n.span.end);
        }
        hug(node.callee.span.end, 'LParen');
        const last = [...node.args, ...node.named].sort((a, b) => a.span.end - b.span.end).pop();
        trailingComma(last?.span, 'RParen');
        break;
      }
      case 'Workflow':
        hug(node.name.span.end, 'LParen');
        trailingComma(node.params[node.params.length - 1]?.span, 'RParen');
        break;
      case 'Index':
        hug(node.object.span.end, 'LBracket');
        break;
      case 'ListExpr':
        trailingComma(node.items[node.items.length - 1]?.span, 'RBracket');
        break;
      case 'Unary':
        unaryOperators.add(node.span.start);
        break;
      case 'Conditional': {
        const colon = code.next(node.whenTrue.span.end, 'Colon');
        if (colon !== undefined) conditionalColons.add(colon.start);
        break;
      }
    }
  });
  return { unaryOperators, huggingOpeners, conditionalColons, bodyOpeners, commaAfter, anchors };
}
