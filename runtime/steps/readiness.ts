import type { ResolvedInstance } from './types.ts';

export interface ReadyRequest {
  readonly instance: ResolvedInstance;
  readonly method: 'ssh' | 'callback';
  /** For `ssh`: the port to probe. */
  readonly port?: number;
  /** For `ssh`: the host key generated at prepare_boot; another key answering is the wrong machine. */
  readonly hostKey?: string;
}

/** What answered, when the probe can tell. */
export interface ReadyAnswer {
  /** The image the OS booted (a check that the right OS came up). */
  readonly image?: string;
  readonly bootedFrom?: 'disk' | 'iscsi';
}

/** "The OS answers": an SSH probe with the pinned key, a callback, or the simulator's `waitReady`. */
export interface ReadinessProbe {
  /** Resolves once the OS answers; keeps waiting while it does not. The caller's signal is the watchdog. */
  waitReady(request: ReadyRequest, signal: AbortSignal): Promise<ReadyAnswer>;
  /** Whether the OS answers right now, without waiting. */
  isReady(instance: ResolvedInstance, signal: AbortSignal): Promise<boolean>;
}
