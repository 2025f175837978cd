import type { EnumName, ReferenceKind, Type, Value } from '../../stdlib/index.ts';

/**
 * Which attributes and blocks a body may hold (DESIGN.md section 2: the
 * grammar only knows `NAME = expr` and `NAME label* { body }`). The checker
 * applies these schemas; completion and hover read the same data.
 */
export type BlockKind =
  | 'infrastructure'
  | 'network'
  | 'subnet'
  | 'instance_array'
  | 'port'
  | 'prefer'
  | 'rollout'
  | 'instance'
  | 'os_template'
  | 'asset'
  | 'workflow'
  | 'param'
  | 'step_options'
  | 'retry'
  | 'hook_options';

export interface AttributeSchema {
  readonly name: string;
  /** The value's type; `any` with `reference` or `typeFromDeclaration` says more. */
  readonly type: Type;
  readonly required: boolean;
  /** The value used when the attribute is absent (run-time representation). */
  readonly default?: Value;
  /** Set when the default is not a constant, e.g. "the datacenter's default prefix". */
  readonly defaultDoc?: string;
  /** String values (or list elements) come from this enum. */
  readonly enum?: EnumName;
  /** The value names a declaration (`template = ubuntu_k8s`) or an inventory object. */
  readonly reference?: ReferenceKind;
  /**
   * The type depends on the declaration (a param's `default`, `min`, `max` are
   * of the param's type; `allowed` is a list of it).
   */
  readonly typeFromDeclaration?: 'same' | 'list';
  /**
   * Also accepted in block form, e.g. `retry { attempts = 3 }` for
   * `retry = { attempts = 3 }`; writing both forms in one body is an error.
   */
  readonly blockForm?: BlockKind;
  /** Attributes that must be present alongside this one. */
  readonly requires?: readonly string[];
  /** Bounds for int values. */
  readonly min?: number;
  readonly max?: number;
  readonly doc: string;
  /** Why it is deprecated and what to write instead. */
  readonly deprecated?: string;
}

export interface LabelSchema {
  readonly name: string;
  /** `int`: a number such as a port index; `name`: an identifier declaring a symbol. */
  readonly kind: 'int' | 'name';
  readonly doc: string;
}

export interface NestedBlockSchema {
  /** The word written in the body (`port`, `instance_array`). */
  readonly name: string;
  readonly kind: BlockKind;
  readonly labels: readonly LabelSchema[];
  /** Whether the block may appear more than once (labels must then differ). */
  readonly repeatable: boolean;
  readonly doc: string;
}

/**
 * Attributes of which one alternative (a set that goes together) may be
 * written: mixing members of two alternatives is an error, and when
 * `required` one alternative must be present. The first member of each
 * alternative is the one that stands for it in messages and completion.
 */
export interface ExclusiveGroup {
  readonly name: string;
  readonly alternatives: readonly (readonly string[])[];
  readonly required: boolean;
  readonly doc: string;
}

/** A keyword statement allowed in a body besides attributes and blocks. */
export interface DeclarationSchema {
  readonly keyword: 'on' | 'output' | 'step';
  readonly doc: string;
}

/**
 * Context values visible in a body (DESIGN.md section 2): `instance` in an
 * instance_array and an os_template's steps, `deployment` in hooks, `each` in
 * a step with `for_each`.
 */
export type ContextValue = 'instance' | 'deployment' | 'each';

export interface BlockSchema {
  readonly kind: BlockKind;
  readonly doc: string;
  /** Labels of the block itself (`infrastructure edge`: one name). */
  readonly labels: readonly LabelSchema[];
  readonly attributes: readonly AttributeSchema[];
  readonly blocks: readonly NestedBlockSchema[];
  readonly exclusive: readonly ExclusiveGroup[];
  readonly declarations: readonly DeclarationSchema[];
  readonly context: readonly ContextValue[];
}
