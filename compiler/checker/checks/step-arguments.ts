import type { Call, Expr } from '../../../grammar/index.ts';
import { paramAccepts, typeToString, type StepDef } from '../../../stdlib/index.ts';
import { listChoices, suggestName } from '../../binder/index.ts';
import type { CheckContext } from '../context.ts';
import { calleeText } from '../std-path.ts';
import { checkEnumValue } from './enum-value.ts';

/**
 * A call of a catalogue step kind (or readiness check): positional
 * arguments first, bound to the positional parameters in order, then named
 * ones; unknown names (did-you-mean), a parameter given twice, missing
 * required ones, argument types (and enums), and exclusive parameter groups.
 * Returns the argument bound to each parameter.
 */
export function checkStepArguments(cx: CheckContext, call: Call, def: StepDef): Map<string, Expr> {
  const callee = calleeText(call.callee);
  const positional = def.params.filter((p) => p.positional);
  const bound = new Map<string, Expr>();
  const byPosition = new Set<string>();
  call.args.forEach((arg, i) => {
    const p = positional[i];
    if (p) {
      bound.set(p.name, arg);
      byPosition.add(p.name);
      return;
    }
    cx.typeOf(arg);
    if (i === positional.length) {
      const max = positional.length;
      cx.report('MBP2016', arg.span, { callee, max, plural: max === 1 ? '' : 's', count: call.args.length }, {
        help: `pass the others by name: ${def.params.filter((q) => !q.positional).map((q) => `\`${q.name} = ...\``).slice(0, 4).join(', ')}`,
      });
    }
  });
  for (const n of call.named) {
    const p = def.params.find((q) => q.name === n.name.text);
    if (!p) {
      cx.typeOf(n.value);
      const extras = suggestName(n.name.text, def.params.map((q) => q.name), cx.file, n.name.span);
      cx.report('MBP2014', n.name.span, { callee, name: n.name.text }, {
        ...extras,
        help: extras.help ?? `parameters: ${def.params.map((q) => `\`${q.name}\``).join(', ')}`,
      });
      continue;
    }
    if (bound.has(p.name)) {
      cx.typeOf(n.value);
      // The same name twice is the parser's MBP1025; here only a name repeating a positional argument.
      if (byPosition.has(p.name)) cx.report('MBP2018', n.name.span, { name: p.name });
      continue;
    }
    bound.set(p.name, n.value);
  }
  for (const p of def.params) {
    const arg = bound.get(p.name);
    if (!arg) {
      if (p.required) cx.report('MBP2015', call.callee.span, { callee, name: p.name }, { help: `${p.name}: ${p.doc}` });
      continue;
    }
    // A workflow named by `std.workflow.call` is a reference, checked by the caller.
    if (p.reference === 'workflow') continue;
    const t = cx.typeOf(arg);
    if (!paramAccepts(p, t)) {
      const expected = [p.type, ...(p.alternatives ?? [])].map(typeToString).join(' or ');
      cx.report('MBP2040', arg.span, { what: `argument \`${p.name}\` of \`${callee}\``, expected, actual: typeToString(t) });
    } else if (p.enum) checkEnumValue(cx, arg, p.enum);
  }
  for (const g of def.groups ?? []) {
    const given = g.members.filter((m) => bound.has(m));
    const rule = g.rule === 'exactly-one' ? 'exactly one' : 'at most one';
    if ((g.rule === 'exactly-one' && given.length !== 1) || (g.rule === 'at-most-one' && given.length > 1)) {
      const second = given.length > 1 ? given[1]! : undefined;
      const at = second === undefined ? call.callee.span : (call.named.find((n) => n.name.text === second)?.name ?? bound.get(second)!).span;
      cx.report('MBP2035', at, { callee, rule, members: listChoices(g.members) }, { help: g.doc });
    }
  }
  return bound;
}
