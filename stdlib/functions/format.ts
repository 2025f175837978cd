import { T } from '../types.ts';
import { canonicalJson, interpolationText } from '../values.ts';
import { defineFunction, describe } from './args.ts';

/**
 * `format(spec, values...)`: a small printf. Verbs:
 * - `%s` the value as text, as in `${...}` interpolation (strings, numbers, bools);
 * - `%d` a whole number in decimal;
 * - `%v` any value: text for strings, numbers and bools, JSON (keys sorted) for
 *   lists, objects and null;
 * - `%q` the value as JSON (a string gets quotes and escapes);
 * - `%%` a literal percent sign.
 * No widths, flags or positional indexes: each verb takes the next value, and
 * the number of verbs must equal the number of values, so a mistake is an
 * error rather than a silently odd string.
 */
export const format = defineFunction({
  name: 'format',
  params: [{ name: 'spec', type: T.string, doc: 'The format string with `%s %d %v %q %%` verbs.' }],
  variadic: { name: 'values', type: T.any, doc: 'One value per verb, in order.', min: 0 },
  returns: T.string,
  doc: 'Builds a string from a printf-like specification: `%s` text, `%d` whole number, `%v` any value (JSON for lists and objects), `%q` JSON-quoted, `%%` a percent sign. The number of verbs must match the number of values.',
  example: 'format("%s-%d", "web", 3) → "web-3"',
  pure: true,
  impl: (a) => {
    const spec = a.string(0);
    const values = a.rest(1);
    let out = '';
    let next = 0;
    for (let i = 0; i < spec.length; i++) {
      const c = spec[i];
      if (c !== '%') {
        out += c;
        continue;
      }
      const verb = spec[i + 1];
      i++;
      if (verb === '%') {
        out += '%';
        continue;
      }
      if (verb === undefined) return a.fail('the format ends with a lone "%" (write "%%" for a percent sign)', 0);
      if (!'sdvq'.includes(verb)) a.fail(`unknown verb "%${verb}" (use %s, %d, %v, %q or %%)`, 0);
      if (next >= values.length) a.fail(`the format has more verbs than values (${values.length} given)`, 0);
      const argIndex = next + 1;
      const v = values[next++]!;
      switch (verb) {
        case 's': {
          const t = interpolationText(v);
          if (t === undefined) a.fail(`%s needs a string, number or bool, got ${describe(v)} (use %v for JSON)`, argIndex);
          out += t;
          break;
        }
        case 'd':
          if (typeof v !== 'number' || !Number.isSafeInteger(v)) a.fail(`%d needs a whole number, got ${describe(v)}`, argIndex);
          out += String(v);
          break;
        case 'v':
          out += interpolationText(v) ?? canonicalJson(v);
          break;
        default:
          out += canonicalJson(v);
      }
    }
    if (next < values.length) a.fail(`${values.length - next} value(s) left over: the format has only ${next} verb(s)`, next + 1);
    return out;
  },
});
