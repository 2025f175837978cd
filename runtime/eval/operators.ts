import { valueEquals, valueKind, type Value } from '../../stdlib/index.ts';
import type { IrBinaryOp } from '../../compiler/plan/index.ts';
import { EvalError } from './errors.ts';

/*
 * Operator semantics, the run-time half of the checker's operator rules:
 * whole numbers only (ints, durations in ms, sizes in bytes), `/` truncates
 * toward zero, a result beyond 2^53 - 1 or a division by zero is an error,
 * ordering only between numbers, equality deep and structural. `&&` and `||`
 * short-circuit in the evaluator and never reach here.
 */

function shown(v: Value): string {
  const kind = valueKind(v);
  if (kind === 'list' || kind === 'object') return `a ${kind}`;
  const text = JSON.stringify(v);
  return text.length <= 40 ? `${kind} ${text}` : `a ${kind}`;
}

function number(op: string, v: Value, side: string): number {
  if (typeof v !== 'number') throw new EvalError('type', `the ${side} operand of \`${op}\` must be a number, got ${shown(v)}`);
  return v;
}

function whole(op: string, v: number): number {
  if (!Number.isSafeInteger(v)) throw new EvalError('arithmetic', `the result of \`${op}\` is too large for a whole number (more than 2^53 - 1)`);
  return v === 0 ? 0 : v; // no -0 in plans
}

export function binary(op: Exclude<IrBinaryOp, '&&' | '||'>, left: Value, right: Value): Value {
  switch (op) {
    case '==':
      return valueEquals(left, right);
    case '!=':
      return !valueEquals(left, right);
    default:
      break;
  }
  const l = number(op, left, 'left');
  const r = number(op, right, 'right');
  switch (op) {
    case '<':
      return l < r;
    case '<=':
      return l <= r;
    case '>':
      return l > r;
    case '>=':
      return l >= r;
    case '+':
      return whole(op, l + r);
    case '-':
      return whole(op, l - r);
    case '*':
      return whole(op, l * r);
    case '/':
      if (r === 0) throw new EvalError('arithmetic', 'division by zero');
      return whole(op, Math.trunc(l / r));
    case '%':
      if (r === 0) throw new EvalError('arithmetic', 'remainder by zero');
      return whole(op, l % r);
  }
}

export function unary(op: '!' | '-', operand: Value): Value {
  if (op === '!') {
    if (typeof operand !== 'boolean') throw new EvalError('type', `\`!\` needs a bool, got ${shown(operand)}`);
    return !operand;
  }
  return whole('-', -number('-', operand, 'only'));
}

export function truth(what: string, v: Value): boolean {
  if (typeof v !== 'boolean') throw new EvalError('type', `${what} must be a bool, got ${shown(v)}`);
  return v;
}

export { shown as describeValue };
