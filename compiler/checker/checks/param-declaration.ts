import type { Attribute, Expr, Param, Span } from '../../../grammar/index.ts';
import { isAssignable, literalText, T, typeToString, valueEquals, type Type, type Value } from '../../../stdlib/index.ts';
import { listChoices, suggestName } from '../../binder/index.ts';
import { paramDefault } from '../param-default.ts';
import type { CheckContext } from '../context.ts';
import { typeFromRef } from '../type-ref.ts';
import { checkAssignable } from './assignable.ts';
import { boundText } from './int-range.ts';
import { checkSecretExposure } from './secret-exposure.ts';

const ORDERED: ReadonlySet<Type['kind']> = new Set(['int', 'duration', 'size']);

function attributes(decl: Param): Map<string, Attribute> {
  const out = new Map<string, Attribute>();
  for (const e of decl.body?.entries ?? []) if (e.kind === 'Attribute' && !out.has(e.name.text)) out.set(e.name.text, e);
  return out;
}

/**
 * `param NAME: TYPE { default, min, max, allowed, pattern }`: the default
 * has the declared type; `min`/`max` apply to ordered types and `pattern` to
 * strings; then the default, and a value given from outside (`given`), must
 * satisfy the constraints.
 */
export function checkParamDeclaration(cx: CheckContext, decl: Param, given: { readonly value: Value } | undefined): void {
  const type = typeFromRef(decl.type);
  const name = decl.name.text;
  const attrs = attributes(decl);
  const dflt = paramDefault(decl);
  if (dflt) {
    const t = cx.typeOf(dflt);
    if (!isAssignable(t, type)) cx.report('MBP2067', dflt.span, { name, expected: typeToString(type), actual: typeToString(t) });
    checkSecretExposure(cx, dflt, `the default of param \`${name}\``);
  }
  if (type.kind === 'error') return;
  for (const bound of ['min', 'max'] as const) {
    const a = attrs.get(bound);
    if (!a) continue;
    if (!ORDERED.has(type.kind)) cx.report('MBP2058', a.name.span, { constraint: bound, type: typeToString(type) }, { help: '`min` and `max` apply to int, duration and size params' });
    else checkAssignable(cx, a.value, type, `\`${bound}\``);
  }
  const allowed = attrs.get('allowed');
  if (allowed) checkAssignable(cx, allowed.value, T.list(type), '`allowed`');
  const pattern = attrs.get('pattern');
  let regex: RegExp | undefined;
  if (pattern) {
    if (type.kind !== 'string') cx.report('MBP2058', pattern.name.span, { constraint: 'pattern', type: typeToString(type) }, { help: '`pattern` applies to string params' });
    else {
      const p = cx.valueOf(pattern.value);
      if (typeof p === 'string') {
        try {
          regex = new RegExp(`^(?:${p})$`, 'u');
        } catch (error) {
          cx.report('MBP2059', pattern.value.span, { reason: error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error) });
        }
      }
    }
  }
  const constraints = { type, attrs, regex, name };
  if (dflt) {
    const v = cx.valueOf(dflt);
    if (v !== undefined && isAssignable(cx.typeOf(dflt), type)) checkConstraints(cx, constraints, v, dflt, `the default of param \`${name}\``);
  }
  if (given) checkConstraints(cx, constraints, given.value, decl.name.span, `the value given for param \`${name}\``);
}

interface Constraints {
  readonly type: Type;
  readonly attrs: ReadonlyMap<string, Attribute>;
  readonly regex: RegExp | undefined;
  readonly name: string;
}

/** Reports the first constraint a value breaks; at the default expression (with a fix-it for `allowed`) or at the param's name. */
function checkConstraints(cx: CheckContext, c: Constraints, value: Value, at: Expr | Span, what: string): void {
  const span = 'kind' in at ? at.span : at;
  const show = (v: Value): string => literalText(v, c.type);
  if (typeof value === 'number' && ORDERED.has(c.type.kind)) {
    const min = c.attrs.get('min') ? cx.valueOf(c.attrs.get('min')!.value) : undefined;
    const max = c.attrs.get('max') ? cx.valueOf(c.attrs.get('max')!.value) : undefined;
    const lo = typeof min === 'number' ? min : undefined;
    const hi = typeof max === 'number' ? max : undefined;
    if ((lo !== undefined && value < lo) || (hi !== undefined && value > hi)) {
      cx.report('MBP2055', span, { what, bound: boundText(lo, hi, (n) => literalText(n, c.type)), value: show(value) });
      return;
    }
  }
  const allowed = c.attrs.get('allowed');
  const list = allowed ? cx.valueOf(allowed.value) : undefined;
  if (Array.isArray(list) && !list.some((x: Value) => valueEquals(x, value))) {
    const choices = list.map(show);
    const extras =
      typeof value === 'string' && 'kind' in at
        ? suggestName(value, list.filter((x): x is string => typeof x === 'string'), cx.file, span, (s) => JSON.stringify(s))
        : {};
    cx.report('MBP2056', span, { value: show(value), name: c.name, allowed: listChoices(choices, '') }, {
      ...extras,
      help: `${extras.help ? `${extras.help} ` : ''}allowed: ${listChoices(choices, '')}`,
    });
    return;
  }
  if (c.regex && typeof value === 'string' && !c.regex.test(value)) {
    const p = cx.valueOf(c.attrs.get('pattern')!.value);
    cx.report('MBP2057', span, { value: show(value), name: c.name, pattern: String(p) });
  }
}
