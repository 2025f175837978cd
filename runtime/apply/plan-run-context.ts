import { isList, isObject, type Value, type ValueObject } from '../../stdlib/index.ts';
import type { ExecEvent, ExecObserver, Outputs, StartEvent } from '../executor/index.ts';
import { createMasker, NO_SECRETS, type Masker } from '../secrets/index.ts';
import type { SecretSource } from './secret-source.ts';

export interface PlanRunContextOptions {
  readonly secrets: SecretSource;
  /**
   * The executor's observers (the journal, the display). The children of a
   * `for_each` that can only be expanded while running report their own
   * start and end to them, so each child is its own journal entry.
   */
  readonly observers?: readonly ExecObserver[];
  /** Outputs of the steps finished in the run being resumed, by id (children of such a `for_each` included). */
  readonly resumed?: ReadonlyMap<string, Outputs>;
  /** For the `at` of child events: the executor's clock. */
  readonly now?: () => number;
  /** Values to mask from the start (sensitive params). */
  readonly sensitive?: readonly string[];
}

/** Strings built from a secret shorter than this are not masked on their own (`"yes"` would vanish from every line). */
const MIN_TAINTED_LENGTH = 6;

/**
 * What one run's nodes share: secret values (resolved from the source on
 * first use, then masked in every output, log line and error), the ids
 * whose outputs are secret, outputs of children expanded while running, and
 * the observers those children report to. One per `apply`/`destroy`.
 */
export class PlanRunContext {
  /** Step and hook ids whose outputs were built from a secret (the evaluator taints what reads them). */
  readonly secretOutputs = new Set<string>();
  /** Outputs of `for_each` children run inside their parent node, by child id. */
  readonly childOutputs = new Map<string, Outputs>();
  readonly resumed: ReadonlyMap<string, Outputs>;
  private masker: Masker = NO_SECRETS;
  /** What the masker masks, for drivers that mask before they encode (an HTTP error quotes a body as JSON). */
  private readonly values = new Set<string>();
  private readonly resolved = new Map<string, string>();
  private readonly source: SecretSource;
  private readonly observers: readonly ExecObserver[];
  private readonly now: () => number;

  constructor(options: PlanRunContextOptions) {
    this.source = options.secrets;
    this.observers = options.observers ?? [];
    this.resumed = options.resumed ?? new Map();
    this.now = options.now ?? Date.now;
    for (const v of options.sensitive ?? []) this.addSecret(v);
  }

  /** A secret's value, from the source on first use; from then on it is masked in everything this run shows. */
  secret(name: string): string | undefined {
    const known = this.resolved.get(name);
    if (known !== undefined) return known;
    const value = this.source.get(name);
    if (value !== undefined) {
      this.resolved.set(name, value);
      this.addSecret(value);
    }
    return value;
  }

  /** Masks a value, and its encoded forms (runtime/secrets), from now on. */
  addSecret(value: string): void {
    if (value === '') return;
    this.masker = this.masker.with([value]);
    this.values.add(value);
  }

  /** Masks the strings of a value built from a secret (a `Bearer …` header, a command line), as they are. */
  addTainted(value: Value): void {
    const strings: string[] = [];
    const walk = (v: Value): void => {
      if (typeof v === 'string') {
        if (v.length >= MIN_TAINTED_LENGTH) strings.push(v);
      } else if (isList(v)) v.forEach(walk);
      else if (isObject(v)) Object.values(v).forEach(walk);
    };
    walk(value);
    if (strings.length > 0) this.masker = this.masker.with(strings);
    for (const v of strings) this.values.add(v);
  }

  /** The masker of every secret known so far; immutable (a later secret makes a new one), so a driver may keep it for a request. */
  get currentMasker(): Masker {
    return this.masker;
  }

  /** The secret values (and strings built from them) known so far. */
  secretValues(): readonly string[] {
    return [...this.values];
  }

  mask(text: string): string {
    return this.masker.mask(text);
  }

  /** Every string of a value, keys included, masked. */
  maskValue<T extends Value>(value: T): T {
    return this.masker.maskJson(value);
  }

  /** For `journalObserver({ maskOutputs })`: outputs are masked at the source already; this catches anything else. */
  readonly maskOutputs = (_id: string, outputs: Outputs): Outputs => this.maskValue(outputs as ValueObject);

  /** The error with its message (and other text) masked and its cause dropped; the executor and journal see only this. */
  maskError(error: unknown): unknown {
    if (!(error instanceof Error)) return new Error(this.mask(String(error)));
    return this.masker.maskError(error);
  }

  /** Reports an event of a child run inside its parent node. */
  emit(event: ExecEvent): void {
    for (const o of this.observers) o.onEvent?.(event);
  }

  /** The journal's durability point for a child, as the executor has for nodes. */
  async beforeEffect(event: StartEvent): Promise<void> {
    for (const o of this.observers) await o.beforeEffect?.(event);
  }

  time(): number {
    return this.now();
  }
}
