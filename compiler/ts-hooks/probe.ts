import type { TextRange } from '../diagnostics/index.ts';
import type { Type } from '../../stdlib/index.ts';
import { isUnknownType, propertyKey, tsTypeText, type Constants, type UnsupportedField } from './map-type.ts';

/**
 * The probe: a TypeScript file beside the hook that calls it the way the
 * runtime will, `hook(args, ctx)`, with an object literal standing for the
 * blueprint's `args`. A literal (not a variable) so TypeScript applies its
 * excess-property check, as it would to `register({ … })` written by hand.
 * Each field's mapped type is also declared as an alias, so the explanation
 * can compare it field by field.
 */

/** A node of the `args` value: one alias each, children for objects written as literals. */
export interface ProbeNode {
  readonly path: readonly string[];
  readonly type: Type;
  /** Name of the alias declaring this node's mapped type. */
  readonly alias: string;
  /** The mapped type's text, as shown in messages. */
  readonly text: string;
  readonly optional: boolean;
  /** Present when the node is written as an object literal. */
  readonly children?: readonly ProbeNode[];
}

export interface Probe {
  readonly text: string;
  readonly root: ProbeNode;
  readonly unsupported: readonly UnsupportedField[];
  /** The expression naming the export (its type is the hook's). */
  readonly callee: TextRange;
  /** Present once the call is written: where the `args` and `ctx` arguments are. */
  readonly argsRange?: TextRange;
  readonly ctxRange?: TextRange;
}

export const PROBE_FILE_NAME = '__mbp_hook_probe__.ts';
export const HOOKS_API_SPECIFIER = 'metal-blueprint/hooks';

interface Builder {
  aliases: string[];
  constants: Constants;
  unsupported: UnsupportedField[];
}

function node(b: Builder, type: Type, path: readonly string[], optional: boolean): ProbeNode {
  const alias = `__mbp_T${b.aliases.length}`;
  // The root's text covers every field, so only it collects the unsupported ones (once each).
  const text = tsTypeText(type, path, b.constants, path.length === 0 ? b.unsupported : []);
  b.aliases.push(`type ${alias} = ${text};`);
  // Only required fields can be written as literals: an optional one may be absent or undefined.
  const literal = type.kind === 'object' && !optional && !isUnknownType(type);
  const children = literal
    ? Object.entries(type.fields).map(([name, f]) => node(b, f.type, [...path, name], f.optional))
    : undefined;
  return { path, type, alias, text, optional, ...(children ? { children } : {}) };
}

function literalText(n: ProbeNode): string {
  if (!n.children) return `__mbp<${n.alias}${n.optional ? ' | undefined' : ''}>()`;
  if (n.children.length === 0) return '{}';
  return `{ ${n.children.map((c) => `${propertyKey(c.path[c.path.length - 1] as string)}: ${literalText(c)}`).join(', ')} }`;
}

export function buildProbe(
  hookFileName: string,
  exportName: string,
  argsType: Type,
  constants: Constants,
  argCount?: number,
): Probe {
  const b: Builder = { aliases: [], constants, unsupported: [] };
  const root = node(b, argsType, [], false);
  let text =
    `import type { HookContext, Instance } from ${JSON.stringify(HOOKS_API_SPECIFIER)};\n` +
    `import * as __mbp_m from ${JSON.stringify(`./${hookFileName}`)};\n` +
    `declare function __mbp<T>(): T;\n` +
    `${b.aliases.join('\n')}\n`;
  const calleeText = `__mbp_m[${JSON.stringify(exportName)}]`;
  text += 'const __mbp_hook = ';
  const callee = { start: text.length, end: text.length + calleeText.length };
  text += `${calleeText};\n`;
  if (argCount === undefined) return { text, root, unsupported: b.unsupported, callee };
  text += '__mbp_hook(';
  let argsRange: TextRange | undefined;
  let ctxRange: TextRange | undefined;
  if (argCount >= 1) {
    const args = literalText(root);
    argsRange = { start: text.length, end: text.length + args.length };
    text += args;
  }
  if (argCount >= 2) {
    text += ', ';
    const ctx = '__mbp<HookContext>()';
    ctxRange = { start: text.length, end: text.length + ctx.length };
    text += ctx;
  }
  text += ');\n';
  return {
    text,
    root,
    unsupported: b.unsupported,
    callee,
    ...(argsRange ? { argsRange } : {}),
    ...(ctxRange ? { ctxRange } : {}),
  };
}
