import { SCHEMAS } from './registry.ts';
import type { BlockKind, ExclusiveGroup } from './schema-types.ts';

/**
 * The presence rules of a body that need no types: required attributes,
 * `requires`, and mutually exclusive groups. The checker turns each problem
 * into a diagnostic; the language server uses the same answers to stop
 * offering attributes that would conflict.
 */
export type ShapeProblem =
  | { readonly kind: 'missing-required'; readonly attribute: string; readonly message: string }
  | { readonly kind: 'missing-requirement'; readonly attribute: string; readonly requires: string; readonly message: string }
  | {
      readonly kind: 'exclusive-conflict';
      readonly group: ExclusiveGroup;
      /** One attribute from each of two alternatives written together. */
      readonly attributes: readonly [string, string];
      readonly message: string;
    }
  | { readonly kind: 'exclusive-missing'; readonly group: ExclusiveGroup; readonly message: string };


export function shapeProblems(kind: BlockKind, present: ReadonlySet<string>): ShapeProblem[] {
  const s = SCHEMAS[kind];
  const problems: ShapeProblem[] = [];
  for (const a of s.attributes) {
    if (a.required && !present.has(a.name)) {
      problems.push({ kind: 'missing-required', attribute: a.name, message: `\`${kind}\` needs the attribute \`${a.name}\`` });
    }
    if (!present.has(a.name)) continue;
    for (const r of a.requires ?? []) {
      if (!present.has(r)) {
        problems.push({
          kind: 'missing-requirement',
          attribute: a.name,
          requires: r,
          message: `\`${a.name}\` needs \`${r}\` alongside it`,
        });
      }
    }
  }
  for (const g of s.exclusive) {
    const chosen = g.alternatives
      .map((alt) => ({ alt, found: alt.filter((n) => present.has(n)) }))
      .filter((c) => c.found.length > 0);
    const [first, second] = chosen;
    if (first && second) {
      problems.push({
        kind: 'exclusive-conflict',
        group: g,
        attributes: [first.found[0] as string, second.found[0] as string],
        message: `\`${first.found[0]}\` and \`${second.found[0]}\` cannot be used together: ${g.doc}`,
      });
    } else if (!first && g.required) {
      problems.push({
        kind: 'exclusive-missing',
        group: g,
        message: `\`${kind}\` needs ${g.alternatives.map((alt) => `\`${alt[0]}\``).join(' or ')}: ${g.doc}`,
      });
    }
  }
  return problems;
}
