import type { Outputs } from './types.ts';

/**
 * What the executor reports, in order, to its observers (the journal, the
 * live display, `--format json`). `at` is the executor clock's time in ms.
 */
export type ExecEvent =
  | StartEvent
  /** An attempt failed and another one follows after `delayMs`. */
  | { readonly type: 'retry'; readonly id: string; readonly attempt: number; readonly error: string; readonly timedOut: boolean; readonly durationMs: number; readonly delayMs: number; readonly at: number }
  | { readonly type: 'success'; readonly id: string; readonly attempt: number; readonly outputs: Outputs; readonly durationMs: number; readonly at: number }
  /** The last attempt failed: the node failed. */
  | { readonly type: 'failure'; readonly id: string; readonly attempt: number; readonly error: string; readonly timedOut: boolean; readonly durationMs: number; readonly at: number }
  /** An attempt ended by the run's interruption; `ran: false` when it was stopped before its side effect began. */
  | { readonly type: 'stopped'; readonly id: string; readonly attempt: number; readonly ran: boolean; readonly error: string; readonly durationMs: number; readonly at: number }
  | { readonly type: 'skip'; readonly id: string; readonly reason: string; readonly kind: SkipKind; readonly at: number }
  /** Succeeded in the run being resumed: not run again. */
  | { readonly type: 'resumed'; readonly id: string; readonly outputs: Outputs; readonly at: number }
  | { readonly type: 'log'; readonly id: string; readonly attempt: number; readonly line: string; readonly at: number }
  /** More members failed than the group allows: its members not yet started are skipped. */
  | { readonly type: 'group-stopped'; readonly group: string; readonly failedMembers: readonly string[]; readonly maxFailures: number; readonly at: number }
  /** The external signal aborted: nothing new starts, running nodes see their signal abort. */
  | { readonly type: 'interrupt'; readonly reason: string; readonly at: number };

/** Emitted before each attempt, before the node's side effect. */
export interface StartEvent {
  readonly type: 'start';
  readonly id: string;
  readonly attempt: number;
  readonly idempotent: boolean;
  readonly check?: string;
  readonly at: number;
}

/**
 * `dependency`: a need failed or was skipped; `group-stopped`: the rollout
 * stopped before this member started; `uncertain`: on resume, a
 * non-idempotent step that may or may not have happened.
 */
export type SkipKind = 'dependency' | 'group-stopped' | 'uncertain';

export interface ExecObserver {
  /** Called synchronously; a throw stops the run (a journal that cannot write must not let side effects go on). */
  onEvent?(event: ExecEvent): void;
  /**
   * Called after the `start` event and before the node's `run`; the side
   * effect waits for the returned promise (the journal's durability point).
   * A throw fails the attempt.
   */
  beforeEffect?(event: StartEvent): void | Promise<void>;
}
