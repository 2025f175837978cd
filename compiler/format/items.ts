import type { Comment, Token } from '../../grammar/index.ts';

/**
 * The formatter works on one stream of "items": the code tokens and the
 * comments of a file in source order, each knowing how many line breaks the
 * source had before it. A `"""` string is one opaque item holding its exact
 * text (its content is the string's value, so it is never re-spaced).
 * Whitespace is not an item: the printer decides all of it.
 */
export interface Item {
  readonly kind: 'token' | 'comment' | 'verbatim';
  /** The token or comment type (`Identifier`, `LCurly`, `LineComment`, …); `Heredoc` for a verbatim string. */
  readonly type: string;
  /** What to print, line breaks normalised to `\n`. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Line breaks between the previous item and this one in the source. */
  readonly breaksBefore: number;
  /** For a comment: its column in the source when only spaces precede it on its line, else -1. */
  readonly sourceColumn: number;
}

const LINE_BREAK = /\r\n?|\n/g;

export function countLineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

export function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

function columnIfOwnLine(text: string, start: number): number {
  let i = start;
  while (i > 0 && text[i - 1] === ' ') i--;
  if (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') return -1;
  return start - i;
}

/** Trailing spaces are not part of a comment's meaning; `///` doc text is compared without them too. */
function commentText(c: Comment): string {
  if (c.type !== 'BlockComment') return c.image.trimEnd();
  return c.image
    .split(LINE_BREAK)
    .map((line) => line.trimEnd())
    .join('\n');
}

/**
 * A `"""` string's exact text, with line breaks as `\n` and whitespace-only
 * inner lines emptied: the string's value treats a CRLF as `\n` and a
 * whitespace-only line as empty, so neither change alters it.
 */
function heredocText(source: string): string {
  const lines = source.split(LINE_BREAK);
  for (let k = 1; k < lines.length - 1; k++) {
    if (/^[ \t]*$/.test(lines[k]!)) lines[k] = '';
  }
  return lines.join('\n');
}

/** Index of the `HeredocEnd` matching the `HeredocStart` at `open` (heredocs can nest through interpolations). */
function matchingHeredocEnd(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const type = tokens[k]!.type;
    if (type === 'HeredocStart') depth++;
    else if (type === 'HeredocEnd' && --depth === 0) return k;
  }
  return tokens.length - 1;
}

export function buildItems(text: string, tokens: readonly Token[], comments: readonly Comment[]): Item[] {
  const items: Item[] = [];
  let prevEnd = 0;
  const add = (kind: Item['kind'], type: string, itemText: string, start: number, end: number, sourceColumn = -1): void => {
    const breaksBefore = items.length === 0 ? 0 : countLineBreaks(text, prevEnd, start);
    items.push({ kind, type, text: itemText, start, end, breaksBefore, sourceColumn });
    prevEnd = end;
  };
  let t = 0;
  let c = 0;
  while (t < tokens.length || c < comments.length) {
    const token = tokens[t];
    const comment = comments[c];
    if (comment !== undefined && (token === undefined || comment.start < token.start)) {
      c++;
      if (comment.start < prevEnd) continue; // inside a verbatim string's interpolation
      add('comment', comment.type, commentText(comment), comment.start, comment.end, columnIfOwnLine(text, comment.start));
      continue;
    }
    t++;
    if (token === undefined || token.type === 'Newline') continue;
    if (token.type === 'HeredocStart') {
      const last = matchingHeredocEnd(tokens, t - 1);
      const end = tokens[last]!.end;
      add('verbatim', 'Heredoc', heredocText(text.slice(token.start, end)), token.start, end);
      t = last + 1;
      continue;
    }
    add('token', token.type, token.image, token.start, token.end);
  }
  return items;
}

const CLOSERS: ReadonlySet<string> = new Set(['RParen', 'RBracket', 'RCurly']);

export function isCloser(item: Item): boolean {
  return item.kind === 'token' && CLOSERS.has(item.type);
}

/**
 * Canonical commas:
 * - a trailing comma right before a closing bracket on the same line goes (`[a, b,]` → `[a, b]`);
 * - at the top level and in `{ }` (bodies, objects) a comma ending a line goes: the line
 *   break separates entries;
 * - a multi-line list, argument list or parameter list gets a trailing comma after its last
 *   element (`insertAfter` holds the end offsets of those elements).
 * Every one of these leaves the parse unchanged.
 */
export function canonicalCommas(items: readonly Item[], insertAfter: ReadonlySet<number>): Item[] {
  const out: Item[] = [];
  const brackets: string[] = [];
  let carriedBreaks = 0;
  for (let i = 0; i < items.length; i++) {
    let item = items[i]!;
    if (carriedBreaks > 0) {
      item = { ...item, breaksBefore: Math.max(item.breaksBefore, carriedBreaks) };
      carriedBreaks = 0;
    }
    if (item.kind === 'token') {
      if (item.type === 'LCurly' || item.type === 'LParen' || item.type === 'LBracket' || item.type === 'InterpolationStart') brackets.push(item.type);
      else if (CLOSERS.has(item.type)) brackets.pop();
      else if (item.type === 'Comma' && dropComma(items, i, brackets[brackets.length - 1])) {
        carriedBreaks = item.breaksBefore;
        continue;
      }
    }
    out.push(item);
    if (item.kind !== 'comment' && insertAfter.has(item.end)) {
      out.push({ kind: 'token', type: 'Comma', text: ',', start: item.end, end: item.end, breaksBefore: 0, sourceColumn: -1 });
    }
  }
  return out;
}

function dropComma(items: readonly Item[], at: number, innermost: string | undefined): boolean {
  let lineBreak = false;
  for (let j = at + 1; j < items.length; j++) {
    const next = items[j]!;
    if (next.breaksBefore > 0) lineBreak = true;
    if (next.kind === 'comment') continue;
    if (isCloser(next) && !lineBreak) return true;
    return lineBreak && separatesByLine(innermost);
  }
  return separatesByLine(innermost);
}

/** Where a line break separates entries: the top level and `{ }`. */
function separatesByLine(innermost: string | undefined): boolean {
  return innermost === undefined || innermost === 'LCurly';
}
