import { MarkupKind, type SignatureHelp, type SignatureInformation } from 'vscode-languageserver';
import type { CheckedProgram } from '../../compiler/checker/index.ts';
import type { Module } from '../../grammar/index.ts';
import { signatureText, stepSignatureText } from '../../stdlib/index.ts';
import { calleeTarget, workflowParamsOf, type CalleeTarget } from './callees.ts';
import { cursorContext } from './cursor-context.ts';
import type { OffsetMap } from './offset-map.ts';
import { functionDoc, stepDoc } from './stdlib-docs.ts';

/**
 * The `[start, end)` of each parameter in a signature label such as
 * `std.ssh.exec(target: instance | ip, command: string) → object({...})`:
 * the parameter list is split at its top-level commas.
 */
export function parameterRanges(label: string): [number, number][] {
  const open = label.indexOf('(');
  if (open < 0) return [];
  const out: [number, number][] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < label.length; i++) {
    const c = label[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (c === ')' || (c === ',' && depth === 0)) {
      if (i > start) out.push([start, i]);
      if (c === ')') return out;
      start = i + 2;
    }
  }
  return out;
}

interface Shape {
  readonly label: string;
  readonly doc: string;
  readonly names: readonly string[];
  /** Index of the parameter that takes any further arguments (variadic functions). */
  readonly rest?: number;
}

function shapeOf(target: CalleeTarget): Shape {
  switch (target.kind) {
    case 'step':
      return { label: stepSignatureText(target.def), doc: stepDoc(target.def), names: target.def.params.map((p) => p.name) };
    case 'function': {
      const names = target.def.params.map((p) => p.name);
      if (target.def.variadic) names.push(target.def.variadic.name);
      return { label: signatureText(target.def), doc: functionDoc(target.def), names, ...(target.def.variadic ? { rest: names.length - 1 } : {}) };
    }
    case 'workflow': {
      const params = workflowParamsOf(target.workflow);
      const label = `${target.symbol.name}(${params.map((p) => `${p.name}${p.required ? '' : '?'}: ${p.type}`).join(', ')})`;
      return { label, doc: target.symbol.doc ?? '', names: params.map((p) => p.name) };
    }
  }
}

/**
 * Signature help inside the parentheses of a call: a step kind, a function
 * or a workflow. `null` when there is none; undefined when the analysis is
 * too old for the position (see `cursorContext`).
 */
export function signatureHelp(text: string, module: Module, checked: CheckedProgram, offset: number, map?: OffsetMap): SignatureHelp | null | undefined {
  const cx = cursorContext(text, module, offset, map);
  if (!cx) return undefined;
  const call = cx.call;
  if (!call) return null;
  const target = calleeTarget(checked, cx.path, call);
  if (!target) return null;
  const shape = shapeOf(target);
  const ranges = parameterRanges(shape.label);
  let active = call.named !== undefined ? shape.names.indexOf(call.named) : call.argIndex;
  if (shape.rest !== undefined && active > shape.rest) active = shape.rest;
  const signature: SignatureInformation = {
    label: shape.label,
    documentation: { kind: MarkupKind.Markdown, value: shape.doc },
    parameters: ranges.map((r) => ({ label: r })),
  };
  return { signatures: [signature], activeSignature: 0, activeParameter: active >= 0 ? active : 0 };
}
