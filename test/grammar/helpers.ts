import type { Diagnostic } from '../../compiler/diagnostics/index.ts';
import { forEachChild, parse, type Expr, type Node, type ParseResult } from '../../grammar/index.ts';

/**
 * A compact, readable rendering of an AST for assertions:
 * `(Binary + (IntLit 1) (Binary * (IntLit 2) (IntLit 3)))`.
 * Names and literal values appear; spans do not.
 */
export function sexpr(node: Node): string {
  const head = [node.kind, ...detail(node)].join(' ');
  const children: string[] = [];
  forEachChild(node, (c) => children.push(sexpr(c)));
  return children.length === 0 ? `(${head})` : `(${head} ${children.join(' ')})`;
}

function detail(node: Node): string[] {
  switch (node.kind) {
    case 'Import': return [node.alias.text];
    case 'Param': case 'Secret': case 'Let': case 'Output': case 'OsTemplate': case 'Infrastructure':
    case 'Workflow': case 'WorkflowParam': case 'Attribute': case 'Step': case 'ObjectTypeField':
    case 'NamedArg': case 'Block': case 'TypeName': case 'Ref': case 'Member':
      return [node.name.text];
    case 'Hook': return [node.phase.text, ...(node.name !== undefined ? [node.name.text + '='] : [])];
    case 'Label': return [`${node.form}:${node.text}`];
    case 'ObjectEntry': return [node.quoted ? JSON.stringify(node.key.text) : node.key.text];
    case 'StringText': return [JSON.stringify(node.value)];
    case 'IntLit': case 'BoolLit': case 'DurationLit': case 'SizeLit': return [String(node.value)];
    case 'IpLit': return [node.address];
    case 'CidrLit': return [`${node.address}/${node.prefix}`];
    case 'Binary': case 'Unary': return [node.op];
    case 'ForExpr': return [...(node.keyVar !== undefined ? [node.keyVar.text] : []), node.valueVar.text];
    default: return [];
  }
}

/** Parses `let x = <source>` and renders the value. */
export function expr(source: string): string {
  const r = parse(`let x = ${source}`, 'test.mbp');
  const decl = r.module.declarations[0];
  if (decl?.kind !== 'Let') throw new Error(`no let parsed from ${source}: ${codesOf(r).join(',')}`);
  return sexpr(decl.value);
}

/** The value of `let x = <source>` as an AST node. */
export function exprNode(source: string): Expr {
  const decl = parse(`let x = ${source}`, 'test.mbp').module.declarations[0];
  if (decl?.kind !== 'Let') throw new Error(`no let parsed from ${source}`);
  return decl.value;
}

export function codesOf(r: ParseResult | { diagnostics: readonly Diagnostic[] }): string[] {
  return r.diagnostics.map((d) => d.code);
}

export function decls(source: string): string[] {
  return parse(source, 'test.mbp').module.declarations.map(sexpr);
}
