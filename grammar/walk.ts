import type { Node } from './ast.ts';

/** Calls `visit` on each direct child of `node`, in source order. */
export function forEachChild(node: Node, visit: (child: Node) => void): void {
  switch (node.kind) {
    case 'Module':
      node.declarations.forEach(visit);
      return;
    case 'Import':
      visit(node.path);
      return;
    case 'Param':
      visit(node.type);
      if (node.default !== undefined) visit(node.default);
      if (node.body !== undefined) visit(node.body);
      return;
    case 'Secret':
      if (node.type !== undefined) visit(node.type);
      return;
    case 'Let':
    case 'Output':
    case 'Attribute':
      visit(node.value);
      return;
    case 'OsTemplate':
    case 'Infrastructure':
      visit(node.body);
      return;
    case 'Workflow':
      node.params.forEach(visit);
      visit(node.body);
      return;
    case 'WorkflowParam':
      visit(node.type);
      if (node.default !== undefined) visit(node.default);
      return;
    case 'Body':
      node.entries.forEach(visit);
      return;
    case 'Block':
      node.labels.forEach(visit);
      visit(node.body);
      return;
    case 'Step':
    case 'Hook':
      visit(node.call);
      if (node.options !== undefined) visit(node.options);
      return;
    case 'ListType':
    case 'MapType':
      visit(node.element);
      return;
    case 'ObjectType':
      node.fields.forEach(visit);
      return;
    case 'ObjectTypeField':
      visit(node.type);
      return;
    case 'StringLit':
      node.parts.forEach(visit);
      return;
    case 'Interpolation':
    case 'Paren':
      visit(node.expr);
      return;
    case 'Member':
      visit(node.object);
      return;
    case 'Index':
      visit(node.object);
      visit(node.index);
      return;
    case 'Call':
      visit(node.callee);
      node.args.forEach(visit);
      node.named.forEach(visit);
      return;
    case 'NamedArg':
    case 'ObjectEntry':
      visit(node.value);
      return;
    case 'ListExpr':
      node.items.forEach(visit);
      return;
    case 'ObjectExpr':
      node.entries.forEach(visit);
      return;
    case 'ForExpr':
      visit(node.iterable);
      visit(node.body);
      if (node.filter !== undefined) visit(node.filter);
      return;
    case 'Conditional':
      visit(node.condition);
      visit(node.whenTrue);
      visit(node.whenFalse);
      return;
    case 'Binary':
      visit(node.left);
      visit(node.right);
      return;
    case 'Unary':
      visit(node.operand);
      return;
    case 'Label':
    case 'TypeName':
    case 'ErrorType':
    case 'StringText':
    case 'IntLit':
    case 'BoolLit':
    case 'NullLit':
    case 'DurationLit':
    case 'SizeLit':
    case 'IpLit':
    case 'CidrLit':
    case 'Ref':
    case 'ErrorExpr':
      return;
    default:
      assertNever(node);
  }
}

function assertNever(node: never): never {
  throw new Error(`unknown node kind ${(node as { kind: string }).kind}`);
}

/**
 * Visits `root` and its descendants depth-first, parents before children.
 * Returning `false` from `enter` skips the node's children; `leave`, when
 * given, runs after them.
 */
export function walk(
  root: Node,
  enter: (node: Node, parent: Node | undefined) => boolean | void,
  leave?: (node: Node, parent: Node | undefined) => void,
): void {
  // One callback for the whole walk, the parent kept on a stack: a closure per node would be
  // hundreds of thousands of allocations on a large file.
  const parents: Node[] = [];
  const visit = (node: Node): void => {
    const parent = parents.length > 0 ? parents[parents.length - 1] : undefined;
    if (enter(node, parent) === false) return;
    parents.push(node);
    forEachChild(node, visit);
    parents.pop();
    leave?.(node, parent);
  };
  visit(root);
}
