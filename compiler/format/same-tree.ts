import type { Comment, Node } from '../../grammar/index.ts';

/**
 * Whether two syntax trees say the same thing: equal in everything but
 * source positions. Doc comment text is compared without trailing spaces,
 * which the formatter removes from every line.
 */
export function sameTree(a: Node, b: Node): boolean {
  return equal(a, b, '');
}

const POSITION_KEYS: ReadonlySet<string> = new Set(['span', 'opSpan']);

function normalise(key: string, value: unknown): unknown {
  return key === 'doc' && typeof value === 'string' ? value.replace(/[ \t]+$/gm, '') : value;
}

function equal(a: unknown, b: unknown, key: string): boolean {
  a = normalise(key, a);
  b = normalise(key, b);
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => equal(x, b[i], ''));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = (r: Record<string, unknown>): string[] =>
    Object.keys(r).filter((k) => !POSITION_KEYS.has(k) && r[k] !== undefined).sort();
  const ka = keys(ra);
  const kb = keys(rb);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && equal(ra[k], rb[k], k));
}

/** A comment's words: lines without surrounding spaces (the formatter trims them and may move a block comment's lines). */
function words(comment: Comment): string {
  return comment.image
    .split(/\r\n?|\n/)
    .map((line) => line.trim())
    .join('\n');
}

/** Whether two files have the same comments, in the same order. */
export function sameComments(a: readonly Comment[], b: readonly Comment[]): boolean {
  return a.length === b.length && a.every((c, i) => c.type === b[i]!.type && words(c) === words(b[i]!));
}
