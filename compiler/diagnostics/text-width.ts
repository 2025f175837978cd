/**
 * How a line of source text occupies terminal cells, so carets drawn under it
 * line up: tabs expand to tab stops, East Asian wide characters and emoji take
 * two cells, combining marks and joiners stay in their cluster, and control or
 * invisible format characters (bidi overrides, zero-width spaces) are replaced
 * by a visible stand-in so they can neither move the cursor nor hide text.
 */
export interface Glyph {
  /** What to print. */
  readonly text: string;
  /** Terminal cells it occupies. */
  readonly width: number;
  /** Index of its first UTF-16 code unit in the line. */
  readonly index: number;
  /** Its length in UTF-16 code units. */
  readonly length: number;
}

// East Asian Wide and Fullwidth blocks (Unicode 15, coarse): CJK, Hangul, kana, fullwidth forms.
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x2e80, 0x303e], [0x3041, 0x33ff],
  [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf], [0xa960, 0xa97f], [0xac00, 0xd7a3],
  [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f], [0xff00, 0xff60], [0xffe0, 0xffe6],
  [0x1b000, 0x1b2ff], [0x1f200, 0x1f2ff], [0x20000, 0x2fffd], [0x30000, 0x3fffd],
];

const EMOJI_PRESENTATION = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F/u;
const ZERO_WIDTH_START = /^[\p{Mn}\p{Me}]/u;
const FORMAT_CHAR = /^\p{Cf}$/u;
const REPLACEMENT = '\uFFFD';

let segmenter: Intl.Segmenter | undefined;

function isWide(codePoint: number): boolean {
  for (const [lo, hi] of WIDE_RANGES) {
    if (codePoint < lo) return false;
    if (codePoint <= hi) return true;
  }
  return false;
}

function glyphFor(cluster: string, index: number, column: number, tabWidth: number): Glyph {
  const length = cluster.length;
  const first = cluster.codePointAt(0) ?? 0;
  if (cluster === '\t') {
    const width = tabWidth - (column % tabWidth);
    return { text: ' '.repeat(width), width, index, length };
  }
  // C0 controls and DEL become their Control Pictures; C1 controls and lone format characters a replacement mark.
  if (first < 0x20) return { text: String.fromCodePoint(0x2400 + first), width: 1, index, length };
  if (first === 0x7f) return { text: '\u2421', width: 1, index, length };
  if ((first >= 0x80 && first <= 0x9f) || FORMAT_CHAR.test(cluster) || (first >= 0xd800 && first <= 0xdfff)) {
    return { text: REPLACEMENT, width: 1, index, length };
  }
  if (first === 0x2028 || first === 0x2029) return { text: REPLACEMENT, width: 1, index, length };
  if (EMOJI_PRESENTATION.test(cluster) || isWide(first)) return { text: cluster, width: 2, index, length };
  if (ZERO_WIDTH_START.test(cluster)) return { text: cluster, width: 0, index, length };
  return { text: cluster, width: 1, index, length };
}

/** Splits one line (no line terminator) into glyphs laid out from column 0. */
export function layoutLine(line: string, tabWidth = 4): readonly Glyph[] {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  const glyphs: Glyph[] = [];
  let column = 0;
  for (const { segment, index } of segmenter.segment(line)) {
    // A tab or control character glued to a following mark is still laid out on its own.
    const parts = segment.length > 1 && segment.charCodeAt(0) < 0x20 ? [segment[0]!, segment.slice(1)] : [segment];
    let at = index;
    for (const part of parts) {
      const glyph = glyphFor(part, at, column, tabWidth);
      glyphs.push(glyph);
      column += glyph.width;
      at += part.length;
    }
  }
  return glyphs;
}

/** Terminal cells a string occupies when printed on one line. */
export function displayWidth(text: string, tabWidth = 4): number {
  let width = 0;
  for (const glyph of layoutLine(text, tabWidth)) width += glyph.width;
  return width;
}
