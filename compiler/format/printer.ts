import { isCloser, type Item } from './items.ts';
import type { SyntaxRoles } from './syntax-roles.ts';

/**
 * Lays the items out in lines. Line breaks come from the source (a blank
 * line is kept as one, none after an opening bracket or before a closing
 * one); everything else is decided here: indentation from bracket nesting,
 * one space or none between items, and the text of comments re-indented.
 *
 * Indentation: a line inside brackets is indented one step (two spaces)
 * more than the line that opened the innermost bracket still open, so
 * `f(x, {` followed by lines indents them once, and a line starting with
 * a closing bracket takes the indentation of the line that opened it. A bracket opened on a line after closing one from an
 * earlier line (`  x) {`) counts as opened on that earlier line. A line continuing an expression (after `=`, an
 * operator, `?`, `:` or `.`, or starting with one) gets one step more.
 */
export interface Piece {
  readonly item: Item;
  readonly text: string;
  /** Spaces before the piece (0 or 1; the first piece of a line has 0). */
  readonly gap: number;
  /** Extra spaces added by alignment. */
  pad: number;
}

export interface Line {
  readonly indent: number;
  readonly blankBefore: boolean;
  readonly pieces: Piece[];
}

export const INDENT = '  ';

interface Open {
  readonly type: string;
  readonly lineIndent: number;
}

const OPENERS: ReadonlySet<string> = new Set(['LCurly', 'LParen', 'LBracket', 'InterpolationStart']);
const BINARY: ReadonlySet<string> = new Set([
  'OrOr', 'AndAnd', 'EqEq', 'NotEq', 'LtEq', 'GtEq', 'Lt', 'Gt', 'Plus', 'Minus', 'Star', 'Slash', 'Percent',
]);
/** After these a line is not finished. */
const CONTINUES_AFTER: ReadonlySet<string> = new Set([...BINARY, 'Bang', 'Question', 'Colon', 'Dot', 'Equals']);
/** A line starting with these continues the previous one. */
const CONTINUES_BEFORE: ReadonlySet<string> = new Set([...BINARY, 'Question', 'Colon', 'Dot']);
/** Inside a one-line string: glued to what precedes them. */
const STRING_INSIDE: ReadonlySet<string> = new Set(['StringText', 'StringEscape', 'DollarEscape', 'StringEnd', 'InterpolationStart']);
/** What follows these is glued to them. */
const GLUE_AFTER: ReadonlySet<string> = new Set(['StringStart', 'StringText', 'StringEscape', 'DollarEscape', 'InterpolationStart', 'LParen', 'LBracket', 'Dot']);
/** Literals a `.` must not touch: `1 .x` glued would lex as one malformed number. */
const NUMERIC: ReadonlySet<string> = new Set(['IntLiteral', 'DurationLiteral', 'SizeLiteral', 'Ipv4Literal', 'Ipv6Literal', 'MalformedNumber']);

export function printLines(items: readonly Item[], roles: SyntaxRoles): Line[] {
  return new LinePrinter(items, roles).run();
}

class LinePrinter {
  private readonly lines: Line[] = [];
  private readonly open: Open[] = [];
  private lastCode: Item | undefined;
  /** The smallest opening-line indentation among the brackets closed so far on the current line. */
  private closedOnLine = Infinity;

  constructor(private readonly items: readonly Item[], private readonly roles: SyntaxRoles) {}

  run(): Line[] {
    const items = this.items;
    let line: Line | undefined;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (line === undefined || this.startsLine(i)) {
        const indent = this.indentAt(i);
        const blankBefore = line !== undefined && item.breaksBefore >= 2 && !endsWithOpener(line) && !isCloser(item);
        line = { indent, blankBefore, pieces: [] };
        this.closedOnLine = Infinity;
        this.lines.push(line);
        line.pieces.push({ item, text: reindentComment(item, indent * INDENT.length), gap: 0, pad: 0 });
      } else {
        line.pieces.push({ item, text: item.text, gap: this.gap(items[i - 1]!, item, i), pad: 0 });
      }
      this.track(item, line.indent);
    }
    return this.lines;
  }

  /** A body's `{` always joins the line of its header: a line break before `{` never separates anything. */
  private startsLine(i: number): boolean {
    const item = this.items[i]!;
    if (item.breaksBefore === 0) return false;
    const previous = this.items[i - 1];
    const bodyBrace = item.kind === 'token' && item.type === 'LCurly' && this.roles.bodyOpeners.has(item.start);
    return !(bodyBrace && previous !== undefined && previous.kind !== 'comment');
  }

  private track(item: Item, lineIndent: number): void {
    if (item.kind === 'comment') return;
    this.lastCode = item;
    if (item.kind !== 'token') return;
    if (OPENERS.has(item.type)) {
      // `  b) {` closes what an earlier line opened: the new bracket belongs to that earlier line's level.
      this.open.push({ type: item.type, lineIndent: Math.min(lineIndent, this.closedOnLine) });
    } else if (isCloser(item)) {
      const closed = this.open.pop();
      if (closed !== undefined) this.closedOnLine = Math.min(this.closedOnLine, closed.lineIndent);
    }
  }

  private indentAt(i: number): number {
    const top = this.open[this.open.length - 1];
    if (isCloser(this.items[i]!)) return top?.lineIndent ?? 0;
    const base = top === undefined ? 0 : top.lineIndent + 1;
    return base + (this.continues(i) ? 1 : 0);
  }

  private continues(i: number): boolean {
    const last = this.lastCode;
    if (last !== undefined && last.kind === 'token' && CONTINUES_AFTER.has(last.type)) return true;
    let j = i;
    while (j < this.items.length && this.items[j]!.kind === 'comment') j++;
    const first = this.items[j];
    return (
      first !== undefined &&
      first.kind === 'token' &&
      CONTINUES_BEFORE.has(first.type) &&
      !this.roles.unaryOperators.has(first.start)
    );
  }

  /** Spaces between two items on one line. */
  private gap(a: Item, b: Item, i: number): number {
    const trailingComment = b.kind === 'comment' && (i + 1 >= this.items.length || this.items[i + 1]!.breaksBefore > 0);
    if (trailingComment) return 1;
    const roles = this.roles;
    if (b.kind === 'token') {
      if (STRING_INSIDE.has(b.type)) return 0;
      if (b.type === 'RCurly' && this.open[this.open.length - 1]?.type === 'InterpolationStart') return 0;
      if (b.type === 'Comma' || b.type === 'RParen' || b.type === 'RBracket') return 0;
      if (b.type === 'Dot') return a.kind === 'token' && NUMERIC.has(a.type) ? 1 : 0;
      if ((b.type === 'LParen' || b.type === 'LBracket') && roles.huggingOpeners.has(b.start)) return 0;
      if (b.type === 'Colon') return roles.conditionalColons.has(b.start) ? 1 : 0;
      if (b.type === 'RCurly' && a.kind === 'token' && a.type === 'LCurly') return 0;
    }
    if (a.kind === 'token') {
      if (GLUE_AFTER.has(a.type)) return 0;
      if (roles.unaryOperators.has(a.start)) return 0;
    }
    return 1;
  }
}

function endsWithOpener(line: Line): boolean {
  for (let k = line.pieces.length - 1; k >= 0; k--) {
    const item = line.pieces[k]!.item;
    if (item.kind === 'comment') continue;
    return item.kind === 'token' && (item.type === 'LCurly' || item.type === 'LParen' || item.type === 'LBracket');
  }
  return false;
}

/**
 * A block comment over several lines that starts its line moves as a whole:
 * its other lines shift by as much as its first, when they are indented
 * with spaces deep enough for that. Otherwise it is kept as written.
 */
function reindentComment(item: Item, column: number): string {
  if (item.kind !== 'comment' || item.sourceColumn < 0 || !item.text.includes('\n')) return item.text;
  const delta = column - item.sourceColumn;
  if (delta === 0) return item.text;
  const [first, ...rest] = item.text.split('\n');
  if (delta < 0 && rest.some((l) => l !== '' && !l.startsWith(' '.repeat(-delta)))) return item.text;
  const shifted = rest.map((l) => (l === '' ? l : delta > 0 ? ' '.repeat(delta) + l : l.slice(-delta)));
  return [first, ...shifted].join('\n');
}
