import type { CstElement, CstNode, IToken } from 'chevrotain';
import { closestName, makeDiagnostic, type Diagnostic } from '../compiler/diagnostics/index.ts';
import type * as A from './ast.ts';
import { BUILTIN_TYPE_NAMES } from './ast.ts';
import { docAbove, moduleDoc } from './doc-comments.ts';
import { dedentMultiline, type Piece } from './dedent.ts';
import { tokenEnd } from './lexer.ts';
import { decodeEscape, parseDuration, parseIpv4, parseIpv6, parseSize } from './literals.ts';
import { getParser } from './parser.ts';
import * as T from './tokens.ts';

/**
 * Builds the AST from the CST with a Chevrotain visitor, one method per
 * grammar rule. Literal values are computed here (ipaddr.js canonicalises
 * addresses); their validity was checked by the layout pass, which
 * reported the invalid ones, so those become silent `ErrorExpr`s. The few
 * checks that need a whole construct are made here: argument order,
 * duplicate names and keys, plain-string labels, known type names.
 * Partial CSTs from error recovery are expected: a missing piece becomes
 * an `ErrorExpr` or `ErrorType`.
 *
 * Where the child rule is known its method is called directly (cheaper
 * than `visit`'s lookup by name); `visit` dispatches where it varies.
 */

type Ctx = Record<string, CstElement[] | undefined>;

const BaseVisitor = getParser().getBaseCstVisitorConstructorWithDefaults();

const PRECEDENCE: Readonly<Record<A.BinaryOp, number>> = {
  '||': 1,
  '&&': 2,
  '==': 3, '!=': 3,
  '<': 4, '<=': 4, '>': 4, '>=': 4,
  '+': 5, '-': 5,
  '*': 6, '/': 6, '%': 6,
};

const TYPE_CONSTRUCTORS = ['list', 'map', 'object'];

/** Binary or prefix operators allowed in one expression (keeps the tree shallow enough for recursive walks). */
const MAX_OPERATORS = 256;

function tok(ctx: Ctx, key: string, i = 0): IToken | undefined {
  return ctx[key]?.[i] as IToken | undefined;
}

function node(ctx: Ctx, key: string, i = 0): CstNode | undefined {
  return ctx[key]?.[i] as CstNode | undefined;
}

function nodes(ctx: Ctx, key: string): CstNode[] {
  return (ctx[key] ?? []) as CstNode[];
}

function tokens(ctx: Ctx, key: string): IToken[] {
  return (ctx[key] ?? []) as IToken[];
}

function nameOf(t: IToken): A.Name {
  return { text: t.image, span: { start: t.startOffset, end: tokenEnd(t) } };
}

function span(start: number, end: number): A.Span {
  return { start, end };
}

function errorExpr(at: number): A.ErrorExpr {
  return { kind: 'ErrorExpr', span: span(at, at) };
}

function errorType(at: number): A.ErrorType {
  return { kind: 'ErrorType', span: span(at, at) };
}

function byStart(a: { span: A.Span }, b: { span: A.Span }): number {
  return a.span.start - b.span.start;
}

export interface AstInput {
  readonly cst: CstNode;
  readonly text: string;
  readonly file: string;
  /** Comment tokens in source order (for `///` and `//!` docs). */
  readonly comments: readonly IToken[];
  /** Literal tokens the layout pass already reported as invalid. */
  readonly invalidLiterals: ReadonlySet<IToken>;
}

export function buildAst(input: AstInput): { module: A.Module; diagnostics: Diagnostic[] } {
  const builder = new AstBuilder(input);
  const module = builder.visit(input.cst) as A.Module;
  return { module, diagnostics: builder.diagnostics };
}

class AstBuilder extends BaseVisitor {
  readonly diagnostics: Diagnostic[] = [];
  private readonly text: string;
  private readonly file: string;
  private readonly comments: readonly IToken[];
  private readonly invalidLiterals: ReadonlySet<IToken>;

  constructor(input: AstInput) {
    super();
    this.text = input.text;
    this.file = input.file;
    this.comments = input.comments;
    this.invalidLiterals = input.invalidLiterals;
  }

  // Optional properties are always set, possibly to undefined, so every node of a kind has one shape.

  private doc(start: number): string | undefined {
    return this.comments.length === 0 ? undefined : docAbove(this.text, this.comments, start);
  }

  private expr(n: CstNode | undefined, fallbackAt: number): A.Expr {
    return n === undefined ? errorExpr(fallbackAt) : this.expression(n.children);
  }

  // ---- declarations --------------------------------------------------------------

  module(ctx: Ctx): A.Module {
    const declarations: A.Declaration[] = [];
    for (const key of ['importDecl', 'paramDecl', 'secretDecl', 'letDecl', 'outputDecl', 'osTemplateDecl', 'infrastructureDecl', 'workflowDecl']) {
      for (const n of nodes(ctx, key)) declarations.push(this.visit(n) as A.Declaration);
    }
    declarations.sort(byStart);
    return {
      kind: 'Module',
      span: span(0, this.text.length),
      file: this.file,
      doc: moduleDoc(this.comments, declarations[0]?.span.start ?? Infinity),
      declarations,
    };
  }

  importDecl(ctx: Ctx): A.Import {
    const kw = tok(ctx, 'Import')!;
    const path = this.stringLiteral(node(ctx, 'stringLiteral')!.children);
    if (path.value === undefined) {
      this.diagnostics.push(makeDiagnostic('MBP1027', this.file, path.span, { what: 'an import path' }));
    }
    const alias = nameOf(tok(ctx, 'Identifier')!);
    return { kind: 'Import', span: span(kw.startOffset, alias.span.end), doc: this.doc(kw.startOffset), path, alias };
  }

  paramDecl(ctx: Ctx): A.Param {
    const kw = tok(ctx, 'Param')!;
    const name = nameOf(tok(ctx, 'Identifier')!);
    const colon = tok(ctx, 'Colon')!;
    const typeNode = node(ctx, 'typeRef');
    const type = typeNode === undefined ? errorType(tokenEnd(colon)) : this.typeRef(typeNode.children);
    let end = type.span.end;
    let def: A.Expr | undefined;
    let body: A.Body | undefined;
    const eq = tok(ctx, 'Equals');
    if (eq !== undefined) {
      def = this.expr(node(ctx, 'expression'), tokenEnd(eq));
      end = Math.max(tokenEnd(eq), def.span.end);
    }
    const bodyNode = node(ctx, 'body');
    if (bodyNode !== undefined) {
      body = this.body(bodyNode.children);
      end = body.span.end;
    }
    return {
      kind: 'Param',
      span: span(kw.startOffset, Math.max(end, tokenEnd(colon))),
      doc: this.doc(kw.startOffset),
      name,
      type,
      default: def,
      body,
    };
  }

  secretDecl(ctx: Ctx): A.Secret {
    const kw = tok(ctx, 'Secret')!;
    const name = nameOf(tok(ctx, 'Identifier')!);
    const typeNode = node(ctx, 'typeRef');
    const type = typeNode === undefined ? undefined : this.typeRef(typeNode.children);
    return {
      kind: 'Secret',
      span: span(kw.startOffset, type?.span.end ?? name.span.end),
      doc: this.doc(kw.startOffset),
      name,
      type,
    };
  }

  letDecl(ctx: Ctx): A.Let {
    return { kind: 'Let', ...this.namedValue(ctx, 'Let') };
  }

  outputDecl(ctx: Ctx): A.Output {
    return { kind: 'Output', ...this.namedValue(ctx, 'Output') };
  }

  private namedValue(ctx: Ctx, keyword: string): { span: A.Span; doc?: string; name: A.Name; value: A.Expr } {
    const kw = tok(ctx, keyword)!;
    const name = nameOf(tok(ctx, 'Identifier')!);
    const eq = tok(ctx, 'Equals')!;
    const value = this.expr(node(ctx, 'expression'), tokenEnd(eq));
    return { span: span(kw.startOffset, Math.max(value.span.end, tokenEnd(eq))), doc: this.doc(kw.startOffset), name, value };
  }

  osTemplateDecl(ctx: Ctx): A.OsTemplate {
    return { kind: 'OsTemplate', ...this.namedBody(ctx, 'OsTemplate') };
  }

  infrastructureDecl(ctx: Ctx): A.Infrastructure {
    return { kind: 'Infrastructure', ...this.namedBody(ctx, 'Infrastructure') };
  }

  private namedBody(ctx: Ctx, keyword: string): { span: A.Span; doc?: string; name: A.Name; body: A.Body } {
    const kw = tok(ctx, keyword)!;
    const name = nameOf(tok(ctx, 'Identifier')!);
    const body = this.body(node(ctx, 'body')!.children);
    return { span: span(kw.startOffset, body.span.end), doc: this.doc(kw.startOffset), name, body };
  }

  workflowDecl(ctx: Ctx): A.Workflow {
    const kw = tok(ctx, 'Workflow')!;
    const name = nameOf(tok(ctx, 'Identifier')!);
    const params = this.workflowParams(node(ctx, 'workflowParams')!.children);
    const body = this.body(node(ctx, 'body')!.children);
    return { kind: 'Workflow', span: span(kw.startOffset, body.span.end), doc: this.doc(kw.startOffset), name, params, body };
  }

  workflowParams(ctx: Ctx): A.WorkflowParam[] {
    return nodes(ctx, 'workflowParam').map((n) => this.workflowParam(n.children));
  }

  workflowParam(ctx: Ctx): A.WorkflowParam {
    const name = nameOf(tok(ctx, 'Identifier')!);
    const type = this.typeRef(node(ctx, 'typeRef')!.children);
    const eq = tok(ctx, 'Equals');
    const def = eq === undefined ? undefined : this.expr(node(ctx, 'expression'), tokenEnd(eq));
    return {
      kind: 'WorkflowParam',
      span: span(name.span.start, def?.span.end ?? type.span.end),
      name,
      type,
      default: def,
    };
  }

  // ---- bodies ------------------------------------------------------------------------

  body(ctx: Ctx): A.Body {
    const open = tok(ctx, 'LCurly')!;
    const entries: A.BodyEntry[] = [];
    for (const key of ['entry', 'stepDecl', 'hookDecl', 'outputDecl', 'letDecl']) {
      for (const n of nodes(ctx, key)) entries.push(this.visit(n) as A.BodyEntry);
    }
    entries.sort(byStart);
    const close = tok(ctx, 'RCurly');
    const end = close !== undefined ? tokenEnd(close) : (entries[entries.length - 1]?.span.end ?? tokenEnd(open));
    return { kind: 'Body', span: span(open.startOffset, end), entries };
  }

  entry(ctx: Ctx): A.Attribute | A.Block {
    const nameTok = tok(ctx, 'Identifier')!;
    const name = nameOf(nameTok);
    const doc = this.doc(nameTok.startOffset);
    const eq = tok(ctx, 'Equals');
    if (eq !== undefined) {
      const value = this.expr(node(ctx, 'expression'), tokenEnd(eq));
      return { kind: 'Attribute', span: span(name.span.start, Math.max(value.span.end, tokenEnd(eq))), doc, name, value };
    }
    const labels = nodes(ctx, 'label').map((n) => this.label(n.children));
    const body = this.body(node(ctx, 'body')!.children);
    return { kind: 'Block', span: span(name.span.start, body.span.end), doc, name, labels, body };
  }

  label(ctx: Ctx): A.Label {
    const id = tok(ctx, 'Identifier') ?? tok(ctx, 'IntLiteral');
    if (id !== undefined) {
      return {
        kind: 'Label',
        span: span(id.startOffset, tokenEnd(id)),
        form: id.tokenType === T.IntLiteral ? 'int' : 'name',
        text: id.image,
      };
    }
    const str = this.stringLiteral(node(ctx, 'stringLiteral')!.children);
    if (str.value === undefined) {
      this.diagnostics.push(makeDiagnostic('MBP1027', this.file, str.span, { what: 'a block label' }));
    }
    return { kind: 'Label', span: str.span, form: 'string', text: str.value ?? '' };
  }

  stepDecl(ctx: Ctx): A.Step {
    const kw = tok(ctx, 'Step')!;
    const name = nameOf(tok(ctx, 'Identifier')!);
    const eq = tok(ctx, 'Equals')!;
    const callNode = node(ctx, 'invocation');
    const call = callNode === undefined ? errorExpr(tokenEnd(eq)) : this.invocation(callNode.children);
    const optionsNode = node(ctx, 'body');
    const options = optionsNode === undefined ? undefined : this.body(optionsNode.children);
    return {
      kind: 'Step',
      span: span(kw.startOffset, options?.span.end ?? Math.max(call.span.end, tokenEnd(eq))),
      doc: this.doc(kw.startOffset),
      name,
      call,
      options,
    };
  }

  hookDecl(ctx: Ctx): A.Hook {
    const kw = tok(ctx, 'On')!;
    const phase = nameOf(tok(ctx, 'Identifier')!);
    const run = tok(ctx, 'Run')!;
    const nameTok = tok(ctx, 'Identifier', 1);
    const eq = tok(ctx, 'Equals');
    // Where the call should start: after `run`, or after `NAME =` when the hook is named.
    const head = eq !== undefined ? tokenEnd(eq) : nameTok !== undefined ? tokenEnd(nameTok) : tokenEnd(run);
    const callNode = node(ctx, 'invocation');
    const call = callNode === undefined ? errorExpr(head) : this.invocation(callNode.children);
    const optionsNode = node(ctx, 'body');
    const options = optionsNode === undefined ? undefined : this.body(optionsNode.children);
    return {
      kind: 'Hook',
      span: span(kw.startOffset, options?.span.end ?? Math.max(call.span.end, head)),
      doc: this.doc(kw.startOffset),
      phase,
      name: nameTok !== undefined ? nameOf(nameTok) : undefined,
      call,
      options,
    };
  }

  invocation(ctx: Ctx): A.Call {
    const first = tok(ctx, 'Identifier')!;
    let callee: A.Expr = { kind: 'Ref', span: span(first.startOffset, tokenEnd(first)), name: nameOf(first) };
    for (const member of tokens(ctx, 'Name')) {
      callee = { kind: 'Member', span: span(first.startOffset, tokenEnd(member)), object: callee, name: nameOf(member) };
    }
    return this.callWith(callee, node(ctx, 'args')!);
  }

  private callWith(callee: A.Expr, argsNode: CstNode): A.Call {
    const { args, named, end } = this.args(argsNode.children);
    return { kind: 'Call', span: span(callee.span.start, end), callee, args, named };
  }

  args(ctx: Ctx): { args: A.Expr[]; named: A.NamedArg[]; end: number } {
    const args: A.Expr[] = [];
    const named: A.NamedArg[] = [];
    const seen = new Set<string>();
    for (const n of nodes(ctx, 'argument')) {
      const arg = this.argument(n.children);
      if (arg.kind === 'NamedArg') {
        if (seen.has(arg.name.text)) {
          this.diagnostics.push(makeDiagnostic('MBP1025', this.file, arg.name.span, { name: arg.name.text }));
        }
        seen.add(arg.name.text);
        named.push(arg);
      } else {
        if (named.length > 0) this.diagnostics.push(makeDiagnostic('MBP1024', this.file, arg.span));
        args.push(arg);
      }
    }
    return { args, named, end: tokenEnd(tok(ctx, 'RParen')!) };
  }

  argument(ctx: Ctx): A.Expr | A.NamedArg {
    const nameTok = tok(ctx, 'Name');
    if (nameTok === undefined) return this.expression(node(ctx, 'expression')!.children);
    const value = this.expression(node(ctx, 'expression')!.children);
    return { kind: 'NamedArg', span: span(nameTok.startOffset, value.span.end), name: nameOf(nameTok), value };
  }

  // ---- types -----------------------------------------------------------------------------

  typeRef(ctx: Ctx): A.TypeRef {
    const nameTok = tok(ctx, 'Identifier')!;
    const name = nameOf(nameTok);
    const close = tok(ctx, 'RParen');
    const whole = span(name.span.start, close !== undefined ? tokenEnd(close) : name.span.end);
    const inner = node(ctx, 'typeRef');
    const objectNode = node(ctx, 'objectType');
    const invalid = (reason: string): A.ErrorType => {
      this.diagnostics.push(makeDiagnostic('MBP1030', this.file, whole, { reason }));
      return { kind: 'ErrorType', span: whole };
    };
    switch (name.text) {
      case 'list':
      case 'map': {
        if (inner === undefined) return invalid(`\`${name.text}\` needs an element type, e.g. \`${name.text}(string)\``);
        const element = this.typeRef(inner.children);
        return { kind: name.text === 'list' ? 'ListType' : 'MapType', span: whole, element };
      }
      case 'object': {
        if (objectNode === undefined) return invalid('`object` needs its fields, e.g. `object({ name = string })`');
        const fields = this.objectType(objectNode.children);
        return { kind: 'ObjectType', span: whole, fields };
      }
    }
    if (inner !== undefined || objectNode !== undefined) return invalid(`\`${name.text}\` takes no type argument`);
    if (!(BUILTIN_TYPE_NAMES as readonly string[]).includes(name.text)) {
      const best = closestName(name.text, [...BUILTIN_TYPE_NAMES, ...TYPE_CONSTRUCTORS]);
      const help = best !== undefined ? `did you mean \`${best}\`?` : `types are ${BUILTIN_TYPE_NAMES.join(', ')}, list(T), map(T) and object({...})`;
      this.diagnostics.push(makeDiagnostic('MBP1023', this.file, name.span, { name: name.text }, { help }));
    }
    return { kind: 'TypeName', span: whole, name };
  }

  objectType(ctx: Ctx): A.ObjectTypeField[] {
    const fields = nodes(ctx, 'objectTypeField').map((n) => this.objectTypeField(n.children));
    this.checkDuplicateKeys(fields.map((f) => f.name));
    return fields;
  }

  objectTypeField(ctx: Ctx): A.ObjectTypeField {
    const name = nameOf(tok(ctx, 'Name')!);
    const type = this.typeRef(node(ctx, 'typeRef')!.children);
    return { kind: 'ObjectTypeField', span: span(name.span.start, type.span.end), name, type };
  }

  private checkDuplicateKeys(keys: readonly A.Name[]): void {
    if (keys.length < 2) return;
    const seen = new Set<string>();
    for (const key of keys) {
      if (seen.has(key.text)) this.diagnostics.push(makeDiagnostic('MBP1026', this.file, key.span, { key: key.text }));
      seen.add(key.text);
    }
  }

  // ---- expressions ---------------------------------------------------------------------------

  expression(ctx: Ctx): A.Expr {
    // The first operand's parts sit in this node itself; the others are `operand` nodes.
    const ops = tokens(ctx, 'BinaryOperator');
    if (ops.length > MAX_OPERATORS) return this.tooLong(ops);
    const first = this.operand(ctx);
    const left = ops.length === 0 ? first : this.climb(first, nodes(ctx, 'operand'), ops);
    const question = tok(ctx, 'Question');
    if (question === undefined) return left;
    const branches = nodes(ctx, 'expression');
    const whenTrue = this.expr(branches[0], tokenEnd(question));
    const colon = tok(ctx, 'Colon');
    const whenFalse = this.expr(branches[1], colon !== undefined ? tokenEnd(colon) : whenTrue.span.end);
    return { kind: 'Conditional', span: span(left.span.start, whenFalse.span.end), condition: left, whenTrue, whenFalse };
  }

  /** Operator precedence over `first (op operand)*` (shunting-yard; all operators are left-associative). */
  private climb(first: A.Expr, operandNodes: CstNode[], ops: IToken[]): A.Expr {
    const values: A.Expr[] = [first];
    const pending: IToken[] = [];
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      const precedence = PRECEDENCE[op.image as A.BinaryOp];
      while (pending.length > 0 && PRECEDENCE[pending[pending.length - 1]!.image as A.BinaryOp] >= precedence) {
        reduceBinary(values, pending);
      }
      pending.push(op);
      values.push(this.operand(operandNodes[i]!.children));
    }
    while (pending.length > 0) reduceBinary(values, pending);
    return values[0]!;
  }

  /** Operator chains this long are no real blueprint, and their tree would be too deep for recursive walks. */
  private tooLong(ops: readonly IToken[]): A.ErrorExpr {
    const s = span(ops[0]!.startOffset, tokenEnd(ops[ops.length - 1]!));
    this.diagnostics.push(makeDiagnostic('MBP1032', this.file, s, { limit: String(MAX_OPERATORS) }));
    return { kind: 'ErrorExpr', span: s };
  }

  operand(ctx: Ctx): A.Expr {
    const prefixOps = tokens(ctx, 'PrefixOperator');
    if (prefixOps.length > MAX_OPERATORS) return this.tooLong(prefixOps);
    let result = this.primary(ctx);
    const postfixes = nodes(ctx, 'postfix');
    if (postfixes.length > MAX_OPERATORS) {
      this.diagnostics.push(makeDiagnostic('MBP1032', this.file, result.span, { limit: String(MAX_OPERATORS) }));
      return { kind: 'ErrorExpr', span: result.span };
    }
    for (const p of postfixes) result = this.applyPostfix(result, p);
    const prefixes = tokens(ctx, 'PrefixOperator');
    for (let i = prefixes.length - 1; i >= 0; i--) {
      const op = prefixes[i]!;
      result = { kind: 'Unary', span: span(op.startOffset, result.span.end), op: op.image as '-' | '!', operand: result };
    }
    return result;
  }

  private primary(ctx: Ctx): A.Expr {
    const literal = tok(ctx, 'Literal');
    if (literal !== undefined) return this.literal(literal);
    const id = tok(ctx, 'Identifier');
    if (id !== undefined) return { kind: 'Ref', span: span(id.startOffset, tokenEnd(id)), name: nameOf(id) };
    for (const key of ['stringLiteral', 'forExpr', 'listExpr', 'objectExpr', 'parenExpr']) {
      const n = node(ctx, key);
      if (n !== undefined) return this.visit(n) as A.Expr;
    }
    throw new Error('operand without a primary');
  }

  private applyPostfix(object: A.Expr, p: CstNode): A.Expr {
    const ctx = p.children as Ctx;
    const member = tok(ctx, 'Name');
    if (member !== undefined) {
      return { kind: 'Member', span: span(object.span.start, tokenEnd(member)), object, name: nameOf(member) };
    }
    const argsNode = node(ctx, 'args');
    if (argsNode !== undefined) return this.callWith(object, argsNode);
    const index = this.expression(node(ctx, 'expression')!.children);
    return { kind: 'Index', span: span(object.span.start, tokenEnd(tok(ctx, 'RBracket')!)), object, index };
  }

  private literal(t: IToken): A.Expr {
    const s = span(t.startOffset, tokenEnd(t));
    const text = t.image;
    // Invalid literals were reported by the layout pass (they are lexical errors).
    if (this.invalidLiterals.has(t)) return { kind: 'ErrorExpr', span: s };
    switch (t.tokenType) {
      case T.True:
      case T.False:
        return { kind: 'BoolLit', span: s, value: t.tokenType === T.True };
      case T.Null:
        return { kind: 'NullLit', span: s };
      case T.IntLiteral:
        return { kind: 'IntLit', span: s, value: Number(text) };
      case T.DurationLiteral: {
        const r = parseDuration(text);
        return r.ok ? { kind: 'DurationLit', span: s, value: r.value, text } : { kind: 'ErrorExpr', span: s };
      }
      case T.SizeLiteral: {
        const r = parseSize(text);
        return r.ok ? { kind: 'SizeLit', span: s, value: r.value, text } : { kind: 'ErrorExpr', span: s };
      }
      case T.Ipv4Literal:
      case T.Ipv6Literal: {
        const r = t.tokenType === T.Ipv4Literal ? parseIpv4(text) : parseIpv6(text);
        if (!r.ok) return { kind: 'ErrorExpr', span: s };
        const { family, address, prefix } = r.value;
        return prefix === undefined
          ? { kind: 'IpLit', span: s, family, address, text }
          : { kind: 'CidrLit', span: s, family, address, prefix, text };
      }
      default:
        return { kind: 'ErrorExpr', span: s };
    }
  }

  forExpr(ctx: Ctx): A.ForExpr {
    const open = tok(ctx, 'LBracket')!;
    const vars = tokens(ctx, 'Identifier');
    const [iterable, body, filter] = nodes(ctx, 'expression').map((n) => this.expression(n.children));
    const valueVar = nameOf(vars[vars.length - 1]!);
    return {
      kind: 'ForExpr',
      span: span(open.startOffset, tokenEnd(tok(ctx, 'RBracket')!)),
      keyVar: vars.length === 2 ? nameOf(vars[0]!) : undefined,
      valueVar,
      iterable: iterable!,
      body: body!,
      filter,
    };
  }

  listExpr(ctx: Ctx): A.ListExpr {
    const open = tok(ctx, 'LBracket')!;
    const items = nodes(ctx, 'expression').map((n) => this.expression(n.children));
    return { kind: 'ListExpr', span: span(open.startOffset, tokenEnd(tok(ctx, 'RBracket')!)), items };
  }

  objectExpr(ctx: Ctx): A.ObjectExpr {
    const open = tok(ctx, 'LCurly')!;
    const entries = nodes(ctx, 'objectEntry').map((n) => this.objectEntry(n.children));
    this.checkDuplicateKeys(entries.map((e) => e.key));
    const close = tok(ctx, 'RCurly');
    const end = close !== undefined ? tokenEnd(close) : (entries[entries.length - 1]?.span.end ?? tokenEnd(open));
    return { kind: 'ObjectExpr', span: span(open.startOffset, end), entries };
  }

  objectEntry(ctx: Ctx): A.ObjectEntry {
    const nameTok = tok(ctx, 'Name');
    let key: A.Name;
    if (nameTok !== undefined) {
      key = nameOf(nameTok);
    } else {
      const str = this.stringLiteral(node(ctx, 'stringLiteral')!.children);
      if (str.value === undefined) {
        this.diagnostics.push(makeDiagnostic('MBP1027', this.file, str.span, { what: 'an object key' }));
      }
      key = { text: str.value ?? '', span: str.span };
    }
    const value = this.expression(node(ctx, 'expression')!.children);
    return { kind: 'ObjectEntry', span: span(key.span.start, value.span.end), key, quoted: nameTok === undefined, value };
  }

  parenExpr(ctx: Ctx): A.Paren {
    const open = tok(ctx, 'LParen')!;
    const expr = this.expression(node(ctx, 'expression')!.children);
    return { kind: 'Paren', span: span(open.startOffset, tokenEnd(tok(ctx, 'RParen')!)), expr };
  }

  // ---- strings -----------------------------------------------------------------------------

  stringLiteral(ctx: Ctx): A.StringLit {
    const multiline = tok(ctx, 'HeredocStart') !== undefined;
    const open = (tok(ctx, 'StringStart') ?? tok(ctx, 'HeredocStart'))!;
    const close = (tok(ctx, 'StringEnd') ?? tok(ctx, 'HeredocEnd'))!;
    const whole = span(open.startOffset, Math.max(tokenEnd(close), tokenEnd(open)));
    const pieces = this.pieces(ctx);
    const parts = multiline ? dedentMultiline(pieces) : mergeText(pieces);
    return { kind: 'StringLit', span: whole, parts, value: plainValue(parts), multiline };
  }

  /** The string's text, escapes and interpolations in source order. */
  private pieces(ctx: Ctx): Piece[] {
    const pieces: Piece[] = [];
    for (const t of [...tokens(ctx, 'StringText'), ...tokens(ctx, 'HeredocText')]) {
      pieces.push({ kind: 'text', value: t.image, start: t.startOffset, end: tokenEnd(t), raw: true });
    }
    for (const t of tokens(ctx, 'DollarEscape')) {
      pieces.push({ kind: 'text', value: '${', start: t.startOffset, end: tokenEnd(t), raw: false });
    }
    for (const t of tokens(ctx, 'StringEscape')) {
      // An invalid escape was reported by the layout pass; its text stays as written.
      const decoded = decodeEscape(t.image);
      pieces.push({ kind: 'text', value: decoded ?? t.image, start: t.startOffset, end: tokenEnd(t), raw: false });
    }
    for (const n of nodes(ctx, 'interpolation')) pieces.push({ kind: 'interpolation', node: this.interpolation(n.children) });
    if (pieces.length > 1) pieces.sort((a, b) => pieceStart(a) - pieceStart(b));
    return pieces;
  }

  interpolation(ctx: Ctx): A.Interpolation {
    const open = tok(ctx, 'InterpolationStart')!;
    const expr = this.expression(node(ctx, 'expression')!.children);
    return { kind: 'Interpolation', span: span(open.startOffset, tokenEnd(tok(ctx, 'RCurly')!)), expr };
  }
}

function pieceStart(p: Piece): number {
  return p.kind === 'text' ? p.start : p.node.span.start;
}

/** The text of a string without interpolation. */
function plainValue(parts: readonly A.StringPart[]): string | undefined {
  if (parts.length === 0) return '';
  if (parts.length === 1) return parts[0]!.kind === 'StringText' ? parts[0]!.value : undefined;
  let value = '';
  for (const p of parts) {
    if (p.kind !== 'StringText') return undefined;
    value += p.value;
  }
  return value;
}

/** Replaces the last two values by a `Binary` of the last pending operator. */
function reduceBinary(values: A.Expr[], pending: IToken[]): void {
  const op = pending.pop()!;
  const right = values.pop()!;
  const left = values.pop()!;
  values.push({
    kind: 'Binary',
    span: span(left.span.start, right.span.end),
    op: op.image as A.BinaryOp,
    opSpan: span(op.startOffset, tokenEnd(op)),
    left,
    right,
  });
}

/** Adjacent text pieces of a one-line string become one `StringText`. */
function mergeText(pieces: readonly Piece[]): A.StringPart[] {
  const parts: A.StringPart[] = [];
  let value = '';
  let start = -1;
  let end = -1;
  for (const p of pieces) {
    if (p.kind === 'interpolation') {
      if (start >= 0) parts.push({ kind: 'StringText', span: span(start, end), value });
      start = -1;
      value = '';
      parts.push(p.node);
    } else {
      if (start < 0) start = p.start;
      value += p.value;
      end = p.end;
    }
  }
  if (start >= 0) parts.push({ kind: 'StringText', span: span(start, end), value });
  return parts;
}
