/**
 * The types hook authors import: `import type { Instance, HookContext } from 'metal-blueprint/hooks'`.
 *
 * A hook is an exported function `export async function name(args: Args, ctx: HookContext): Promise<Result>`.
 * `mbp check` type-checks the blueprint's `args` against the first parameter's
 * type (see README.md for how the language's types map to TypeScript), so this
 * file is a contract: changing a field here changes what blueprints may pass.
 * Types only: nothing here runs, and the file must keep matching
 * `INSTANCE_FIELDS` in `stdlib/types.ts` (a test compares them).
 */

/** The physical server bound to an instance. */
export interface Server {
  /** Inventory id of the server. */
  readonly id: string;
  readonly serial: string;
  /** Server type name, e.g. `M.8.32.2`. */
  readonly type: string;
  readonly rack: string;
}

/** An instance of an instance array, as the language's `instance` value. */
export interface Instance {
  /** Position of the instance in its array, from 0. */
  readonly index: number;
  /** The instance hostname (default `${array}-${index}`). */
  readonly hostname: string;
  /** First IPv4 address of the instance. */
  readonly ipv4: string;
  /** First IPv6 address of the instance, when it has one (empty otherwise). */
  readonly ipv6: string;
  readonly server: Server;
  /** Custom variables: infrastructure, array and instance `vars` merged, the narrower winning. */
  readonly vars: Readonly<Record<string, JsonValue>>;
}

/** What a hook may return, and what `vars` hold: plain JSON. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Lines written here show in the run's output and journal, masked like step output. */
export interface HookLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The second argument of every hook. */
export interface HookContext {
  /** The instance being provisioned, for hooks run per instance (`on provision`, `on deprovision`, template steps). */
  readonly instance?: Instance;
  /** Name of the infrastructure being deployed or destroyed. */
  readonly infrastructure: string;
  readonly logger: HookLogger;
  /** Aborted when the step times out or the run is interrupted; pass it to `fetch` and friends. */
  readonly signal: AbortSignal;
}

/**
 * The shape of a hook, for authors who prefer `export const name: Hook<Args> = async (args, ctx) => …`.
 * Only the first parameter's type is checked against the blueprint's `args`.
 */
export type Hook<Args = Record<string, never>, Result extends JsonValue | void = JsonValue | void> = (
  args: Args,
  ctx: HookContext,
) => Promise<Result>;
