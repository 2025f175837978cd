import type { Name, Span } from '../../../grammar/index.ts';
import { listChoices } from '../../binder/index.ts';
import { shapeProblems, type BlockKind } from '../../schemas/index.ts';
import type { CheckContext } from '../context.ts';

/**
 * The presence rules of a body (from the schema): required attributes,
 * attributes that need another, and exclusive groups (`server_type` with
 * `count`, or `server_types`). `head` is where a missing attribute is reported.
 */
export function checkBodyShape(cx: CheckContext, kind: BlockKind, present: ReadonlyMap<string, Name>, head: Span): void {
  const problems = shapeProblems(kind, new KeySet(present));
  const conflicting = new Set(problems.flatMap((p) => (p.kind === 'exclusive-conflict' ? p.group.alternatives.flat() : [])));
  for (const p of problems) {
    switch (p.kind) {
      case 'missing-required':
        cx.report('MBP2023', head, { block: kind, name: p.attribute }, { help: `add \`${p.attribute} = ...\`` });
        break;
      case 'missing-requirement': {
        if (conflicting.has(p.attribute)) break; // the conflict says it better
        const at = present.get(p.attribute);
        cx.report('MBP2024', at?.span ?? head, { name: p.attribute, requires: p.requires });
        break;
      }
      case 'exclusive-conflict': {
        const [first, second] = p.attributes;
        const a = present.get(first);
        const b = present.get(second);
        const [early, late] = a && b && a.span.start > b.span.start ? [b, a] : [a, b];
        cx.report('MBP2025', late?.span ?? head, { first: early?.text ?? first, second: late?.text ?? second }, {
          help: p.group.doc,
          related: early ? [{ message: `\`${early.text}\` is set here`, file: cx.file, range: early.span }] : [],
        });
        break;
      }
      case 'exclusive-missing':
        cx.report('MBP2026', head, { block: kind, choices: listChoices(p.group.alternatives.map((alt) => alt[0] ?? '')) }, { help: p.group.doc });
        break;
    }
  }
}

/** The keys of a map as a set, without copying them (asked for every body checked). */
class KeySet implements ReadonlySet<string> {
  constructor(private readonly map: ReadonlyMap<string, unknown>) {}
  has(key: string): boolean {
    return this.map.has(key);
  }
  get size(): number {
    return this.map.size;
  }
  forEach(fn: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const key of this.map.keys()) fn.call(thisArg, key, key, this);
  }
  *entries(): SetIterator<[string, string]> {
    for (const key of this.map.keys()) yield [key, key];
  }
  keys(): SetIterator<string> {
    return this.map.keys();
  }
  values(): SetIterator<string> {
    return this.map.keys();
  }
  [Symbol.iterator](): SetIterator<string> {
    return this.map.keys();
  }
}
