import type { Block, Call, Expr, Hook, Name, Node, OsTemplate, Span, Step, Workflow } from '../../grammar/index.ts';
import { lookupFunction as lookupFunctionDef, lookupStep, T, type FileReader, type ObjectField, type OsTemplateDef, type StepDef, type Type, type Value } from '../../stdlib/index.ts';
import type { Binding, MbpSymbol, Reference } from '../binder/index.ts';
import { makeDiagnostic, type Code, type Diagnostic, type DiagnosticExtras, type MessageArgs } from '../diagnostics/index.ts';
import type { BlockKind } from '../schemas/index.ts';
import type { TsHookRequest } from '../ts-hooks/index.ts';
import type { CheckedProgram, StepTarget, TemplateTarget, WorkflowTarget } from './checked-program.ts';
import { inferBinary } from './checks/binary-operator.ts';
import { inferConditional } from './checks/conditional.ts';
import { inferFor, iterationTypes } from './checks/for-expression.ts';
import { inferFunctionCall } from './checks/function-call.ts';
import { inferIndex } from './checks/index-access.ts';
import { inferString } from './checks/interpolation.ts';
import { inferList, inferObject } from './checks/list-elements.ts';
import { inferMemberAccess } from './checks/member-access.ts';
import { isValueSymbol, reportNotAValue, reportStdNotAValue } from './checks/not-a-value.ts';
import { inferCallInExpression } from './checks/call-in-expression.ts';
import { inferUnary } from './checks/unary-operator.ts';
import type { FactRecorder, Inferred } from './context.ts';
import type { ModuleWalkContext } from './walk-module.ts';
import { DEPLOYMENT_TYPE } from './fields.ts';
import { stdPathOf } from './std-path.ts';
import { workflowTarget } from './targets.ts';
import { paramDefault } from './param-default.ts';
import { typeFromRef } from './type-ref.ts';

/** The facts of an expression being inferred (never escapes `fact`). */
const PENDING: Inferred = Object.freeze({ type: T.error });
/** What an expression reached again while it is inferred gets (a reference cycle the symbol stack misses). */
const CYCLE: Inferred = Object.freeze({ type: T.error });

/**
 * A read-only view of one field of the expression facts, so that `types`
 * and `values` stay maps for later stages while the checker keeps one map
 * (one lookup per question instead of one per fact).
 */
class FactView<V> implements ReadonlyMap<Expr, V> {
  constructor(
    private readonly facts: ReadonlyMap<Expr, Inferred>,
    private readonly pick: (fact: Inferred) => V | undefined,
  ) {}
  get(expr: Expr): V | undefined {
    const fact = this.facts.get(expr);
    return fact === undefined || fact === PENDING ? undefined : this.pick(fact);
  }
  has(expr: Expr): boolean {
    return this.get(expr) !== undefined;
  }
  get size(): number {
    let n = 0;
    for (const _ of this.entries()) n++;
    return n;
  }
  *entries(): MapIterator<[Expr, V]> {
    for (const [expr, fact] of this.facts) {
      if (fact === PENDING) continue;
      const v = this.pick(fact);
      if (v !== undefined) yield [expr, v];
    }
  }
  *keys(): MapIterator<Expr> {
    for (const [expr] of this.entries()) yield expr;
  }
  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }
  forEach(fn: (value: V, key: Expr, map: ReadonlyMap<Expr, V>) => void, thisArg?: unknown): void {
    for (const [expr, v] of this.entries()) fn.call(thisArg, v, expr, this);
  }
  [Symbol.iterator](): MapIterator<[Expr, V]> {
    return this.entries();
  }
}

export interface CheckerOptions {
  readonly files?: FileReader;
  /** Values of params given from outside, already coerced to their declared types. */
  readonly paramValues?: ReadonlyMap<MbpSymbol, Value>;
}

/**
 * The checker's state: expression facts memoized by node (each expression is
 * inferred once, so each diagnostic is reported once), symbol types computed
 * lazily with cycle detection, and the facts later stages read.
 */
export class Checker implements ModuleWalkContext, CheckedProgram {
  file = '';
  readonly diagnostics: Diagnostic[] = [];
  /** Type, constant value and taint of every expression checked, in one record per expression. */
  private readonly facts = new Map<Expr, Inferred>();
  readonly types: ReadonlyMap<Expr, Type> = new FactView(this.facts, (f) => f.type);
  readonly values: ReadonlyMap<Expr, Value> = new FactView(this.facts, (f) => f.value);
  private readonly expected = new Map<Expr, Type>();
  private readonly symbolTypes = new Map<MbpSymbol, Type>();
  private readonly symbolStack: MbpSymbol[] = [];
  private readonly workflowOutputs = new Map<Workflow, Type>();
  private readonly stepTargets = new Map<Step, StepTarget | null>();
  private readonly eachTypes: Type[] = [];
  private readonly paramValues = new Map<MbpSymbol, Value>();
  private readonly syntaxErrors = new Map<string, number[]>();
  private readonly recorded = {
    blockKinds: new Map<Block, BlockKind>(),
    networks: new Map<Block, MbpSymbol>(),
    templates: new Map<Block, TemplateTarget>(),
    bases: new Map<OsTemplate, OsTemplateDef>(),
    ready: new Map<OsTemplate, { call: Call; def: StepDef }>(),
  };
  readonly tsHookRequests: TsHookRequest[] = [];
  readonly files: FileReader | undefined;
  readonly record: FactRecorder;

  constructor(
    readonly binding: Binding,
    options: CheckerOptions = {},
  ) {
    this.files = options.files;
    for (const [s, v] of options.paramValues ?? []) this.paramValues.set(s, v);
    for (const d of binding.program.diagnostics) {
      if (d.severity !== 'error' || !d.code.startsWith('MBP1')) continue;
      const list = this.syntaxErrors.get(d.file);
      if (list) list.push(d.range.start);
      else this.syntaxErrors.set(d.file, [d.range.start]);
    }
    for (const list of this.syntaxErrors.values()) list.sort((a, b) => a - b);
    const f = this.recorded;
    const requests = this.tsHookRequests;
    this.record = {
      blockKind: (b, k) => void f.blockKinds.set(b, k),
      network: (b, s) => void f.networks.set(b, s),
      template: (b, t) => void f.templates.set(b, t),
      base: (t, d) => void f.bases.set(t, d),
      readyCheck: (t, call, def) => void f.ready.set(t, { call, def }),
      tsHook: (r) => void requests.push(r),
    };
  }

  get program() {
    return this.binding.program;
  }
  get symbols() {
    return this.binding.symbols;
  }
  get references() {
    return this.binding.references;
  }

  // ---- reporting and files ----

  report(code: Code, span: Span, args: MessageArgs = {}, extras: DiagnosticExtras = {}): void {
    this.diagnostics.push(makeDiagnostic(code, this.file, span, args, extras));
  }

  inFile<R>(file: string, fn: () => R): R {
    const saved = this.file;
    this.file = file;
    try {
      return fn();
    } finally {
      this.file = saved;
    }
  }

  hasSyntaxErrorIn(span: Span): boolean {
    const offsets = this.syntaxErrors.get(this.file);
    if (!offsets) return false;
    // Sorted offsets: the first one at or after `span.start`, by binary search.
    let lo = 0;
    let hi = offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid]! < span.start) lo = mid + 1;
      else hi = mid;
    }
    return lo < offsets.length && offsets[lo]! < span.end;
  }

  // ---- expressions ----

  /** The facts of an expression, inferred on first use (so its diagnostics are reported once). */
  private fact(expr: Expr): Inferred {
    const known = this.facts.get(expr);
    if (known !== undefined) return known === PENDING ? CYCLE : known;
    // Marks the node while it is inferred: a reference cycle the symbol stack misses ends here.
    this.facts.set(expr, PENDING);
    let r: Inferred;
    try {
      r = this.infer(expr);
    } catch (error) {
      this.facts.delete(expr);
      throw error;
    }
    this.facts.set(expr, r);
    return r;
  }

  typeOf(expr: Expr): Type {
    return this.fact(expr).type;
  }

  expect(expr: Expr, type: Type): void {
    if (!this.facts.has(expr)) this.expected.set(expr, type);
  }

  expectedOf(expr: Expr): Type | undefined {
    return this.expected.get(expr);
  }

  valueOf(expr: Expr): Value | undefined {
    const fact = this.fact(expr);
    return fact === CYCLE ? undefined : fact.value;
  }

  isSecret(expr: Expr): boolean {
    return this.fact(expr).secret === true;
  }

  private infer(expr: Expr): Inferred {
    switch (expr.kind) {
      case 'StringLit':
        return inferString(this, expr);
      case 'IntLit':
        return { type: T.int, value: expr.value };
      case 'BoolLit':
        return { type: T.bool, value: expr.value };
      case 'NullLit':
        return { type: T.null, value: null };
      case 'DurationLit':
        return { type: T.duration, value: expr.value };
      case 'SizeLit':
        return { type: T.size, value: expr.value };
      case 'IpLit':
        return { type: T.ip, value: expr.address };
      case 'CidrLit':
        return { type: T.cidr, value: `${expr.address}/${expr.prefix}` };
      case 'Ref':
      case 'Member': {
        const std = stdPathOf(expr, this.binding);
        if (std) return reportStdNotAValue(this, expr, std.path);
        const symbol = this.binding.resolve(expr);
        if (symbol) return this.useSymbol(expr, symbol);
        if (expr.kind === 'Ref') return { type: T.error };
        // An import alias whose member did not resolve is already reported.
        if (expr.object.kind === 'Ref' && this.binding.resolve(expr.object)?.kind === 'import') return { type: T.error };
        return inferMemberAccess(this, expr);
      }
      case 'Index':
        return inferIndex(this, expr);
      case 'Call':
        return this.inferCall(expr);
      case 'ListExpr':
        return inferList(this, expr);
      case 'ObjectExpr':
        return inferObject(this, expr);
      case 'ForExpr':
        return inferFor(this, expr);
      case 'Conditional':
        return inferConditional(this, expr);
      case 'Binary':
        return inferBinary(this, expr);
      case 'Unary':
        return inferUnary(this, expr);
      case 'Paren': {
        const inner = this.fact(expr.expr);
        const value = inner === CYCLE ? undefined : inner.value;
        return { type: inner.type, secret: inner.secret === true, ...(value !== undefined ? { value } : {}) };
      }
      case 'ErrorExpr':
        return { type: T.error };
    }
  }

  private inferCall(node: Call): Inferred {
    const symbol = node.callee.kind === 'Ref' || node.callee.kind === 'Member' ? this.binding.resolve(node.callee) : undefined;
    if (symbol?.kind === 'function') {
      const def = lookupFunctionDef(symbol.name);
      if (def) return inferFunctionCall(this, node, def, this.files);
    }
    return inferCallInExpression(this, node, symbol);
  }

  /** A name used as a value: its type, constant value and taint, or an error for what is not a value. */
  private useSymbol(expr: Expr, symbol: MbpSymbol): Inferred {
    if (!isValueSymbol(symbol)) return reportNotAValue(this, expr, symbol);
    const open = this.symbolStack.indexOf(symbol);
    if (open >= 0) {
      const chain = [...this.symbolStack.slice(open), symbol].map((s) => s.name).join(' → ');
      this.report('MBP2022', expr.span, { name: symbol.name, chain });
      return { type: T.error };
    }
    const type = this.typeOfSymbol(symbol);
    const value = this.symbolValue(symbol);
    return { type, secret: this.symbolSecret(symbol), ...(value !== undefined ? { value } : {}) };
  }

  private declarationExpr(symbol: MbpSymbol): Expr | undefined {
    const d = symbol.declaration;
    return d?.kind === 'Let' || d?.kind === 'Output' ? d.value : undefined;
  }

  /** Infers a declaration's value in its own file, tracking the chain for cycle reports. */
  private withSymbol<R>(symbol: MbpSymbol, fn: () => R): R {
    this.symbolStack.push(symbol);
    try {
      return this.inFile(symbol.file, fn);
    } finally {
      this.symbolStack.pop();
    }
  }

  typeOfSymbol(symbol: MbpSymbol): Type {
    const known = this.symbolTypes.get(symbol);
    if (known) return known;
    if (this.symbolStack.includes(symbol)) return T.error;
    const type = this.withSymbol(symbol, () => this.computeSymbolType(symbol));
    // `each` depends on the step being checked, so it is never cached.
    if (symbol.kind !== 'context') this.symbolTypes.set(symbol, type);
    return type;
  }

  private computeSymbolType(symbol: MbpSymbol): Type {
    const d = symbol.declaration;
    switch (symbol.kind) {
      case 'param':
        return d?.kind === 'Param' ? typeFromRef(d.type) : T.error;
      case 'secret':
        return d?.kind === 'Secret' && d.type ? typeFromRef(d.type) : T.string;
      case 'let':
      case 'output': {
        const e = this.declarationExpr(symbol);
        return e ? this.typeOf(e) : T.error;
      }
      case 'network':
        return T.network;
      case 'subnet':
        return T.subnet;
      case 'instance_array':
        return T.instanceArray;
      case 'workflow_param':
        return d?.kind === 'WorkflowParam' ? typeFromRef(d.type) : T.error;
      case 'hook': {
        if (d?.kind !== 'Hook') return T.error;
        const target = this.workflowOf(d);
        return target ? this.outputsOf(target) : T.error;
      }
      case 'step':
        return d?.kind === 'Step' ? this.stepOutputs(d) : T.error;
      case 'for_variable': {
        if (d?.kind !== 'ForExpr') return T.error;
        const it = iterationTypes(this.typeOf(d.iterable)) ?? { key: T.error, value: T.error };
        return d.keyVar && d.keyVar.span.start === symbol.nameSpan?.start ? it.key : it.value;
      }
      case 'context':
        if (symbol.name === 'instance') return T.instance;
        if (symbol.name === 'deployment') return DEPLOYMENT_TYPE;
        return this.eachTypes[this.eachTypes.length - 1] ?? T.any;
      default:
        return T.error;
    }
  }

  private symbolValue(symbol: MbpSymbol): Value | undefined {
    if (symbol.kind === 'param') {
      if (this.paramValues.has(symbol)) return this.paramValues.get(symbol);
      const d = symbol.declaration;
      const dflt = d?.kind === 'Param' ? paramDefault(d) : undefined;
      return dflt ? this.withSymbol(symbol, () => this.valueOf(dflt)) : undefined;
    }
    const e = this.declarationExpr(symbol);
    return e && (symbol.kind === 'let' || symbol.kind === 'output') ? this.withSymbol(symbol, () => this.valueOf(e)) : undefined;
  }

  private symbolSecret(symbol: MbpSymbol): boolean {
    if (symbol.kind === 'secret') return true;
    const e = this.declarationExpr(symbol);
    return e !== undefined && this.withSymbol(symbol, () => this.isSecret(e));
  }

  setRunType(node: Step | Hook): void {
    if (node.call.kind !== 'Call' || this.facts.has(node.call)) return;
    let type: Type = T.error;
    if (node.kind === 'Step') type = this.stepOutputs(node, false);
    else {
      const target = this.workflowOf(node);
      if (target) type = this.outputsOf(target);
    }
    this.facts.set(node.call, { type });
  }

  withEach<R>(forEach: Type, fn: () => R): R {
    const it = iterationTypes(forEach) ?? { key: T.error, value: T.error };
    this.eachTypes.push(T.object({ key: it.key, value: it.value }));
    try {
      return fn();
    } finally {
      this.eachTypes.pop();
    }
  }

  // ---- call targets ----

  stepTargetOf(step: Step): StepTarget | undefined {
    const known = this.stepTargets.get(step);
    if (known !== undefined) return known ?? undefined;
    let target: StepTarget | undefined;
    if (step.call.kind === 'Call') {
      const std = stdPathOf(step.call.callee, this.binding);
      const def = std ? lookupStep(std.path) : undefined;
      if (def) target = { kind: 'step', def };
      else {
        const wf = workflowTarget(this.binding, step.call.callee);
        if (wf) target = { kind: 'workflow', target: wf };
      }
    }
    this.stepTargets.set(step, target ?? null);
    return target;
  }

  workflowOf(node: Hook | Step): WorkflowTarget | undefined {
    if (node.call.kind !== 'Call') return undefined;
    if (node.kind === 'Hook') return workflowTarget(this.binding, node.call.callee);
    const target = this.stepTargetOf(node);
    if (target?.kind === 'workflow') return target.target;
    if (target?.def.outputsFromWorkflow) {
      const first = node.call.args[0];
      return first ? workflowTarget(this.binding, first) : undefined;
    }
    return undefined;
  }

  /** The outputs of a workflow as an object type (`HOOK.NAME`, `STEP.NAME`). */
  outputsOf(target: WorkflowTarget): Type {
    const known = this.workflowOutputs.get(target.workflow);
    if (known) return known;
    // A workflow reaching its own outputs (through a recursive call) gets open types.
    this.workflowOutputs.set(target.workflow, T.any);
    const fields: Record<string, ObjectField> = {};
    this.inFile(target.file, () => {
      for (const e of target.workflow.body.entries) {
        if (e.kind === 'Output') fields[e.name.text] = { type: this.typeOf(e.value), optional: false, ...(e.doc ? { doc: e.doc } : {}) };
      }
    });
    const type: Type = { kind: 'object', fields };
    this.workflowOutputs.set(target.workflow, type);
    return type;
  }

  /** A step's outputs; read from another step (`expanded`), a `for_each` step is a list or map of them. */
  private stepOutputs(step: Step, expanded = true): Type {
    const target = this.stepTargetOf(step);
    let outputs: Type = T.error;
    if (target?.kind === 'workflow') outputs = this.outputsOf(target.target);
    else if (target?.def.outputsFromWorkflow) {
      const wf = this.workflowOf(step);
      outputs = wf ? this.outputsOf(wf) : T.error;
    } else if (target) outputs = target.def.outputs;
    const forEach = step.options?.entries.find((e) => e.kind === 'Attribute' && e.name.text === 'for_each');
    if (!expanded || forEach?.kind !== 'Attribute') return outputs;
    // An expanded step is read per element: by index for a list, by key for a map.
    const t = this.typeOf(forEach.value);
    return t.kind === 'list' ? T.list(outputs) : t.kind === 'any' || t.kind === 'error' ? T.any : T.map(outputs);
  }

  // ---- CheckedProgram ----

  resolve(node: Node | Name): MbpSymbol | undefined {
    return this.binding.resolve(node);
  }
  declarationOf(symbol: MbpSymbol): Node | undefined {
    return symbol.declaration;
  }
  referencesOf(symbol: MbpSymbol): readonly Reference[] {
    return this.binding.referencesOf(symbol);
  }
  networkOf(block: Block): MbpSymbol | undefined {
    return this.recorded.networks.get(block);
  }
  templateOf(array: Block): TemplateTarget | undefined {
    return this.recorded.templates.get(array);
  }
  baseOf(template: OsTemplate): OsTemplateDef | undefined {
    return this.recorded.bases.get(template);
  }
  blockKindOf(block: Block): BlockKind | undefined {
    return this.recorded.blockKinds.get(block);
  }
  readyCheckOf(template: OsTemplate): { readonly call: Call; readonly def: StepDef } | undefined {
    return this.recorded.ready.get(template);
  }
  paramValue(symbol: MbpSymbol): Value | undefined {
    return symbol.kind === 'param' ? this.symbolValue(symbol) : undefined;
  }
  givenParamValue(symbol: MbpSymbol): { readonly value: Value } | undefined {
    return this.paramValues.has(symbol) ? { value: this.paramValues.get(symbol) as Value } : undefined;
  }
}
