import type { Block, Call, Expr, Hook, Name, Node, OsTemplate, Step, Workflow } from '../../grammar/index.ts';
import type { OsTemplateDef, StepDef, Type, Value } from '../../stdlib/index.ts';
import type { Binding, MbpSymbol, Program, Reference } from '../binder/index.ts';
import type { Diagnostic } from '../diagnostics/index.ts';
import type { TsHookRequest } from '../ts-hooks/index.ts';
import type { BlockKind } from '../schemas/index.ts';

/** The workflow a hook or step runs (directly, through an import alias, or with `std.workflow.call`). */
export interface WorkflowTarget {
  readonly symbol: MbpSymbol;
  readonly workflow: Workflow;
  /** The file that declares the workflow. */
  readonly file: string;
}

/** An array's `template` (or an os_template's `base`): one of the blueprint's os_templates, or a built-in. */
export type TemplateTarget =
  | { readonly kind: 'custom'; readonly symbol: MbpSymbol; readonly template: OsTemplate; readonly file: string }
  | { readonly kind: 'builtin'; readonly def: OsTemplateDef };

/** What a step's call runs. */
export type StepTarget =
  | { readonly kind: 'step'; readonly def: StepDef }
  | { readonly kind: 'workflow'; readonly target: WorkflowTarget };

/**
 * A checked program: the binding, a type for every expression checked,
 * constant values where they are known at compile time, and every name and
 * type diagnostic. What the lint and deployment-rule stages, the lowering and
 * the language server build on.
 */
export interface CheckedProgram {
  readonly program: Program;
  readonly binding: Binding;
  /** Every symbol, built-ins included. */
  readonly symbols: readonly MbpSymbol[];
  /** Every resolved use of a symbol. */
  readonly references: readonly Reference[];
  /** The type of every expression the checker visited. */
  readonly types: ReadonlyMap<Expr, Type>;
  /** Values known at compile time (literals, params with a value, folded pure calls). Run-time values are absent. */
  readonly values: ReadonlyMap<Expr, Value>;
  /** Binding and checking diagnostics (the program's own load and syntax diagnostics are in `program.diagnostics`). */
  readonly diagnostics: readonly Diagnostic[];
  /** One per `std.ts.call` whose path and export are constants: what `checkTsHooks` sends to the TypeScript checker. */
  readonly tsHookRequests: readonly TsHookRequest[];

  /** The symbol a reference, a declaration node or a declared name stands for. */
  resolve(node: Node | Name): MbpSymbol | undefined;
  /** The type of an expression; `error` when it was never checked. */
  typeOf(expr: Expr): Type;
  /** The type of what a symbol names when used as a value (`error` for non-values such as workflows). */
  typeOfSymbol(symbol: MbpSymbol): Type;
  /** The compile-time value of an expression, when it has one. */
  valueOf(expr: Expr): Value | undefined;
  /** Whether the expression is built from a secret. */
  isSecret(expr: Expr): boolean;
  /** The node declaring a symbol (undefined for built-ins). */
  declarationOf(symbol: MbpSymbol): Node | undefined;
  /** Every use of a symbol. */
  referencesOf(symbol: MbpSymbol): readonly Reference[];
  /** The workflow a hook or a step runs, if it runs one. */
  workflowOf(node: Hook | Step): WorkflowTarget | undefined;
  /** What a step runs: a step kind of the catalogue or a workflow. */
  stepTargetOf(step: Step): StepTarget | undefined;
  /** The network a `port` or `subnet` block names. */
  networkOf(block: Block): MbpSymbol | undefined;
  /** The template of an `instance_array` block. */
  templateOf(array: Block): TemplateTarget | undefined;
  /** The built-in base of an os_template. */
  baseOf(template: OsTemplate): OsTemplateDef | undefined;
  /** The schema kind of a block as it sits in its parent (`port`, `instance_array`); undefined for unknown blocks. */
  blockKindOf(block: Block): BlockKind | undefined;
  /** The value of a param: the one given (`--param`, `--params`) or its default, when known. */
  paramValue(symbol: MbpSymbol): Value | undefined;
  /** The call of a `ready = std.ready.*(...)` attribute, checked as a readiness check. */
  readyCheckOf(template: OsTemplate): { readonly call: Call; readonly def: StepDef } | undefined;
}
