import { displayWidth } from '../diagnostics/index.ts';
import { INDENT, type Line, type Piece } from './printer.ts';
import type { SyntaxRoles } from './syntax-roles.ts';

/**
 * Column alignment, as `terraform fmt` and `gofmt` do it:
 * - within a run of consecutive one-line entries of the same kind in the same
 *   container, the `=` of attributes (and of `let`, `output`, `step`), the
 *   `run` of hooks and the `{` of blocks of one type line up. A blank line,
 *   an entry over several lines or any other line ends the run; comment lines
 *   do not.
 * - comments ending consecutive lines of one indentation line up one space
 *   after the longest of those lines.
 */
export function alignLines(lines: readonly Line[], roles: SyntaxRoles): void {
  alignAnchors(lines, roles);
  alignTrailingComments(lines);
}

interface Member {
  readonly line: Line;
  /** Index of the piece that lines up. */
  readonly index: number;
}

function isCommentOnly(line: Line): boolean {
  return line.pieces.every((p) => p.item.kind === 'comment');
}

function spansLines(line: Line): boolean {
  return line.pieces.some((p) => p.text.includes('\n'));
}

/** Display width of the line up to piece `index` (excluded), without the spaces before it. */
function widthBefore(line: Line, index: number): number {
  let text = INDENT.repeat(line.indent);
  line.pieces.slice(0, index).forEach((p, k) => {
    text += (k === 0 ? '' : ' '.repeat(p.gap + p.pad)) + p.text;
  });
  return displayWidth(text);
}

/** Pads the pieces of a run so they start in one column. */
function lineUp(members: readonly Member[]): void {
  if (members.length < 2) return;
  const widths = members.map((m) => widthBefore(m.line, m.index));
  const column = Math.max(...widths);
  members.forEach((m, k) => {
    const piece: Piece = m.line.pieces[m.index]!;
    piece.pad = column - widths[k]!;
  });
}

function alignAnchors(lines: readonly Line[], roles: SyntaxRoles): void {
  let key: string | undefined;
  let run: Member[] = [];
  const flush = (): void => {
    lineUp(run);
    run = [];
    key = undefined;
  };
  for (const line of lines) {
    if (line.blankBefore) flush();
    if (isCommentOnly(line)) continue;
    const member = anchorOf(line, roles);
    if (member === undefined) {
      flush();
      continue;
    }
    if (member.key !== key) flush();
    key = member.key;
    run.push(member);
  }
  flush();
}

function anchorOf(line: Line, roles: SyntaxRoles): (Member & { key: string }) | undefined {
  const first = line.pieces[0]!.item;
  const anchor = first.kind === 'token' ? roles.anchors.get(first.start) : undefined;
  // The entry (up to `until`) must fit on this line, whatever the source looked like.
  const last = line.pieces[line.pieces.length - 1]!.item;
  if (anchor === undefined || last.end < anchor.until || spansLines(line)) return undefined;
  const index = line.pieces.findIndex((p) => p.item.kind === 'token' && p.item.start === anchor.at);
  return index > 0 ? { line, index, key: anchor.key } : undefined;
}

function trailingComment(line: Line): number | undefined {
  const last = line.pieces.length - 1;
  if (last < 1 || line.pieces[last]!.item.kind !== 'comment' || spansLines(line)) return undefined;
  return last;
}

function alignTrailingComments(lines: readonly Line[]): void {
  let run: Member[] = [];
  for (const line of lines) {
    const index = trailingComment(line);
    if (line.blankBefore || index === undefined || run[0]?.line.indent !== line.indent) {
      lineUp(run);
      run = [];
    }
    if (index !== undefined) run.push({ line, index });
  }
  lineUp(run);
}
