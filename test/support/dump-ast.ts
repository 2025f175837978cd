import type { Module } from '../../grammar/index.ts';
import type { SourceFile } from '../../compiler/diagnostics/index.ts';

/**
 * The AST as JSON for golden files: `kind` first, then `span`, then the other
 * keys in alphabetical order (so the output does not depend on the order the
 * builder set them), every span written as `line:col-line:col` (end exclusive).
 */
export function dumpAst(module: Module, source: SourceFile): string {
  return `${JSON.stringify(normalise(module, source), null, 2)}\n`;
}

function isSpan(value: object): value is { start: number; end: number } {
  const keys = Object.keys(value);
  return keys.length === 2 && typeof (value as { start?: unknown }).start === 'number' && typeof (value as { end?: unknown }).end === 'number';
}

function position(source: SourceFile, offset: number): string {
  const p = source.positionAt(offset);
  return `${p.line}:${p.column}`;
}

function keyOrder(a: string, b: string): number {
  const rank = (k: string): number => (k === 'kind' ? 0 : k === 'span' ? 1 : 2);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function normalise(value: unknown, source: SourceFile): unknown {
  if (Array.isArray(value)) return value.map((v) => normalise(v, source));
  if (value === null || typeof value !== 'object') return value;
  if (isSpan(value)) return `${position(source, value.start)}-${position(source, value.end)}`;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(keyOrder)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = normalise(v, source);
  }
  return out;
}
