import type { Block, Call, Expr, Hook, OsTemplate, Span, Step } from '../../grammar/index.ts';
import type { FileReader, OsTemplateDef, StepDef, Type, Value } from '../../stdlib/index.ts';
import type { Binding, MbpSymbol } from '../binder/index.ts';
import type { Code, DiagnosticExtras, MessageArgs } from '../diagnostics/index.ts';
import type { BlockKind } from '../schemas/index.ts';
import type { TsHookRequest } from '../ts-hooks/index.ts';
import type { StepTarget, TemplateTarget, WorkflowTarget } from './checked-program.ts';

/**
 * What every check gets: the binding, the expression facts computed so far
 * (types, constant values, secret taint), and a way to report. Checks are
 * small functions over this context, one file each under `checks/`.
 */
export interface CheckContext {
  readonly binding: Binding;
  /** The file being checked (diagnostics go to it). */
  readonly file: string;
  report(code: Code, span: Span, args?: MessageArgs, extras?: DiagnosticExtras): void;
  /** The type of an expression, inferred on first use (its diagnostics reported once). */
  typeOf(expr: Expr): Type;
  /** The compile-time value of an expression, when known. */
  valueOf(expr: Expr): Value | undefined;
  /** Whether the expression is built from a secret. */
  isSecret(expr: Expr): boolean;
  /** The type a symbol has as a value (`error` for non-values). */
  typeOfSymbol(symbol: MbpSymbol): Type;
  /** Tells inference the type a position expects, before the expression is first typed (a `list(any)` accepts mixed elements). */
  expect(expr: Expr, type: Type): void;
  expectedOf(expr: Expr): Type | undefined;
}

/** What inference finds about one expression. */
export interface Inferred {
  readonly type: Type;
  readonly value?: Value;
  readonly secret?: boolean;
}

/** Facts the structural checks record for later stages (see `CheckedProgram`). */
export interface FactRecorder {
  blockKind(block: Block, kind: BlockKind): void;
  network(block: Block, symbol: MbpSymbol): void;
  template(array: Block, target: TemplateTarget): void;
  base(template: OsTemplate, def: OsTemplateDef): void;
  readyCheck(template: OsTemplate, call: Call, def: StepDef): void;
  tsHook(request: TsHookRequest): void;
}

/** What the structural checks need beyond expressions. */
export interface StructureContext extends CheckContext {
  /** Reads files for `file()` folding; absent when files may not be read. */
  readonly files: FileReader | undefined;
  stepTargetOf(step: Step): StepTarget | undefined;
  workflowOf(node: Hook | Step): WorkflowTarget | undefined;
  /** Runs `fn` with `each` typed from a `for_each` of type `forEach`. */
  withEach<R>(forEach: Type, fn: () => R): R;
  /** Records the type of a step's or hook's call: what it outputs (it is run, never evaluated as a value). */
  setRunType(node: Step | Hook): void;
  /** Whether the current file has a syntax error inside `span` (entries may be missing from the tree there). */
  hasSyntaxErrorIn(span: Span): boolean;
  readonly record: FactRecorder;
}
