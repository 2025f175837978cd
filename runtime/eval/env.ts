import type { CallContext, Value, ValueObject } from '../../stdlib/index.ts';
import type { RefRoot } from '../../compiler/plan/index.ts';

/**
 * The run-time values a deferred expression may read. Everything is
 * optional: a value that reads what is absent fails with a clear EvalError,
 * so the caller supplies only what the step's context has (a hook has no
 * `instance`, a step without `for_each` has no `each`).
 */
export interface EvalEnv {
  /**
   * The values of the `ref` roots: `instance` (the instance being
   * provisioned), `deployment` (`{ added, removed }`), `each`
   * (`{ key, value }`), and by name `array`, `network`, `subnet`, `param`.
   */
  readonly roots?: Readonly<Partial<Record<Exclude<RefRoot, 'local'>, Value>>>;
  /** The outputs of a step that has succeeded, by step id. */
  stepOutputs?(id: string): ValueObject | undefined;
  /** The outputs of a hook whose steps have all succeeded, by hook id. */
  hookOutputs?(id: string): ValueObject | undefined;
  /** A secret's value; undefined when it has none. */
  secret?(name: string): string | undefined;
  /** Step and hook ids whose outputs count as secret (built from a secret argument). */
  readonly secretOutputs?: ReadonlySet<string>;
  /** For `file()`: the blueprint's directory and a reader; without `files`, `file()` fails. */
  readonly call?: CallContext;
}

/** A value and whether it is built from a secret. */
export interface Evaluated {
  readonly value: Value;
  /** True when any secret, or any output marked secret, went into the value: mask it. */
  readonly secret: boolean;
  /** The secrets the value is built from, sorted (their values are what to mask in text). */
  readonly secrets: readonly string[];
}
