import { RESERVED_WORDS, SOFT_KEYWORD_WORDS, tokenize } from '../../grammar/index.ts';
import type { Random } from '../support/index.ts';

/**
 * Mutations of a blueprint's bytes for the front-end fuzzer: byte deletions
 * and insertions (including bytes that break UTF-8), truncation, insertion of
 * tokens from the lexer's vocabulary, duplicated lines and swapped brackets.
 */
export interface Mutant {
  readonly bytes: Uint8Array;
  /** What was done, in order, for the failure report. */
  readonly steps: readonly string[];
}

export type Vocabulary = readonly string[];

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** Tricky snippets no well-formed input contains, next to the token images the corpus has. */
const EXTRA_SNIPPETS = [
  '${', '$${', '"""', '"', '/*', '*/', '//', '///', '//!', '#', '\\', '\\u{', '\\u{1F600}', '\n', '\r\n', '\r',
  '\t', '\uFEFF', '😀', '𝔵', '日本', '::', '/', '0x', '1.5h', '30sec', '40G', '127.1', '10.0.0.1/24', '2001:db8::/129',
  '9999999999999999999999', '1h30m', '512MiB', '{', '}', '(', ')', '[', ']', ',', '=', '?', ':', '.', '@', ';', '`',
];

/** Every distinct token image in `texts`, plus keywords and tricky snippets: what the insertion mutation draws from. */
export function buildVocabulary(texts: readonly string[]): Vocabulary {
  const images = new Set<string>([...RESERVED_WORDS, ...SOFT_KEYWORD_WORDS, ...EXTRA_SNIPPETS]);
  for (const text of texts) {
    for (const t of tokenize(text, 'vocabulary.mbp').tokens) if (t.image.length <= 40) images.add(t.image);
  }
  return [...images].sort();
}

function splice(bytes: Uint8Array, at: number, remove: number, insert: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at), 0);
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

const SPECIAL_BYTES = [...encoder.encode('{}[]()"$\\/*#\n\r\t:=,.!?<>-+%&|\'`@')];

function randomByte(rng: Random): number {
  const roll = rng.next();
  if (roll < 0.4) return 0x20 + rng.int(0x5f);
  if (roll < 0.75) return rng.pick(SPECIAL_BYTES);
  if (roll < 0.95) return 0x80 + rng.int(0x80);
  return rng.int(0x20);
}

type Mutation = (bytes: Uint8Array, rng: Random, vocabulary: Vocabulary) => { bytes: Uint8Array; step: string };

const deleteBytes: Mutation = (bytes, rng) => {
  const at = rng.int(bytes.length + 1);
  const count = Math.min(bytes.length - at, 1 + rng.int(rng.chance(0.2) ? 64 : 8));
  return { bytes: splice(bytes, at, count), step: `delete ${count} byte(s) at ${at}` };
};

const insertBytes: Mutation = (bytes, rng) => {
  const at = rng.int(bytes.length + 1);
  const inserted = Uint8Array.from({ length: 1 + rng.int(4) }, () => randomByte(rng));
  return { bytes: splice(bytes, at, 0, inserted), step: `insert bytes [${[...inserted].map((b) => b.toString(16)).join(' ')}] at ${at}` };
};

const truncate: Mutation = (bytes, rng) => {
  const at = rng.int(bytes.length + 1);
  return { bytes: bytes.subarray(0, at), step: `truncate at ${at}` };
};

/** The text-level mutations work on the decoded text (invalid bytes already became U+FFFD). */
function onText(bytes: Uint8Array, change: (text: string) => { text: string; step: string }): { bytes: Uint8Array; step: string } {
  const r = change(decoder.decode(bytes));
  return { bytes: encoder.encode(r.text), step: r.step };
}

const insertToken: Mutation = (bytes, rng, vocabulary) =>
  onText(bytes, (text) => {
    const at = rng.int(text.length + 1);
    const token = rng.pick(vocabulary);
    const padded = rng.chance(0.5) ? ` ${token} ` : token;
    return { text: text.slice(0, at) + padded + text.slice(at), step: `insert token ${JSON.stringify(padded)} at char ${at}` };
  });

const duplicateLine: Mutation = (bytes, rng) =>
  onText(bytes, (text) => {
    const lines = text.split(/(?<=\n)/);
    if (lines.length === 0) return { text, step: 'duplicate line (none)' };
    const from = rng.int(lines.length);
    const to = rng.chance(0.5) ? from + 1 : rng.int(lines.length + 1);
    const line = lines[from]!.endsWith('\n') ? lines[from]! : `${lines[from]!}\n`;
    lines.splice(to, 0, line);
    return { text: lines.join(''), step: `duplicate line ${from + 1} to before line ${to + 1}` };
  });

const BRACKETS = '()[]{}';

const swapBrackets: Mutation = (bytes, rng) =>
  onText(bytes, (text) => {
    const positions: number[] = [];
    for (let i = 0; i < text.length; i++) if (BRACKETS.includes(text[i]!)) positions.push(i);
    if (positions.length === 0) return { text, step: 'swap brackets (none)' };
    const a = rng.pick(positions);
    if (positions.length >= 2 && rng.chance(0.5)) {
      const b = rng.pick(positions);
      const [lo, hi] = a < b ? [a, b] : [b, a];
      const swapped = text.slice(0, lo) + text[hi] + text.slice(lo + 1, hi) + text[lo] + text.slice(hi + 1);
      return { text: swapped, step: `swap brackets at chars ${lo} and ${hi}` };
    }
    const other = rng.pick([...BRACKETS].filter((c) => c !== text[a]));
    return { text: text.slice(0, a) + other + text.slice(a + 1), step: `replace bracket at char ${a} with ${other}` };
  });

const MUTATIONS: readonly Mutation[] = [deleteBytes, insertBytes, truncate, insertToken, insertToken, duplicateLine, swapBrackets, swapBrackets];

/** One to three random mutations of `bytes`. */
export function mutate(bytes: Uint8Array, rng: Random, vocabulary: Vocabulary): Mutant {
  let current = bytes;
  const steps: string[] = [];
  const count = 1 + rng.int(3);
  for (let k = 0; k < count; k++) {
    // Truncation is drastic: rarer than the others.
    const mutation = rng.chance(0.08) ? truncate : rng.pick(MUTATIONS.filter((m) => m !== truncate));
    const r = mutation(current, rng, vocabulary);
    current = r.bytes;
    steps.push(r.step);
  }
  return { bytes: current, steps };
}
