import { interpolationText, isList, isObject, valueKind, type Value, type ValueObject } from '../values.ts';

/**
 * The template language of `render`: the blueprint's own interpolation,
 * reduced to references so a template can never run code.
 *
 * - `${name}` inserts a variable; `${a.b}` reads a field, `${xs[0]}` a list
 *   element (paths only: no operators, calls or conditionals);
 * - white space inside the braces is ignored (`${ name }`);
 * - `$${` writes a literal `${`; any other `$` is literal text;
 * - strings insert as they are, numbers in decimal, bools as `true`/`false`;
 *   a list, object or null is an error (pass `json(x)` as the variable).
 */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} (template line ${line}, column ${column})`);
  }
}

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/;
const SEGMENT = /\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g;

export function renderTemplate(template: string, vars: ValueObject): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('${', i);
    if (open < 0) {
      out += template.slice(i);
      break;
    }
    if (open > 0 && template[open - 1] === '$') {
      // `$${` is the escape: keep one `$` and the brace literally.
      out += template.slice(i, open - 1) + '${';
      i = open + 2;
      continue;
    }
    out += template.slice(i, open);
    const close = template.indexOf('}', open + 2);
    if (close < 0) fail(template, open, 'unterminated "${": add the closing "}" (or write "$${" for a literal "${")');
    const path = template.slice(open + 2, close).trim();
    if (!PATH.test(path)) {
      fail(template, open, `"\${${path}}" is not a variable reference: templates hold names and paths (a.b, xs[0]) only, no expressions`);
    }
    out += textOf(lookupPath(template, open, vars, path), template, open, path);
    i = close + 1;
  }
  return out;
}

function lookupPath(template: string, at: number, vars: ValueObject, path: string): Value {
  let cur: Value = vars;
  let walked = '';
  for (const m of path.matchAll(SEGMENT)) {
    const [, name, index] = m;
    if (name !== undefined) {
      if (!isObject(cur) || !Object.hasOwn(cur, name)) {
        const where = walked === '' ? 'the variables' : `"${walked}"`;
        const known = isObject(cur) ? Object.keys(cur).sort() : [];
        const hint = known.length ? ` (known: ${known.join(', ')})` : '';
        fail(template, at, `"${name}" is not defined in ${where}${hint}`);
      }
      cur = cur[name] as Value;
      walked += walked === '' ? name : `.${name}`;
    } else {
      const n = Number(index);
      if (!isList(cur) || n >= cur.length) {
        fail(template, at, `"${walked}[${n}]" is out of range or "${walked}" is not a list`);
      }
      cur = cur[n] as Value;
      walked += `[${n}]`;
    }
  }
  return cur;
}

function textOf(v: Value, template: string, at: number, path: string): string {
  const t = interpolationText(v);
  if (t === undefined) fail(template, at, `"${path}" is a ${valueKind(v)}, which has no text form: pass json(...) of it instead`);
  return t;
}

function fail(template: string, offset: number, message: string): never {
  const before = template.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  throw new TemplateError(message, line, column);
}
