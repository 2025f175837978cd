import type {
  Block,
  ForExpr,
  Hook,
  Import,
  Infrastructure,
  Let,
  Member,
  NamedArg,
  Node,
  OsTemplate,
  Output,
  Param,
  Ref,
  Secret,
  Span,
  Step,
  Workflow,
  WorkflowParam,
} from '../../grammar/index.ts';

/**
 * What a name can stand for. `context` values (`instance`, `deployment`,
 * `each`), `std` and built-in `function`s have no declaration in a file.
 */
export type SymbolKind =
  | 'param'
  | 'secret'
  | 'let'
  | 'output'
  | 'os_template'
  | 'infrastructure'
  | 'workflow'
  | 'import'
  | 'network'
  | 'subnet'
  | 'instance_array'
  | 'hook'
  | 'workflow_param'
  | 'step'
  | 'for_variable'
  | 'context'
  | 'std'
  | 'function';

/** The node that declares a symbol (a `Block` for networks, subnets and instance arrays). */
export type DeclarationNode =
  | Param
  | Secret
  | Let
  | Output
  | OsTemplate
  | Infrastructure
  | Workflow
  | Import
  | Block
  | Hook
  | WorkflowParam
  | Step
  | ForExpr;

export type ContextName = 'instance' | 'deployment' | 'each';

export interface MbpSymbol {
  /** Unique within one binding, in declaration order (stable for the same input). */
  readonly id: number;
  readonly kind: SymbolKind;
  readonly name: string;
  /** The declaring file; `''` for built-ins. */
  readonly file: string;
  /** Absent for built-ins. For a for-expression variable, the `ForExpr`. */
  readonly declaration?: DeclarationNode;
  /** Span of the declared name (the label of `network wan`); absent for built-ins. */
  readonly nameSpan?: Span;
  /** The `///` doc comment of the declaration. */
  readonly doc?: string;
  /** The scope the symbol is declared in; absent for built-ins. */
  readonly scope?: Scope;
}

export type ScopeKind = 'module' | 'infrastructure' | 'instance_array' | 'os_template' | 'workflow' | 'step' | 'hook' | 'for';

/**
 * A lexical scope. Names are looked up from the innermost scope outwards;
 * `context` values are the ones a scope makes available (`instance` in an
 * instance_array and an os_template, `deployment` in a hook, `each` in a
 * step with `for_each`).
 */
export interface Scope {
  readonly kind: ScopeKind;
  /** The node that opens it: `Module`, `Infrastructure`, `Block` (instance_array), `OsTemplate`, `Workflow`, `Step`, `Hook`, `ForExpr`. */
  readonly node: Node;
  readonly file: string;
  readonly parent?: Scope;
  /** Names usable in expressions. */
  readonly symbols: ReadonlyMap<string, MbpSymbol>;
  /**
   * Outputs, a namespace of their own: they are read from outside
   * (`HOOK.NAME`, `mbp output`), so `output ldap = ldap.address` beside
   * `step ldap` is fine.
   */
  readonly outputs: ReadonlyMap<string, MbpSymbol>;
  readonly context: ReadonlySet<ContextName>;
}

/** A use of a symbol: a `Ref`, the member of an import alias (`k8s.join`), or a named argument of a workflow call. */
export interface Reference {
  readonly file: string;
  readonly node: Ref | Member | NamedArg;
  /** The name as written at the use. */
  readonly span: Span;
  readonly symbol: MbpSymbol;
}

/** "a network", "an instance_array": for messages. */
export function describeKind(kind: SymbolKind): string {
  const words: Record<SymbolKind, string> = {
    param: 'a param',
    secret: 'a secret',
    let: 'a let',
    output: 'an output',
    os_template: 'an os_template',
    infrastructure: 'an infrastructure',
    workflow: 'a workflow',
    import: 'an import alias',
    network: 'a network',
    subnet: 'a subnet',
    instance_array: 'an instance_array',
    hook: 'a hook',
    workflow_param: 'a workflow parameter',
    step: 'a step',
    for_variable: 'a for variable',
    context: 'a context value',
    std: 'the standard library',
    function: 'a function',
  };
  return words[kind];
}
