import path from 'node:path';
import type { Call } from '../../../grammar/index.ts';
import { checkCall, FunctionError, T, type FileReader, type FunctionDef, type Value } from '../../../stdlib/index.ts';
import type { CheckContext, Inferred } from '../context.ts';

/**
 * A call of a built-in function: positional arguments only, checked with the
 * stdlib's `checkCall` (arity, argument types, generic rules). A pure call
 * whose arguments are all known is folded with the stdlib implementation;
 * one that fails on them is an error now rather than at run time.
 */
export function inferFunctionCall(cx: CheckContext, node: Call, def: FunctionDef, files: FileReader | undefined): Inferred {
  const argTypes = node.args.map((a) => cx.typeOf(a));
  for (const n of node.named) {
    cx.typeOf(n.value);
    cx.report('MBP2063', n.name.span, { detail: `function \`${def.name}\` takes positional arguments only` }, {
      help: `write \`${def.name}(…, value)\` without \`${n.name.text} =\``,
    });
  }
  const secret = node.args.some((a) => cx.isSecret(a));
  const checked = checkCall(def, argTypes);
  for (const p of checked.problems) {
    const arg = p.argIndex !== undefined ? node.args[p.argIndex] : undefined;
    if (arg) cx.report('MBP2046', arg.span, { detail: p.message });
    else cx.report('MBP2047', node.span, { detail: p.message });
  }
  if (checked.problems.length > 0 || node.named.length > 0) return { type: T.error, secret };
  const value = fold(cx, node, def, files);
  return { type: checked.type, secret, ...(value !== undefined ? { value } : {}) };
}

function fold(cx: CheckContext, node: Call, def: FunctionDef, files: FileReader | undefined): Value | undefined {
  if (!def.pure || (def.readsFiles && !files)) return undefined;
  const values: Value[] = [];
  for (const a of node.args) {
    const v = cx.valueOf(a);
    if (v === undefined) return undefined;
    values.push(v);
  }
  try {
    return def.impl(values, { baseDir: path.dirname(cx.file), ...(files ? { files } : {}) });
  } catch (error) {
    if (!(error instanceof FunctionError)) throw error;
    const arg = error.argIndex !== undefined ? node.args[error.argIndex] : undefined;
    cx.report('MBP2062', (arg ?? node).span, { detail: error.message });
    return undefined;
  }
}
