import type { Type } from './types.ts';
import { isList, isObject, type Value } from './values.ts';

const DURATION_UNITS: readonly [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];

const SIZE_UNITS: readonly [string, number][] = [
  ['TiB', 2 ** 40],
  ['GiB', 2 ** 30],
  ['MiB', 2 ** 20],
  ['KiB', 2 ** 10],
];

/** `90000` → `1m30s`; `0` → `0s`. The compound form the lexer reads back. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.abs(ms);
  let out = ms < 0 ? '-' : '';
  for (const [unit, size] of DURATION_UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/** `2147483648` → `2GiB`; sizes that are no whole number of a binary unit stay in bytes (`1000B`). */
export function formatSize(bytes: number): string {
  for (const [unit, size] of SIZE_UNITS) {
    if (bytes !== 0 && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}B`;
}

/**
 * A value written as blueprint source, given its static type: durations as
 * `30s`, sizes as `2GiB`, addresses bare, strings quoted. Used for defaults
 * in hover, signature help and generated docs.
 */
export function literalText(value: Value, type?: Type): string {
  if (typeof value === 'number') {
    if (type?.kind === 'duration') return formatDuration(value);
    if (type?.kind === 'size') return formatSize(value);
    return String(value);
  }
  if (typeof value === 'string') return type?.kind === 'ip' || type?.kind === 'cidr' ? value : JSON.stringify(value);
  if (isList(value)) {
    const element = type?.kind === 'list' ? type.element : undefined;
    return `[${value.map((v) => literalText(v, element)).join(', ')}]`;
  }
  if (isObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const fieldType = (k: string) =>
      type?.kind === 'map' ? type.element : type?.kind === 'object' ? type.fields[k]?.type : undefined;
    const key = (k: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : JSON.stringify(k));
    return `{ ${entries.map(([k, v]) => `${key(k)} = ${literalText(v, fieldType(k))}`).join(', ')} }`;
  }
  return String(value);
}
