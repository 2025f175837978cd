import type { Attribute, Block, Body, BodyEntry, Expr, Infrastructure, Module, OsTemplate, Workflow } from '../../../grammar/index.ts';
import type { SourceFile, TextRange } from '../../diagnostics/index.ts';

/**
 * Small questions about bodies that the deployment rules and the lint rules
 * both ask. Names are as written: the checker has already reported unknown
 * attributes and blocks, so these only find what is there.
 */

export function attributeOf(body: Body | undefined, name: string): Attribute | undefined {
  return body?.entries.find((e): e is Attribute => e.kind === 'Attribute' && e.name.text === name);
}

export function blocksNamed(body: Body | undefined, name: string): Block[] {
  return (body?.entries ?? []).filter((e): e is Block => e.kind === 'Block' && e.name.text === name);
}

export function infrastructuresOf(module: Module): Infrastructure[] {
  return module.declarations.filter((d): d is Infrastructure => d.kind === 'Infrastructure');
}

export function workflowsOf(module: Module): Workflow[] {
  return module.declarations.filter((d): d is Workflow => d.kind === 'Workflow');
}

export function osTemplatesOf(module: Module): OsTemplate[] {
  return module.declarations.filter((d): d is OsTemplate => d.kind === 'OsTemplate');
}

export interface InstanceArrayEntry {
  readonly infrastructure: Infrastructure;
  readonly array: Block;
}

/** Found once per module (trees are never changed): most deployment and lint rules start from this list. */
const INSTANCE_ARRAYS = new WeakMap<Module, readonly InstanceArrayEntry[]>();

/** Every `instance_array` block of every infrastructure of a module. */
export function instanceArraysOf(module: Module): readonly InstanceArrayEntry[] {
  let found = INSTANCE_ARRAYS.get(module);
  if (found === undefined) {
    const out: InstanceArrayEntry[] = [];
    for (const d of module.declarations) {
      if (d.kind !== 'Infrastructure') continue;
      for (const e of d.body.entries) if (e.kind === 'Block' && e.name.text === 'instance_array') out.push({ infrastructure: d, array: e });
    }
    INSTANCE_ARRAYS.set(module, (found = out));
  }
  return found;
}

/** The name label of a block (`instance_array web` → `web`), or `''` when it has none. */
export function blockLabel(block: Block): string {
  return block.labels[0]?.text ?? '';
}

/** `std.provision.os` for a `Ref`/`Member` chain; undefined for anything else. */
export function dottedName(expr: Expr): string | undefined {
  if (expr.kind === 'Ref') return expr.name.text;
  if (expr.kind !== 'Member') return undefined;
  const head = dottedName(expr.object);
  return head === undefined ? undefined : `${head}.${expr.name.text}`;
}

/** The text of a string literal without interpolation; undefined otherwise. */
export function stringValue(expr: Expr | undefined): string | undefined {
  return expr?.kind === 'StringLit' ? expr.value : undefined;
}

/**
 * The range to delete to remove `range` from the text: whole lines (with
 * their line break) when nothing else shares them, so a fix-it that removes
 * a block or declaration leaves no blank line behind; otherwise `range`
 * itself (the same object, so callers can tell the two cases apart).
 */
export function removalRange(source: SourceFile, range: TextRange): TextRange {
  const text = source.text;
  let start = range.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  let end = range.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  const ownsLines = (start === 0 || text[start - 1] === '\n' || text[start - 1] === '\r') && (end === text.length || text[end] === '\n' || text[end] === '\r');
  if (!ownsLines) return range;
  if (text.startsWith('\r\n', end)) end += 2;
  else if (end < text.length) end++;
  return { start, end };
}

/**
 * What to delete to take one entry out of a body: its lines when it has them
 * to itself, otherwise the entry and the separator joining it to its
 * neighbour (`{ a = 1, b = 2 }` → `{ b = 2 }`).
 */
export function entryRemovalRange(source: SourceFile, body: Body, entry: BodyEntry): TextRange {
  const lines = removalRange(source, entry.span);
  if (lines !== entry.span) return lines;
  const i = body.entries.indexOf(entry);
  const next = body.entries[i + 1];
  if (next !== undefined) return { start: entry.span.start, end: next.span.start };
  const previous = body.entries[i - 1];
  return previous !== undefined ? { start: previous.span.end, end: entry.span.end } : entry.span;
}
