import {
  forEachChild,
  type Body,
  type BodyEntry,
  type Call,
  type Expr,
  type ForExpr,
  type Hook,
  type Member,
  type Module,
  type Name,
  type NamedArg,
  type Node,
  type Ref,
  type Step,
} from '../../grammar/index.ts';
import { functionNames } from '../../stdlib/index.ts';
import { makeDiagnostic, type Diagnostic } from '../diagnostics/index.ts';
import { Builtins, CONTEXT_NAMES, isContextName } from './builtins.ts';
import type { Program } from './program.ts';
import { suggestName } from './suggest.ts';
import type { ContextName, DeclarationNode, MbpSymbol, Reference, Scope, ScopeKind, SymbolKind } from './symbols.ts';

/**
 * The result of binding a program: every declared symbol, every resolved
 * use, the scopes, and the name diagnostics (undefined, duplicate, missing
 * module member, context value out of place).
 */
export interface Binding {
  readonly program: Program;
  /** Every symbol, built-ins included, in id order. */
  readonly symbols: readonly MbpSymbol[];
  /**
   * Every resolved use: the binder's in source order per file, then the
   * workflow outputs read through a hook or step (`HOOK.NAME`), then the
   * named arguments the checker resolves.
   */
  readonly references: readonly Reference[];
  readonly diagnostics: readonly Diagnostic[];
  /**
   * The symbol a node stands for: a `Ref`, an import-alias `Member`
   * (`k8s.join`), a `NamedArg` of a workflow call, a declaration node, a
   * declared `Name`, or the `Label` naming a network, subnet or array.
   * Undefined when it does not resolve.
   */
  resolve(node: Node | Name): MbpSymbol | undefined;
  /** Every use of a symbol (the declaration itself is not included). */
  referencesOf(symbol: MbpSymbol): readonly Reference[];
  /**
   * The workflow `output` that `HOOK.NAME` or `STEP.NAME` reads, when the
   * hook or step runs a workflow declaring it. Kept apart from `resolve`:
   * the member is typed as the run's result, not as the output's value.
   */
  outputRead(member: Member): MbpSymbol | undefined;
  /** The scope a node opens (`Module`, `Infrastructure`, instance_array `Block`, `OsTemplate`, `Workflow`, `Step`, `Hook`, `ForExpr`). */
  scopeOf(node: Node): Scope | undefined;
  /** The module scope of a loaded file. */
  moduleScope(file: string): Scope | undefined;
  /** The file an import alias symbol points to, when it was loaded. */
  importedFile(symbol: MbpSymbol): string | undefined;
  /** Looks a name up from a scope outwards (context values and `std` included). */
  lookup(scope: Scope, name: string): MbpSymbol | undefined;
  /** The symbol of a built-in function (created on first use). */
  functionSymbol(name: string): MbpSymbol | undefined;
  /** Records a use found by a later stage (named arguments of workflow calls are resolved by the checker). */
  addReference(reference: Reference): void;
}

const NO_NAMES: ReadonlyMap<string, MbpSymbol> = new Map();
const CONTEXTS = new Map<string, ReadonlySet<ContextName>>();

/** One shared set per combination of context values: a blueprint opens a scope per step and hook. */
function contextSet(names: readonly ContextName[]): ReadonlySet<ContextName> {
  const key = names.join(',');
  let set = CONTEXTS.get(key);
  if (!set) CONTEXTS.set(key, (set = new Set(names)));
  return set;
}

class ScopeImpl implements Scope {
  private ownSymbols: Map<string, MbpSymbol> | undefined;
  private ownOutputs: Map<string, MbpSymbol> | undefined;
  readonly context: ReadonlySet<ContextName>;
  constructor(
    readonly kind: ScopeKind,
    readonly node: Node,
    readonly file: string,
    readonly parent: Scope | undefined,
    context: readonly ContextName[] = [],
  ) {
    this.context = contextSet(context);
  }
  get symbols(): ReadonlyMap<string, MbpSymbol> {
    return this.ownSymbols ?? NO_NAMES;
  }
  get outputs(): ReadonlyMap<string, MbpSymbol> {
    return this.ownOutputs ?? NO_NAMES;
  }
  /** The namespace a declaration of this kind goes to, created on first use. */
  names(kind: SymbolKind): Map<string, MbpSymbol> {
    if (kind === 'output') return (this.ownOutputs ??= new Map());
    return (this.ownSymbols ??= new Map());
  }
}

type Position = 'value' | 'callee' | 'runnable';

const INFRA_BLOCKS: ReadonlySet<string> = new Set(['network', 'subnet', 'instance_array']);

function hasOption(options: Body | undefined, name: string): boolean {
  return options?.entries.some((e) => e.kind === 'Attribute' && e.name.text === name) ?? false;
}

class Binder implements Binding {
  readonly symbols: MbpSymbol[] = [];
  readonly references: Reference[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private readonly resolved = new Map<Node | Name, MbpSymbol>();
  private readonly uses = new Map<MbpSymbol, Reference[]>();
  private readonly scopes = new Map<Node, Scope>();
  private readonly modules = new Map<string, ScopeImpl>();
  private readonly importTargets = new Map<MbpSymbol, string>();
  /** `HOOK.NAME` / `STEP.NAME` members, resolved once every callee is (a hook may be used above its declaration). */
  private readonly runMembers: { file: string; node: Member; run: MbpSymbol }[] = [];
  private readonly outputReads = new Map<Member, MbpSymbol>();
  private readonly builtins: Builtins;
  private file = '';

  constructor(readonly program: Program) {
    this.builtins = new Builtins(() => this.symbols.length, (s) => this.symbols.push(s));
  }

  run(): this {
    for (const [path, f] of this.program.files) this.declareModule(path, f.module);
    for (const [path, f] of this.program.files) {
      this.file = path;
      this.bindModule(f.module, this.modules.get(path) as ScopeImpl);
    }
    this.bindOutputReads();
    return this;
  }

  /** Records `HOOK.NAME` and `STEP.NAME` as uses of the output `NAME` of the workflow the hook or step runs. */
  private bindOutputReads(): void {
    for (const { file, node, run } of this.runMembers) {
      const declaration = run.declaration;
      if (declaration?.kind !== 'Hook' && declaration?.kind !== 'Step') continue;
      // A `for_each` step is many runs: its outputs are read per element, not by name.
      if (declaration.kind === 'Step' && hasOption(declaration.options, 'for_each')) continue;
      const call = declaration.call;
      const workflow = call.kind === 'Call' ? this.resolved.get(call.callee) : undefined;
      if (workflow?.kind !== 'workflow' || workflow.declaration?.kind !== 'Workflow') continue;
      const output = this.scopes.get(workflow.declaration)?.outputs.get(node.name.text);
      if (!output) continue;
      this.outputReads.set(node, output);
      this.recordUse({ file, node, span: node.name.span, symbol: output });
    }
  }

  // ---- the Binding interface ----

  resolve(node: Node | Name): MbpSymbol | undefined {
    return this.resolved.get(node);
  }

  referencesOf(symbol: MbpSymbol): readonly Reference[] {
    return this.uses.get(symbol) ?? [];
  }

  scopeOf(node: Node): Scope | undefined {
    return this.scopes.get(node);
  }

  moduleScope(file: string): Scope | undefined {
    return this.modules.get(file);
  }

  importedFile(symbol: MbpSymbol): string | undefined {
    return this.importTargets.get(symbol);
  }

  lookup(scope: Scope, name: string): MbpSymbol | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const found = s.symbols.get(name);
      if (found) return found;
      if (isContextName(name) && s.context.has(name)) return this.builtins.context.get(name);
    }
    return name === 'std' ? this.builtins.std : undefined;
  }

  functionSymbol(name: string): MbpSymbol | undefined {
    return this.builtins.fn(name);
  }

  outputRead(member: Member): MbpSymbol | undefined {
    return this.outputReads.get(member);
  }

  addReference(reference: Reference): void {
    this.resolved.set(reference.node, reference.symbol);
    this.recordUse(reference);
  }

  private recordUse(reference: Reference): void {
    this.references.push(reference);
    const list = this.uses.get(reference.symbol);
    if (list) list.push(reference);
    else this.uses.set(reference.symbol, [reference]);
  }

  // ---- declaring ----

  private newScope(kind: ScopeKind, node: Node, parent: Scope | undefined, context: readonly ContextName[] = []): ScopeImpl {
    const scope = new ScopeImpl(kind, node, this.file, parent, context);
    this.scopes.set(node, scope);
    return scope;
  }

  private declare(scope: ScopeImpl, kind: SymbolKind, name: Name, declaration: DeclarationNode, doc?: string): MbpSymbol {
    const symbol: MbpSymbol = {
      id: this.symbols.length,
      kind,
      name: name.text,
      file: scope.file,
      declaration,
      nameSpan: name.span,
      ...(doc !== undefined ? { doc } : {}),
      scope,
    };
    this.symbols.push(symbol);
    this.resolved.set(name, symbol);
    if (declaration.kind !== 'ForExpr') this.resolved.set(declaration, symbol);
    const names = scope.names(kind);
    const first = names.get(name.text);
    if (first) {
      this.diagnostics.push(
        makeDiagnostic('MBP2002', scope.file, name.span, { name: name.text, scope: scopeWord(scope.kind) }, {
          related: first.nameSpan ? [{ message: `\`${name.text}\` is first declared here`, file: first.file, range: first.nameSpan }] : [],
        }),
      );
    } else {
      names.set(name.text, symbol);
    }
    return symbol;
  }

  private declareModule(path: string, module: Module): void {
    this.file = path;
    const scope = this.newScope('module', module, undefined);
    this.modules.set(path, scope);
    for (const d of module.declarations) {
      switch (d.kind) {
        case 'Import': {
          const s = this.declare(scope, 'import', d.alias, d, d.doc);
          const target = this.program.imports.get(d);
          if (target !== undefined) this.importTargets.set(s, target);
          break;
        }
        case 'Param':
          this.declare(scope, 'param', d.name, d, d.doc);
          break;
        case 'Secret':
          this.declare(scope, 'secret', d.name, d, d.doc);
          break;
        case 'Let':
          this.declare(scope, 'let', d.name, d, d.doc);
          break;
        case 'Output':
          this.declare(scope, 'output', d.name, d, d.doc);
          break;
        case 'OsTemplate':
          this.declare(scope, 'os_template', d.name, d, d.doc);
          break;
        case 'Infrastructure':
          this.declare(scope, 'infrastructure', d.name, d, d.doc);
          break;
        case 'Workflow':
          this.declare(scope, 'workflow', d.name, d, d.doc);
          break;
      }
    }
  }

  /** Names a body declares in its scope: lets, outputs, steps, named hooks, and (in an infrastructure) networks, subnets, arrays. */
  private declareBody(body: Body, scope: ScopeImpl): void {
    for (const e of body.entries) {
      switch (e.kind) {
        case 'Let':
          this.declare(scope, 'let', e.name, e, e.doc);
          break;
        case 'Output':
          this.declare(scope, 'output', e.name, e, e.doc);
          break;
        case 'Step':
          this.declare(scope, 'step', e.name, e, e.doc);
          break;
        case 'Hook':
          if (e.name) this.declare(scope, 'hook', e.name, e, e.doc);
          break;
        case 'Block': {
          const label = e.labels[0];
          if (scope.kind === 'infrastructure' && INFRA_BLOCKS.has(e.name.text) && label?.form === 'name') {
            const symbol = this.declare(scope, e.name.text as SymbolKind, { text: label.text, span: label.span }, e, e.doc);
            this.resolved.set(label, symbol); // the label is the declared name
          }
          break;
        }
        case 'Attribute':
          break;
      }
    }
  }

  // ---- walking ----

  private bindModule(module: Module, scope: ScopeImpl): void {
    for (const d of module.declarations) {
      switch (d.kind) {
        case 'Import':
        case 'Secret':
          break;
        case 'Param':
          if (d.default) this.expr(d.default, scope);
          if (d.body) this.body(d.body, scope);
          break;
        case 'Let':
        case 'Output':
          this.expr(d.value, scope);
          break;
        case 'OsTemplate': {
          const s = this.newScope('os_template', d, scope, ['instance']);
          this.declareBody(d.body, s);
          this.body(d.body, s);
          break;
        }
        case 'Infrastructure': {
          const s = this.newScope('infrastructure', d, scope);
          this.declareBody(d.body, s);
          this.body(d.body, s);
          break;
        }
        case 'Workflow': {
          const s = this.newScope('workflow', d, scope);
          for (const p of d.params) {
            this.declare(s, 'workflow_param', p.name, p);
            if (p.default) this.expr(p.default, scope);
          }
          this.declareBody(d.body, s);
          this.body(d.body, s);
          break;
        }
      }
    }
  }

  private body(body: Body, scope: ScopeImpl): void {
    for (const e of body.entries) this.entry(e, scope);
  }

  private entry(e: BodyEntry, scope: ScopeImpl): void {
    switch (e.kind) {
      case 'Attribute':
      case 'Let':
      case 'Output':
        this.expr(e.value, scope);
        break;
      case 'Block':
        if (e.name.text === 'instance_array' && scope.kind === 'infrastructure') {
          const s = this.newScope('instance_array', e, scope, ['instance']);
          this.declareBody(e.body, s);
          this.body(e.body, s);
        } else {
          this.body(e.body, scope);
        }
        break;
      case 'Step':
        this.step(e, scope);
        break;
      case 'Hook':
        this.hook(e, scope);
        break;
    }
  }

  private step(step: Step, scope: ScopeImpl): void {
    const s = this.newScope('step', step, scope, hasOption(step.options, 'for_each') ? ['each'] : []);
    this.runnable(step.call, s);
    for (const e of step.options?.entries ?? []) {
      // `for_each` decides what `each` is, so it cannot use it.
      if (e.kind === 'Attribute' && e.name.text === 'for_each') this.expr(e.value, scope);
      else this.entry(e, s);
    }
  }

  private hook(hook: Hook, scope: ScopeImpl): void {
    const s = this.newScope('hook', hook, scope, ['deployment']);
    this.runnable(hook.call, s);
    if (hook.options) this.body(hook.options, s);
  }

  /** The call of a step or hook: its callee names a workflow or a step kind, never a function. */
  private runnable(call: Call | Expr, scope: ScopeImpl): void {
    if (call.kind !== 'Call') return this.expr(call, scope);
    if (call.callee.kind === 'Ref') this.ref(call.callee, scope, 'runnable');
    else this.expr(call.callee, scope);
    for (const a of call.args) this.expr(a, scope);
    for (const n of call.named) this.expr(n.value, scope);
  }

  private expr(node: Expr | NamedArg | Node, scope: ScopeImpl): void {
    switch (node.kind) {
      case 'Ref':
        this.ref(node, scope, 'value');
        return;
      case 'Member':
        this.member(node, scope);
        return;
      case 'Call':
        if (node.callee.kind === 'Ref') this.ref(node.callee, scope, 'callee');
        else this.expr(node.callee, scope);
        for (const a of node.args) this.expr(a, scope);
        for (const n of node.named) this.expr(n.value, scope);
        return;
      case 'ForExpr':
        this.forExpr(node, scope);
        return;
      // The common containers and leaves written out: the generic walk below allocates a callback per node.
      case 'StringLit':
        for (const part of node.parts) if (part.kind === 'Interpolation') this.expr(part.expr, scope);
        return;
      case 'ObjectExpr':
        for (const entry of node.entries) this.expr(entry.value, scope);
        return;
      case 'ListExpr':
        for (const item of node.items) this.expr(item, scope);
        return;
      case 'IntLit':
      case 'BoolLit':
      case 'NullLit':
      case 'DurationLit':
      case 'SizeLit':
      case 'IpLit':
      case 'CidrLit':
      case 'ErrorExpr':
        return;
      default:
        forEachChild(node, (child) => this.expr(child, scope));
    }
  }

  private forExpr(node: ForExpr, scope: ScopeImpl): void {
    this.expr(node.iterable, scope);
    const s = this.newScope('for', node, scope);
    if (node.keyVar) this.declare(s, 'for_variable', node.keyVar, node);
    this.declare(s, 'for_variable', node.valueVar, node);
    this.expr(node.body, s);
    if (node.filter) this.expr(node.filter, s);
  }

  private member(node: Member, scope: ScopeImpl): void {
    this.expr(node.object, scope);
    if (node.object.kind !== 'Ref') return;
    const alias = this.resolved.get(node.object);
    if (alias?.kind === 'hook' || alias?.kind === 'step') this.runMembers.push({ file: this.file, node, run: alias });
    if (alias?.kind !== 'import') return;
    const target = this.importTargets.get(alias);
    const targetScope = target !== undefined ? this.modules.get(target) : undefined;
    if (!targetScope) return; // the missing file is reported at the import
    const found = targetScope.symbols.get(node.name.text);
    if (found && found.kind !== 'import') {
      this.addReference({ file: this.file, node, span: node.name.span, symbol: found });
      return;
    }
    const decl = alias.declaration;
    const path = decl?.kind === 'Import' ? (decl.path.value ?? '') : '';
    const candidates = [...targetScope.symbols.values()].filter((s) => s.kind !== 'import').map((s) => s.name);
    this.diagnostics.push(
      makeDiagnostic(
        'MBP2005',
        this.file,
        node.name.span,
        { alias: alias.name, path, name: node.name.text },
        suggestName(node.name.text, candidates, this.file, node.name.span),
      ),
    );
  }

  private ref(node: Ref, scope: ScopeImpl, position: Position): void {
    const name = node.name.text;
    const found = this.lookup(scope, name);
    if (found) {
      this.addReference({ file: this.file, node, span: node.name.span, symbol: found });
      return;
    }
    if (position !== 'value') {
      // A function as a step or hook is resolved, so the checker can say why it cannot run there.
      const fn = this.builtins.fn(name);
      if (fn) {
        this.addReference({ file: this.file, node, span: node.name.span, symbol: fn });
        return;
      }
    }
    if (position === 'callee') {
      const extras = suggestName(name, [...functionNames(), ...this.visibleNames(scope)], this.file, node.name.span);
      this.diagnostics.push(makeDiagnostic('MBP2006', this.file, node.name.span, { name }, extras));
      return;
    }
    if (isContextName(name)) {
      this.diagnostics.push(makeDiagnostic('MBP2011', this.file, node.name.span, { name }, { help: CONTEXT_HELP[name] }));
      return;
    }
    const candidates = this.visibleNames(scope);
    this.diagnostics.push(makeDiagnostic('MBP2001', this.file, node.name.span, { name }, suggestName(name, candidates, this.file, node.name.span)));
  }

  /** Every name visible from a scope, for did-you-mean. */
  private visibleNames(scope: Scope): string[] {
    const names: string[] = ['std'];
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      names.push(...s.symbols.keys());
      for (const c of CONTEXT_NAMES) if (s.context.has(c)) names.push(c);
    }
    return names;
  }
}

const CONTEXT_HELP: Readonly<Record<ContextName, string>> = {
  instance: '`instance` is the instance being provisioned: it exists in an `instance_array` and in an `os_template`; a workflow receives it as a parameter (`node: instance`)',
  deployment: '`deployment` describes the current run and exists only in a hook (`on PHASE run ...`) and its options',
  each: '`each` exists only in a step with `for_each`, in its arguments and other options',
};

function scopeWord(kind: ScopeKind): string {
  switch (kind) {
    case 'module':
      return 'file';
    case 'for':
      return 'for expression';
    default:
      return kind;
  }
}

/** Declares and resolves every name of a program. Never throws on bad input; problems are diagnostics. */
export function bind(program: Program): Binding {
  return new Binder(program).run();
}
