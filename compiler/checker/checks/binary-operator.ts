import type { Binary } from '../../../grammar/index.ts';
import { T, typeToString, unify, valueEquals, type Type, type Value } from '../../../stdlib/index.ts';
import type { CheckContext, Inferred } from '../context.ts';

type Kind = Type['kind'];
const NUMERIC: ReadonlySet<Kind> = new Set(['int', 'duration', 'size']);
const open = (t: Type): boolean => t.kind === 'any' || t.kind === 'error';

/**
 * The result type of an arithmetic operator, or undefined when the operands
 * do not fit: ints with ints; durations and sizes added to and subtracted
 * from their own kind, scaled by an int, divided by an int or by their own
 * kind (giving an int). Strings are not added: interpolation joins text.
 */
function arithmetic(op: Binary['op'], l: Type, r: Type): Type | undefined {
  if (open(l) && open(r)) return l.kind === 'error' || r.kind === 'error' ? T.error : T.any;
  if (open(l)) return NUMERIC.has(r.kind) ? (op === '*' || op === '/' ? T.any : r) : undefined;
  if (open(r)) return NUMERIC.has(l.kind) ? l : undefined;
  const a = l.kind;
  const b = r.kind;
  switch (op) {
    case '+':
    case '-':
      return a === b && NUMERIC.has(a) ? l : undefined;
    case '*':
      if (a === 'int' && b === 'int') return T.int;
      if (a === 'int' && (b === 'duration' || b === 'size')) return r;
      if ((a === 'duration' || a === 'size') && b === 'int') return l;
      return undefined;
    case '/':
      if (a === 'int' && b === 'int') return T.int;
      if ((a === 'duration' || a === 'size') && b === 'int') return l;
      if ((a === 'duration' || a === 'size') && a === b) return T.int;
      return undefined;
    case '%':
      return a === 'int' && b === 'int' ? T.int : undefined;
    default:
      return undefined;
  }
}

function foldArithmetic(cx: CheckContext, node: Binary, l: Value | undefined, r: Value | undefined): Value | undefined {
  if (typeof l !== 'number' || typeof r !== 'number') return undefined;
  if ((node.op === '/' || node.op === '%') && r === 0) {
    cx.report('MBP2065', node.right.span, { detail: node.op === '/' ? 'division by zero' : 'remainder by zero' });
    return undefined;
  }
  let v: number;
  switch (node.op) {
    case '+': v = l + r; break;
    case '-': v = l - r; break;
    case '*': v = l * r; break;
    case '/': v = Math.trunc(l / r); break;
    case '%': v = l % r; break;
    default: return undefined;
  }
  if (!Number.isSafeInteger(v)) {
    cx.report('MBP2065', node.span, { detail: 'the result is too large for a whole number (more than 2^53 - 1)' });
    return undefined;
  }
  return v;
}

export function inferBinary(cx: CheckContext, node: Binary): Inferred {
  const l = cx.typeOf(node.left);
  const r = cx.typeOf(node.right);
  const secret = cx.isSecret(node.left) || cx.isSecret(node.right);
  const lv = cx.valueOf(node.left);
  const rv = cx.valueOf(node.right);
  const bad = (help?: string): Inferred => {
    cx.report('MBP2048', node.opSpan, { op: node.op, left: typeToString(l), right: typeToString(r) }, help ? { help } : {});
    return { type: T.error, secret };
  };
  const withValue = (type: Type, value: Value | undefined): Inferred => ({ type, secret, ...(value !== undefined ? { value } : {}) });
  switch (node.op) {
    case '&&':
    case '||': {
      for (const [side, t] of [[node.left, l], [node.right, r]] as const) {
        if (t.kind !== 'bool' && !open(t)) cx.report('MBP2050', side.span, { what: `an operand of \`${node.op}\``, actual: typeToString(t) });
      }
      const value = typeof lv === 'boolean' && typeof rv === 'boolean' ? (node.op === '&&' ? lv && rv : lv || rv) : undefined;
      return withValue(T.bool, value);
    }
    case '==':
    case '!=': {
      if (l.kind !== 'null' && r.kind !== 'null' && unify(l, r) === undefined) {
        cx.report('MBP2066', node.opSpan, { left: typeToString(l), right: typeToString(r) });
      }
      const value = lv !== undefined && rv !== undefined ? valueEquals(lv, rv) === (node.op === '==') : undefined;
      return withValue(T.bool, value);
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const fits = (open(l) || NUMERIC.has(l.kind)) && (open(r) || NUMERIC.has(r.kind)) && (open(l) || open(r) || l.kind === r.kind);
      if (!fits) return bad('only ints, durations and sizes are ordered, and only against their own kind');
      let value: boolean | undefined;
      if (typeof lv === 'number' && typeof rv === 'number') {
        value = node.op === '<' ? lv < rv : node.op === '<=' ? lv <= rv : node.op === '>' ? lv > rv : lv >= rv;
      }
      return withValue(T.bool, value);
    }
    default: {
      const type = arithmetic(node.op, l, r);
      if (!type) {
        const strings = l.kind === 'string' || r.kind === 'string';
        return bad(strings && node.op === '+' ? 'join text with interpolation instead: `"${a}${b}"`' : undefined);
      }
      return withValue(type, foldArithmetic(cx, node, lv, rv));
    }
  }
}
