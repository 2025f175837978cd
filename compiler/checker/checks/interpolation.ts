import type { StringLit } from '../../../grammar/index.ts';
import { interpolationText, T, typeToString, type Type } from '../../../stdlib/index.ts';
import type { CheckContext, Inferred } from '../context.ts';

/** Types with a text form inside `${...}`. */
const WRITABLE: ReadonlySet<Type['kind']> = new Set(['string', 'int', 'bool', 'ip', 'cidr', 'any', 'error']);

function helpFor(t: Type): string {
  switch (t.kind) {
    case 'list':
    case 'map':
    case 'object':
      return 'turn it into text first: `json(x)`, or `join(",", xs)` for a list of strings';
    case 'duration':
    case 'size':
      return `a ${t.kind} has no single text form (milliseconds? bytes?); interpolate a string or an int instead`;
    case 'instance':
      return 'interpolate one of its fields, e.g. `${node.hostname}` or `${node.ipv4}`';
    case 'null':
      return 'null has no text form; use a conditional to pick a string';
    default:
      return 'interpolate one of its fields instead';
  }
}

/** A string literal: each interpolated value must have a text form; a string of constants is a constant. */
export function inferString(cx: CheckContext, node: StringLit): Inferred {
  if (node.value !== undefined) return { type: T.string, value: node.value };
  let text: string | undefined = '';
  let secret = false;
  for (const part of node.parts) {
    if (part.kind === 'StringText') {
      if (text !== undefined) text += part.value;
      continue;
    }
    const t = cx.typeOf(part.expr);
    if (cx.isSecret(part.expr)) secret = true;
    if (!WRITABLE.has(t.kind)) cx.report('MBP2053', part.expr.span, { type: typeToString(t) }, { help: helpFor(t) });
    const v = cx.valueOf(part.expr);
    const piece = v === undefined ? undefined : interpolationText(v);
    text = text !== undefined && piece !== undefined ? text + piece : undefined;
  }
  return { type: T.string, secret, ...(text !== undefined ? { value: text } : {}) };
}
