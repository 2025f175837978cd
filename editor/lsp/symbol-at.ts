import type { MbpSymbol } from '../../compiler/binder/index.ts';
import type { CheckedProgram } from '../../compiler/checker/index.ts';
import { fieldsOf, stdPathOf } from '../../compiler/checker/index.ts';
import { attributeOf, schemaFor, type BlockKind } from '../../compiler/schemas/index.ts';
import type { Module, Name, Node, Span } from '../../grammar/index.ts';
import { lookupFunction, type EnumName, type ObjectField, type StepParam } from '../../stdlib/index.ts';
import { calleeTarget } from './callees.ts';
import { blockPathAt, nodePathAt, touches } from './syntax-path.ts';

/** What the cursor is on, for hover, definition, references and rename. */
export type Target =
  | { readonly kind: 'symbol'; readonly symbol: MbpSymbol; readonly span: Span; readonly declaration: boolean }
  | { readonly kind: 'std'; readonly path: string; readonly span: Span }
  | { readonly kind: 'function'; readonly name: string; readonly span: Span }
  | { readonly kind: 'attribute'; readonly block: BlockKind; readonly name: string; readonly span: Span }
  | { readonly kind: 'block'; readonly parent: BlockKind | undefined; readonly name: string; readonly span: Span }
  | { readonly kind: 'field'; readonly name: string; readonly field: ObjectField; readonly span: Span }
  | { readonly kind: 'step-param'; readonly step: string; readonly param: StepParam; readonly span: Span }
  | { readonly kind: 'enum'; readonly enumName: EnumName; readonly value: string; readonly span: Span }
  | { readonly kind: 'phase'; readonly value: string; readonly span: Span }
  | { readonly kind: 'import'; readonly file: string; readonly span: Span };

const ROOT_KEYWORDS: Readonly<Record<string, string>> = {
  Infrastructure: 'infrastructure',
  OsTemplate: 'os_template',
  Workflow: 'workflow',
  Param: 'param',
  Step: 'step',
  Hook: 'on',
};

function on(name: Name | undefined, offset: number): name is Name {
  return name !== undefined && touches(name.span, offset);
}

/** The target at `offset` of `module` (a file of `checked`), or undefined on whitespace, punctuation and literals. */
export function targetAt(checked: CheckedProgram, module: Module, offset: number): Target | undefined {
  const path = nodePathAt(module, offset);
  // The text of a string stands for the string.
  if (path[path.length - 1]?.kind === 'StringText') path.pop();
  const node = path[path.length - 1]!;
  const parent = path[path.length - 2];
  const symbolTarget = (key: Node | Name, span: Span, declaration: boolean): Target | undefined => {
    const symbol = checked.resolve(key);
    return symbol ? { kind: 'symbol', symbol, span, declaration } : undefined;
  };
  const keyword = ROOT_KEYWORDS[node.kind];
  if (keyword !== undefined && touches({ start: node.span.start, end: node.span.start + keyword.length }, offset) && !('name' in node && on(node.name as Name, offset))) {
    return { kind: 'block', parent: undefined, name: keyword, span: { start: node.span.start, end: node.span.start + keyword.length } };
  }
  switch (node.kind) {
    case 'Ref': {
      if (!on(node.name, offset)) return undefined;
      const symbol = checked.resolve(node);
      if (symbol?.kind === 'std') return { kind: 'std', path: 'std', span: node.name.span };
      if (symbol?.kind === 'function') return { kind: 'function', name: symbol.name, span: node.name.span };
      if (symbol) return { kind: 'symbol', symbol, span: node.name.span, declaration: false };
      return lookupFunction(node.name.text) ? { kind: 'function', name: node.name.text, span: node.name.span } : undefined;
    }
    case 'Member': {
      if (!on(node.name, offset)) return undefined;
      const std = stdPathOf(node, checked.binding);
      if (std) return { kind: 'std', path: std.path, span: node.name.span };
      const resolved = symbolTarget(node, node.name.span, false);
      if (resolved) return resolved;
      const output = checked.binding.outputRead(node);
      if (output) return { kind: 'symbol', symbol: output, span: node.name.span, declaration: false };
      const objectType = checked.typeOf(node.object);
      const field = objectType.kind === 'map' ? { type: objectType.element, optional: false } : fieldsOf(objectType)?.[node.name.text];
      return field ? { kind: 'field', name: node.name.text, field, span: node.name.span } : undefined;
    }
    case 'NamedArg': {
      if (!on(node.name, offset)) return undefined;
      const resolved = symbolTarget(node, node.name.span, false);
      if (resolved) return resolved;
      const call = parent?.kind === 'Call' ? parent : undefined;
      const callee = call ? calleeChain(call.callee) : undefined;
      const target = callee ? calleeTarget(checked, path, { callee }) : undefined;
      const param = target?.kind === 'step' ? target.def.params.find((p) => p.name === node.name.text) : undefined;
      return param && target?.kind === 'step' ? { kind: 'step-param', step: target.def.name, param, span: node.name.span } : undefined;
    }
    case 'Attribute': {
      if (!on(node.name, offset)) return undefined;
      const kind = schemaFor(blockPathAt(path, offset) ?? [])?.kind;
      return kind ? { kind: 'attribute', block: kind, name: node.name.text, span: node.name.span } : undefined;
    }
    case 'Block': {
      if (!on(node.name, offset)) return undefined;
      return { kind: 'block', parent: schemaFor(blockPathAt(path, offset) ?? [])?.kind, name: node.name.text, span: node.name.span };
    }
    case 'Label':
      return parent?.kind === 'Block' && node.form === 'name' ? symbolTarget(parent, node.span, true) : undefined;
    case 'Hook':
      if (on(node.phase, offset)) return { kind: 'phase', value: node.phase.text, span: node.phase.span };
      return on(node.name, offset) ? symbolTarget(node, node.name.span, true) : undefined;
    case 'Import':
      return on(node.alias, offset) ? symbolTarget(node, node.alias.span, true) : undefined;
    case 'Param':
    case 'Secret':
    case 'Let':
    case 'Output':
    case 'OsTemplate':
    case 'Infrastructure':
    case 'Workflow':
    case 'WorkflowParam':
    case 'Step':
      return on(node.name, offset) ? symbolTarget(node, node.name.span, true) : undefined;
    case 'ForExpr':
      if (on(node.keyVar, offset)) return symbolTarget(node.keyVar, node.keyVar.span, true);
      return on(node.valueVar, offset) ? symbolTarget(node.valueVar, node.valueVar.span, true) : undefined;
    case 'StringLit': {
      if (parent?.kind === 'Import') {
        const file = checked.program.imports.get(parent);
        return file !== undefined ? { kind: 'import', file, span: node.span } : undefined;
      }
      if (parent?.kind !== 'Attribute' || node.value === undefined) return undefined;
      const kind = schemaFor(blockPathAt(path, offset) ?? [])?.kind;
      const enumName = kind ? attributeOf(kind, parent.name.text)?.enum : undefined;
      return enumName ? { kind: 'enum', enumName, value: node.value, span: node.span } : undefined;
    }
    default:
      return undefined;
  }
}

function calleeChain(expr: Node): string[] | undefined {
  if (expr.kind === 'Ref') return [expr.name.text];
  if (expr.kind === 'Member') {
    const inner = calleeChain(expr.object);
    return inner ? [...inner, expr.name.text] : undefined;
  }
  return undefined;
}
