import { closestName, makeDiagnostic, type Diagnostic } from '../../diagnostics/index.ts';
import { typeToString as typeToText, type Value } from '../../../stdlib/index.ts';
import type { Binding, MbpSymbol } from '../../binder/index.ts';
import { coerceParamInput, type ParamInputs } from '../../params/index.ts';
import { paramDefault } from '../param-default.ts';
import { typeFromRef } from '../type-ref.ts';

export interface ParamValues {
  /** The coerced value of every param given one from outside. */
  readonly values: ReadonlyMap<MbpSymbol, Value>;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Values given with `--param`/`--params` for the params of the entry files:
 * each must name a declared param (did-you-mean) and read as its declared
 * type. With `requireAll`, a param with neither a default nor a value is an
 * error too (`mbp check` asks only when values are given at all).
 */
export function resolveParamValues(binding: Binding, inputs: ParamInputs, requireAll: boolean): ParamValues {
  const values = new Map<MbpSymbol, Value>();
  const diagnostics: Diagnostic[] = [];
  const byName = new Map<string, MbpSymbol[]>();
  const entries = binding.program.entries.filter((e) => binding.program.files.has(e));
  for (const file of entries) {
    for (const s of binding.moduleScope(file)?.symbols.values() ?? []) {
      if (s.kind !== 'param') continue;
      const list = byName.get(s.name);
      if (list) list.push(s);
      else byName.set(s.name, [s]);
    }
  }
  for (const [name, input] of inputs.values) {
    const symbols = byName.get(name);
    if (!symbols) {
      const file = input.origin === 'file' ? input.file : (entries[0] ?? binding.program.entries[0] ?? '');
      const best = closestName(name, byName.keys());
      const origin = input.origin === 'file' ? 'in the `--params` file' : `by \`--param ${name}=…\``;
      diagnostics.push(
        makeDiagnostic('MBP2032', file, { start: 0, end: 0 }, { name }, {
          help: best ? `did you mean \`${best}\`? (the value is given ${origin})` : `the value is given ${origin}; declared params: ${[...byName.keys()].map((n) => `\`${n}\``).join(', ') || 'none'}`,
        }),
      );
      continue;
    }
    for (const s of symbols) {
      const decl = s.declaration;
      if (decl?.kind !== 'Param') continue;
      const type = typeFromRef(decl.type);
      if (type.kind === 'error') continue;
      const r = coerceParamInput(type, input);
      if (r.ok) values.set(s, r.value);
      else diagnostics.push(makeDiagnostic('MBP2060', s.file, decl.name.span, { name, type: typeToText(type), reason: r.reason }));
    }
  }
  if (requireAll) {
    for (const symbols of byName.values()) {
      for (const s of symbols) {
        const decl = s.declaration;
        if (decl?.kind === 'Param' && !values.has(s) && !paramDefault(decl) && !inputs.values.has(s.name)) {
          diagnostics.push(makeDiagnostic('MBP2033', s.file, decl.name.span, { name: s.name }));
        }
      }
    }
  }
  return { values, diagnostics };
}
