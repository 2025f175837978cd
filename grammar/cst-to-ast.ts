import type { CstNode, IToken } from 'chevrotain';
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
 * an `ErrorExpr` or `ErrorType`, so every child may be absent.
 *
 * Lean on purpose, since it runs over hundreds of thousands of nodes: each
 * method reads its rule's children as fields of a typed context (one
 * property load per site, never a lookup by a computed key), calls the
 * method of the child rule directly instead of `visit`'s dispatch by name,
 * and builds no intermediate arrays or closures on the common paths.
 */

/** A rule's CST children: tokens under token type names, nodes under rule names. */
type Ctx<Tok extends string, Sub extends string = never> = { readonly [K in Tok]?: IToken[] } & { readonly [K in Sub]?: CstNode[] };

type PrimaryKeys = 'stringLiteral' | 'forExpr' | 'listExpr' | 'objectExpr' | 'parenExpr';
type OperandCtx = Ctx<'PrefixOperator' | 'Literal' | 'Identifier', PrimaryKeys | 'postfix'>;
type ExpressionCtx = OperandCtx & Ctx<'BinaryOperator' | 'Question' | 'Colon', 'operand' | 'expression'>;
type StringCtx = Ctx<
  'StringStart' | 'StringEnd' | 'HeredocStart' | 'HeredocEnd' | 'StringText' | 'HeredocText' | 'StringEscape' | 'DollarEscape',
  'interpolation'
>;
type ModuleCtx = Ctx<
  never,
  'importDecl' | 'paramDecl' | 'secretDecl' | 'letDecl' | 'outputDecl' | 'osTemplateDecl' | 'infrastructureDecl' | 'workflowDecl'
>;
type BodyCtx = Ctx<'LCurly' | 'RCurly', 'entry' | 'stepDecl' | 'hookDecl' | 'outputDecl' | 'letDecl'>;

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
  const module = builder.module(input.cst.children);
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

  module(ctx: ModuleCtx): A.Module {
    const declarations: A.Declaration[] = [];
    // Each list is in source order; only declarations of several kinds need sorting together.
    let kinds = 0;
    if (ctx.importDecl !== undefined) { kinds++; for (const n of ctx.importDecl) declarations.push(this.importDecl(n.children)); }
    if (ctx.paramDecl !== undefined) { kinds++; for (const n of ctx.paramDecl) declarations.push(this.paramDecl(n.children)); }
    if (ctx.secretDecl !== undefined) { kinds++; for (const n of ctx.secretDecl) declarations.push(this.secretDecl(n.children)); }
    if (ctx.letDecl !== undefined) { kinds++; for (const n of ctx.letDecl) declarations.push(this.letDecl(n.children)); }
    if (ctx.outputDecl !== undefined) { kinds++; for (const n of ctx.outputDecl) declarations.push(this.outputDecl(n.children)); }
    if (ctx.osTemplateDecl !== undefined) { kinds++; for (const n of ctx.osTemplateDecl) declarations.push(this.osTemplateDecl(n.children)); }
    if (ctx.infrastructureDecl !== undefined) { kinds++; for (const n of ctx.infrastructureDecl) declarations.push(this.infrastructureDecl(n.children)); }
    if (ctx.workflowDecl !== undefined) { kinds++; for (const n of ctx.workflowDecl) declarations.push(this.workflowDecl(n.children)); }
    if (kinds > 1) declarations.sort(byStart);
    return {
      kind: 'Module',
      span: span(0, this.text.length),
      file: this.file,
      doc: moduleDoc(this.comments, declarations[0]?.span.start ?? Infinity),
      declarations,
    };
  }

  importDecl(ctx: Ctx<'Import' | 'Identifier', 'stringLiteral'>): A.Import {
    const kw = ctx.Import![0]!;
    const path = this.stringLiteral(ctx.stringLiteral![0]!.children);
    if (path.value === undefined) {
      this.diagnostics.push(makeDiagnostic('MBP1027', this.file, path.span, { what: 'an import path' }));
    }
    const alias = nameOf(ctx.Identifier![0]!);
    return { kind: 'Import', span: span(kw.startOffset, alias.span.end), doc: this.doc(kw.startOffset), path, alias };
  }

  paramDecl(ctx: Ctx<'Param' | 'Identifier' | 'Colon' | 'Equals', 'typeRef' | 'expression' | 'body'>): A.Param {
    const kw = ctx.Param![0]!;
    const name = nameOf(ctx.Identifier![0]!);
    const colon = ctx.Colon![0]!;
    const typeNode = ctx.typeRef?.[0];
    const type = typeNode === undefined ? errorType(tokenEnd(colon)) : this.typeRef(typeNode.children);
    let end = type.span.end;
    let def: A.Expr | undefined;
    let body: A.Body | undefined;
    const eq = ctx.Equals?.[0];
    if (eq !== undefined) {
      def = this.expr(ctx.expression?.[0], tokenEnd(eq));
      end = Math.max(tokenEnd(eq), def.span.end);
    }
    const bodyNode = ctx.body?.[0];
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

  secretDecl(ctx: Ctx<'Secret' | 'Identifier', 'typeRef'>): A.Secret {
    const kw = ctx.Secret![0]!;
    const name = nameOf(ctx.Identifier![0]!);
    const typeNode = ctx.typeRef?.[0];
    const type = typeNode === undefined ? undefined : this.typeRef(typeNode.children);
    return {
      kind: 'Secret',
      span: span(kw.startOffset, type?.span.end ?? name.span.end),
      doc: this.doc(kw.startOffset),
      name,
      type,
    };
  }

  letDecl(ctx: Ctx<'Let' | 'Identifier' | 'Equals', 'expression'>): A.Let {
    const kw = ctx.Let![0]!;
    const name = nameOf(ctx.Identifier![0]!);
    const eq = ctx.Equals![0]!;
    const value = this.expr(ctx.expression?.[0], tokenEnd(eq));
    return { kind: 'Let', span: span(kw.startOffset, Math.max(value.span.end, tokenEnd(eq))), doc: this.doc(kw.startOffset), name, value };
  }

  outputDecl(ctx: Ctx<'Output' | 'Identifier' | 'Equals', 'expression'>): A.Output {
    const kw = ctx.Output![0]!;
    const name = nameOf(ctx.Identifier![0]!);
    const eq = ctx.Equals![0]!;
    const value = this.expr(ctx.expression?.[0], tokenEnd(eq));
    return { kind: 'Output', span: span(kw.startOffset, Math.max(value.span.end, tokenEnd(eq))), doc: this.doc(kw.startOffset), name, value };
  }

  osTemplateDecl(ctx: Ctx<'OsTemplate' | 'Identifier', 'body'>): A.OsTemplate {
    const kw = ctx.OsTemplate![0]!;
    const name = nameOf(ctx.Identifier![0]!);
    const body = this.body(ctx.body![0]!.children);
    return { kind: 'OsTemplate', span: span(kw.startOffset, body.span.end), doc: this.doc(kw.startOffset), name, body };
  }

  infrastructureDecl(ctx: Ctx<'Infrastructure' | 'Identifier', 'body'>): A.Infrastructure {
    const kw = ctx.Infrastructure![0]!;
    const name = nameOf(ctx.Identifier![0]!);
    const body = this.body(ctx.body![0]!.children);
    return { kind: 'Infrastructure', span: span(kw.startOffset, body.span.end), doc: this.doc(kw.startOffset), name, body };
  }

  workflowDecl(ctx: Ctx<'Workflow' | 'Identifier', 'workflowParams' | 'body'>): A.Workflow {
    const kw = ctx.Workflow![0]!;
    const name = nameOf(ctx.Identifier![0]!);
    const params = this.workflowParams(ctx.workflowParams![0]!.children);
    const body = this.body(ctx.body![0]!.children);
    return { kind: 'Workflow', span: span(kw.startOffset, body.span.end), doc: this.doc(kw.startOffset), name, params, body };
  }

  workflowParams(ctx: Ctx<never, 'workflowParam'>): A.WorkflowParam[] {
    const params: A.WorkflowParam[] = [];
    if (ctx.workflowParam !== undefined) for (const n of ctx.workflowParam) params.push(this.workflowParam(n.children));
    return params;
  }

  workflowParam(ctx: Ctx<'Identifier' | 'Equals', 'typeRef' | 'expression'>): A.WorkflowParam {
    const name = nameOf(ctx.Identifier![0]!);
    const type = this.typeRef(ctx.typeRef![0]!.children);
    const eq = ctx.Equals?.[0];
    const def = eq === undefined ? undefined : this.expr(ctx.expression?.[0], tokenEnd(eq));
    return {
      kind: 'WorkflowParam',
      span: span(name.span.start, def?.span.end ?? type.span.end),
      name,
      type,
      default: def,
    };
  }

  // ---- bodies ------------------------------------------------------------------------

  body(ctx: BodyCtx): A.Body {
    const open = ctx.LCurly![0]!;
    const entries: A.BodyEntry[] = [];
    // Each list is in source order; only entries of several kinds need sorting together.
    let kinds = 0;
    if (ctx.entry !== undefined) { kinds++; for (const n of ctx.entry) entries.push(this.entry(n.children)); }
    if (ctx.stepDecl !== undefined) { kinds++; for (const n of ctx.stepDecl) entries.push(this.stepDecl(n.children)); }
    if (ctx.hookDecl !== undefined) { kinds++; for (const n of ctx.hookDecl) entries.push(this.hookDecl(n.children)); }
    if (ctx.outputDecl !== undefined) { kinds++; for (const n of ctx.outputDecl) entries.push(this.outputDecl(n.children)); }
    if (ctx.letDecl !== undefined) { kinds++; for (const n of ctx.letDecl) entries.push(this.letDecl(n.children)); }
    if (kinds > 1) entries.sort(byStart);
    const close = ctx.RCurly?.[0];
    const end = close !== undefined ? tokenEnd(close) : (entries[entries.length - 1]?.span.end ?? tokenEnd(open));
    return { kind: 'Body', span: span(open.startOffset, end), entries };
  }

  entry(ctx: Ctx<'Identifier' | 'Equals', 'expression' | 'label' | 'body'>): A.Attribute | A.Block {
    const nameTok = ctx.Identifier![0]!;
    const name = nameOf(nameTok);
    const doc = this.doc(nameTok.startOffset);
    const eq = ctx.Equals?.[0];
    if (eq !== undefined) {
      const value = this.expr(ctx.expression?.[0], tokenEnd(eq));
      return { kind: 'Attribute', span: span(name.span.start, Math.max(value.span.end, tokenEnd(eq))), doc, name, value };
    }
    const labels: A.Label[] = [];
    if (ctx.label !== undefined) for (const n of ctx.label) labels.push(this.label(n.children));
    const body = this.body(ctx.body![0]!.children);
    return { kind: 'Block', span: span(name.span.start, body.span.end), doc, name, labels, body };
  }

  label(ctx: Ctx<'Identifier' | 'IntLiteral', 'stringLiteral'>): A.Label {
    const id = ctx.Identifier?.[0] ?? ctx.IntLiteral?.[0];
    if (id !== undefined) {
      return {
        kind: 'Label',
        span: span(id.startOffset, tokenEnd(id)),
        form: id.tokenType === T.IntLiteral ? 'int' : 'name',
        text: id.image,
      };
    }
    const str = this.stringLiteral(ctx.stringLiteral![0]!.children);
    if (str.value === undefined) {
      this.diagnostics.push(makeDiagnostic('MBP1027', this.file, str.span, { what: 'a block label' }));
    }
    return { kind: 'Label', span: str.span, form: 'string', text: str.value ?? '' };
  }

  stepDecl(ctx: Ctx<'Step' | 'Identifier' | 'Equals', 'invocation' | 'body'>): A.Step {
    const kw = ctx.Step![0]!;
    const name = nameOf(ctx.Identifier![0]!);
    const eq = ctx.Equals![0]!;
    const callNode = ctx.invocation?.[0];
    const call = callNode === undefined ? errorExpr(tokenEnd(eq)) : this.invocation(callNode.children);
    const optionsNode = ctx.body?.[0];
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

  hookDecl(ctx: Ctx<'On' | 'Identifier' | 'Run' | 'Equals', 'invocation' | 'body'>): A.Hook {
    const kw = ctx.On![0]!;
    const phase = nameOf(ctx.Identifier![0]!);
    const run = ctx.Run![0]!;
    const nameTok = ctx.Identifier![1];
    const eq = ctx.Equals?.[0];
    // Where the call should start: after `run`, or after `NAME =` when the hook is named.
    const head = eq !== undefined ? tokenEnd(eq) : nameTok !== undefined ? tokenEnd(nameTok) : tokenEnd(run);
    const callNode = ctx.invocation?.[0];
    const call = callNode === undefined ? errorExpr(head) : this.invocation(callNode.children);
    const optionsNode = ctx.body?.[0];
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

  invocation(ctx: Ctx<'Identifier' | 'Name', 'args'>): A.Call {
    const first = ctx.Identifier![0]!;
    let callee: A.Expr = { kind: 'Ref', span: span(first.startOffset, tokenEnd(first)), name: nameOf(first) };
    if (ctx.Name !== undefined) {
      for (const member of ctx.Name) {
        callee = { kind: 'Member', span: span(first.startOffset, tokenEnd(member)), object: callee, name: nameOf(member) };
      }
    }
    return this.args(ctx.args![0]!.children, callee);
  }

  /** The rule `args` applied to what is called. */
  args(ctx: Ctx<'RParen', 'argument'>, callee: A.Expr): A.Call {
    const args: A.Expr[] = [];
    const named: A.NamedArg[] = [];
    if (ctx.argument !== undefined) {
      for (const n of ctx.argument) {
        const arg = this.argument(n.children);
        if (arg.kind === 'NamedArg') {
          if (isNameTaken(named, named.length, arg.name.text)) {
            this.diagnostics.push(makeDiagnostic('MBP1025', this.file, arg.name.span, { name: arg.name.text }));
          }
          named.push(arg);
        } else {
          if (named.length > 0) this.diagnostics.push(makeDiagnostic('MBP1024', this.file, arg.span));
          args.push(arg);
        }
      }
    }
    return { kind: 'Call', span: span(callee.span.start, tokenEnd(ctx.RParen![0]!)), callee, args, named };
  }

  argument(ctx: Ctx<'Name', 'expression'>): A.Expr | A.NamedArg {
    const nameTok = ctx.Name?.[0];
    const value = this.expression(ctx.expression![0]!.children);
    if (nameTok === undefined) return value;
    return { kind: 'NamedArg', span: span(nameTok.startOffset, value.span.end), name: nameOf(nameTok), value };
  }

  // ---- types -----------------------------------------------------------------------------

  typeRef(ctx: Ctx<'Identifier' | 'RParen', 'typeRef' | 'objectType'>): A.TypeRef {
    const nameTok = ctx.Identifier![0]!;
    const name = nameOf(nameTok);
    const close = ctx.RParen?.[0];
    const whole = span(name.span.start, close !== undefined ? tokenEnd(close) : name.span.end);
    const inner = ctx.typeRef?.[0];
    const objectNode = ctx.objectType?.[0];
    switch (name.text) {
      case 'list':
      case 'map': {
        if (inner === undefined) return this.invalidType(whole, `\`${name.text}\` needs an element type, e.g. \`${name.text}(string)\``);
        const element = this.typeRef(inner.children);
        return { kind: name.text === 'list' ? 'ListType' : 'MapType', span: whole, element };
      }
      case 'object': {
        if (objectNode === undefined) return this.invalidType(whole, '`object` needs its fields, e.g. `object({ name = string })`');
        const fields = this.objectType(objectNode.children);
        return { kind: 'ObjectType', span: whole, fields };
      }
    }
    if (inner !== undefined || objectNode !== undefined) return this.invalidType(whole, `\`${name.text}\` takes no type argument`);
    if (!(BUILTIN_TYPE_NAMES as readonly string[]).includes(name.text)) {
      const best = closestName(name.text, [...BUILTIN_TYPE_NAMES, ...TYPE_CONSTRUCTORS]);
      const help = best !== undefined ? `did you mean \`${best}\`?` : `types are ${BUILTIN_TYPE_NAMES.join(', ')}, list(T), map(T) and object({...})`;
      this.diagnostics.push(makeDiagnostic('MBP1023', this.file, name.span, { name: name.text }, { help }));
    }
    return { kind: 'TypeName', span: whole, name };
  }

  private invalidType(whole: A.Span, reason: string): A.ErrorType {
    this.diagnostics.push(makeDiagnostic('MBP1030', this.file, whole, { reason }));
    return { kind: 'ErrorType', span: whole };
  }

  objectType(ctx: Ctx<never, 'objectTypeField'>): A.ObjectTypeField[] {
    const fields: A.ObjectTypeField[] = [];
    if (ctx.objectTypeField !== undefined) for (const n of ctx.objectTypeField) fields.push(this.objectTypeField(n.children));
    this.checkDuplicateKeys(fields);
    return fields;
  }

  objectTypeField(ctx: Ctx<'Name', 'typeRef'>): A.ObjectTypeField {
    const name = nameOf(ctx.Name![0]!);
    const type = this.typeRef(ctx.typeRef![0]!.children);
    return { kind: 'ObjectTypeField', span: span(name.span.start, type.span.end), name, type };
  }

  /** One MBP1026 per key already used earlier in the same object (or object type). */
  private checkDuplicateKeys(items: readonly ({ readonly name: A.Name } | { readonly key: A.Name })[]): void {
    if (items.length > 16) {
      const seen = new Set<string>();
      for (const item of items) {
        const key = keyOf(item);
        if (seen.has(key.text)) this.diagnostics.push(makeDiagnostic('MBP1026', this.file, key.span, { key: key.text }));
        seen.add(key.text);
      }
      return;
    }
    // Most objects are small: comparing with the keys before is cheaper than a set.
    for (let i = 1; i < items.length; i++) {
      const key = keyOf(items[i]!);
      for (let j = 0; j < i; j++) {
        if (keyOf(items[j]!).text === key.text) {
          this.diagnostics.push(makeDiagnostic('MBP1026', this.file, key.span, { key: key.text }));
          break;
        }
      }
    }
  }

  // ---- expressions ---------------------------------------------------------------------------

  expression(ctx: ExpressionCtx): A.Expr {
    // The first operand's parts sit in this node itself; the others are `operand` nodes.
    const ops = ctx.BinaryOperator;
    if (ops !== undefined && ops.length > MAX_OPERATORS) return this.tooLong(ops);
    const first = this.operand(ctx);
    const left = ops === undefined ? first : this.climb(first, ctx.operand ?? [], ops);
    const question = ctx.Question?.[0];
    if (question === undefined) return left;
    const branches = ctx.expression;
    const whenTrue = this.expr(branches?.[0], tokenEnd(question));
    const colon = ctx.Colon?.[0];
    const whenFalse = this.expr(branches?.[1], colon !== undefined ? tokenEnd(colon) : whenTrue.span.end);
    return { kind: 'Conditional', span: span(left.span.start, whenFalse.span.end), condition: left, whenTrue, whenFalse };
  }

  /** Operator precedence over `first (op operand)*` (shunting-yard; all operators are left-associative). */
  private climb(first: A.Expr, operandNodes: readonly CstNode[], ops: readonly IToken[]): A.Expr {
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

  operand(ctx: OperandCtx): A.Expr {
    const prefixes = ctx.PrefixOperator;
    if (prefixes !== undefined && prefixes.length > MAX_OPERATORS) return this.tooLong(prefixes);
    let result = this.primary(ctx);
    const postfixes = ctx.postfix;
    if (postfixes !== undefined) {
      if (postfixes.length > MAX_OPERATORS) {
        this.diagnostics.push(makeDiagnostic('MBP1032', this.file, result.span, { limit: String(MAX_OPERATORS) }));
        return { kind: 'ErrorExpr', span: result.span };
      }
      for (const p of postfixes) result = this.postfix(p.children, result);
    }
    if (prefixes !== undefined) {
      for (let i = prefixes.length - 1; i >= 0; i--) {
        const op = prefixes[i]!;
        result = { kind: 'Unary', span: span(op.startOffset, result.span.end), op: op.image as '-' | '!', operand: result };
      }
    }
    return result;
  }

  private primary(ctx: OperandCtx): A.Expr {
    const literal = ctx.Literal?.[0];
    if (literal !== undefined) return this.literal(literal);
    const id = ctx.Identifier?.[0];
    if (id !== undefined) return { kind: 'Ref', span: span(id.startOffset, tokenEnd(id)), name: nameOf(id) };
    if (ctx.stringLiteral !== undefined) return this.stringLiteral(ctx.stringLiteral[0]!.children);
    if (ctx.forExpr !== undefined) return this.forExpr(ctx.forExpr[0]!.children);
    if (ctx.listExpr !== undefined) return this.listExpr(ctx.listExpr[0]!.children);
    if (ctx.objectExpr !== undefined) return this.objectExpr(ctx.objectExpr[0]!.children);
    if (ctx.parenExpr !== undefined) return this.parenExpr(ctx.parenExpr[0]!.children);
    throw new Error('operand without a primary');
  }

  /** The rule `postfix` applied to the expression before it. */
  postfix(ctx: Ctx<'Name' | 'RBracket', 'args' | 'expression'>, object: A.Expr): A.Expr {
    const member = ctx.Name?.[0];
    if (member !== undefined) {
      return { kind: 'Member', span: span(object.span.start, tokenEnd(member)), object, name: nameOf(member) };
    }
    const argsNode = ctx.args?.[0];
    if (argsNode !== undefined) return this.args(argsNode.children, object);
    const index = this.expression(ctx.expression![0]!.children);
    return { kind: 'Index', span: span(object.span.start, tokenEnd(ctx.RBracket![0]!)), object, index };
  }

  private literal(t: IToken): A.Expr {
    const s = span(t.startOffset, tokenEnd(t));
    const text = t.image;
    // Invalid literals were reported by the layout pass (they are lexical errors).
    if (this.invalidLiterals.size > 0 && this.invalidLiterals.has(t)) return { kind: 'ErrorExpr', span: s };
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

  forExpr(ctx: Ctx<'LBracket' | 'RBracket' | 'Identifier', 'expression'>): A.ForExpr {
    const open = ctx.LBracket![0]!;
    const vars = ctx.Identifier!;
    const [iterable, body, filter] = ctx.expression!.map((n) => this.expression(n.children));
    const valueVar = nameOf(vars[vars.length - 1]!);
    return {
      kind: 'ForExpr',
      span: span(open.startOffset, tokenEnd(ctx.RBracket![0]!)),
      keyVar: vars.length === 2 ? nameOf(vars[0]!) : undefined,
      valueVar,
      iterable: iterable!,
      body: body!,
      filter,
    };
  }

  listExpr(ctx: Ctx<'LBracket' | 'RBracket', 'expression'>): A.ListExpr {
    const open = ctx.LBracket![0]!;
    const items: A.Expr[] = [];
    if (ctx.expression !== undefined) for (const n of ctx.expression) items.push(this.expression(n.children));
    return { kind: 'ListExpr', span: span(open.startOffset, tokenEnd(ctx.RBracket![0]!)), items };
  }

  objectExpr(ctx: Ctx<'LCurly' | 'RCurly', 'objectEntry'>): A.ObjectExpr {
    const open = ctx.LCurly![0]!;
    const entries: A.ObjectEntry[] = [];
    if (ctx.objectEntry !== undefined) for (const n of ctx.objectEntry) entries.push(this.objectEntry(n.children));
    this.checkDuplicateKeys(entries);
    const close = ctx.RCurly?.[0];
    const end = close !== undefined ? tokenEnd(close) : (entries[entries.length - 1]?.span.end ?? tokenEnd(open));
    return { kind: 'ObjectExpr', span: span(open.startOffset, end), entries };
  }

  objectEntry(ctx: Ctx<'Name', 'stringLiteral' | 'expression'>): A.ObjectEntry {
    const nameTok = ctx.Name?.[0];
    let key: A.Name;
    if (nameTok !== undefined) {
      key = nameOf(nameTok);
    } else {
      const str = this.stringLiteral(ctx.stringLiteral![0]!.children);
      if (str.value === undefined) {
        this.diagnostics.push(makeDiagnostic('MBP1027', this.file, str.span, { what: 'an object key' }));
      }
      key = { text: str.value ?? '', span: str.span };
    }
    const value = this.expression(ctx.expression![0]!.children);
    return { kind: 'ObjectEntry', span: span(key.span.start, value.span.end), key, quoted: nameTok === undefined, value };
  }

  parenExpr(ctx: Ctx<'LParen' | 'RParen', 'expression'>): A.Paren {
    const open = ctx.LParen![0]!;
    const expr = this.expression(ctx.expression![0]!.children);
    return { kind: 'Paren', span: span(open.startOffset, tokenEnd(ctx.RParen![0]!)), expr };
  }

  // ---- strings -----------------------------------------------------------------------------

  stringLiteral(ctx: StringCtx): A.StringLit {
    const heredoc = ctx.HeredocStart?.[0];
    const multiline = heredoc !== undefined;
    const open = (ctx.StringStart?.[0] ?? heredoc)!;
    const close = (ctx.StringEnd?.[0] ?? ctx.HeredocEnd?.[0])!;
    const whole = span(open.startOffset, Math.max(tokenEnd(close), tokenEnd(open)));
    if (!multiline) {
      // The common one-line strings, plain text or empty, without the general piece list.
      const texts = ctx.StringText;
      if (ctx.StringEscape === undefined && ctx.DollarEscape === undefined && ctx.interpolation === undefined) {
        if (texts === undefined) return { kind: 'StringLit', span: whole, parts: [], value: '', multiline };
        if (texts.length === 1) {
          const t = texts[0]!;
          const parts: A.StringPart[] = [{ kind: 'StringText', span: span(t.startOffset, tokenEnd(t)), value: t.image }];
          return { kind: 'StringLit', span: whole, parts, value: t.image, multiline };
        }
      }
    }
    const pieces = this.pieces(ctx);
    const parts = multiline ? dedentMultiline(pieces) : mergeText(pieces);
    return { kind: 'StringLit', span: whole, parts, value: plainValue(parts), multiline };
  }

  /** The string's text, escapes and interpolations in source order. */
  private pieces(ctx: StringCtx): Piece[] {
    const pieces: Piece[] = [];
    for (const texts of [ctx.StringText, ctx.HeredocText]) {
      if (texts === undefined) continue;
      for (const t of texts) pieces.push({ kind: 'text', value: t.image, start: t.startOffset, end: tokenEnd(t), raw: true });
    }
    if (ctx.DollarEscape !== undefined) {
      for (const t of ctx.DollarEscape) pieces.push({ kind: 'text', value: '${', start: t.startOffset, end: tokenEnd(t), raw: false });
    }
    if (ctx.StringEscape !== undefined) {
      for (const t of ctx.StringEscape) {
        // An invalid escape was reported by the layout pass; its text stays as written.
        const decoded = decodeEscape(t.image);
        pieces.push({ kind: 'text', value: decoded ?? t.image, start: t.startOffset, end: tokenEnd(t), raw: false });
      }
    }
    if (ctx.interpolation !== undefined) {
      for (const n of ctx.interpolation) pieces.push({ kind: 'interpolation', node: this.interpolation(n.children) });
    }
    if (pieces.length > 1) pieces.sort((a, b) => pieceStart(a) - pieceStart(b));
    return pieces;
  }

  interpolation(ctx: Ctx<'InterpolationStart' | 'RCurly', 'expression'>): A.Interpolation {
    const open = ctx.InterpolationStart![0]!;
    const expr = this.expression(ctx.expression![0]!.children);
    return { kind: 'Interpolation', span: span(open.startOffset, tokenEnd(ctx.RCurly![0]!)), expr };
  }
}

function keyOf(item: { readonly name: A.Name } | { readonly key: A.Name }): A.Name {
  return 'key' in item ? item.key : item.name;
}

/** Whether one of the first `count` named arguments has this name (argument lists are short: no set needed). */
function isNameTaken(named: readonly A.NamedArg[], count: number, text: string): boolean {
  for (let i = 0; i < count; i++) if (named[i]!.name.text === text) return true;
  return false;
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
