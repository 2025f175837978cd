import { T } from '../types.ts';
import { interpolationText } from '../values.ts';
import { defineFunction, describe } from './args.ts';
import { isOpen, mismatch } from './type-rules.ts';

const SCALARS = new Set(['string', 'int', 'bool', 'duration', 'size', 'ip', 'cidr']);

export const tostring = defineFunction({
  name: 'tostring',
  params: [{ name: 'value', type: T.any, typeLabel: 'string | int | bool', doc: 'A scalar value.' }],
  returns: T.string,
  rule: ([t]) => (t && (isOpen(t) || SCALARS.has(t.kind)) ? { type: T.string } : mismatch('tostring', 0, 'a scalar', t ?? T.null)),
  doc: 'Converts a string, number or bool to its text, exactly as `${...}` interpolation writes it. Durations and sizes are numbers at run time, so they print as milliseconds and bytes. A list, object or null is an error (use `json(...)`).',
  example: 'tostring(42) → "42"',
  pure: true,
  impl: (a) => {
    const v = a.at(0);
    const t = interpolationText(v);
    return t ?? a.fail(`needs a string, number or bool, got ${describe(v)} (use json(...) for lists and objects)`, 0);
  },
});

const INTEGER = /^[+-]?\d+$/;

/**
 * The language has no fractional numbers, so `tonumber` parses whole numbers
 * only; the Terraform name is kept because that is what users reach for.
 */
export const tonumber = defineFunction({
  name: 'tonumber',
  params: [{ name: 'value', type: T.any, typeLabel: 'string | int', doc: 'A whole number, or a string holding one in decimal.' }],
  returns: T.int,
  rule: ([t]) =>
    t && (isOpen(t) || t.kind === 'string' || t.kind === 'int') ? { type: T.int } : mismatch('tonumber', 0, 'a string or int', t ?? T.null),
  doc: 'Parses a decimal whole number from a string (surrounding spaces allowed; no fractions, no hex). A number is returned as it is. The language has no fractional numbers, so "1.5" is an error.',
  example: 'tonumber("42") → 42',
  pure: true,
  impl: (a) => {
    const v = a.at(0);
    if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
    if (typeof v !== 'string') return a.fail(`needs a string or whole number, got ${describe(v)}`, 0);
    const s = v.trim();
    const n = Number(s);
    if (!INTEGER.test(s) || !Number.isSafeInteger(n)) {
      return a.fail(`${JSON.stringify(v)} is not a whole number in decimal`, 0);
    }
    return n;
  },
});

export const CONVERSION_FUNCTIONS = [tostring, tonumber] as const;
