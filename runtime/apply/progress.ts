import type { ExecEvent, ExecObserver } from '../executor/index.ts';

type Write = (text: string) => void;

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

/**
 * The plain log's sentence for an event (no newline), or undefined for one
 * it does not show. The live display prints the same sentences for the
 * events it keeps above its live area (failures, retries, stopped rollouts).
 */
export function eventLine(e: ExecEvent, options: { readonly logs?: boolean } = {}): string | undefined {
  switch (e.type) {
    case 'start':
      return `${e.id}: started${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`;
    case 'success':
      return `${e.id}: done in ${secs(e.durationMs)}`;
    case 'retry':
      return `${e.id}: attempt ${e.attempt} failed (${e.error}); retrying in ${secs(e.delayMs)}`;
    case 'failure':
      return `${e.id}: FAILED after ${e.attempt} attempt(s): ${e.error}`;
    case 'stopped':
      return `${e.id}: stopped by the interruption`;
    case 'skip':
      return `${e.id}: skipped (${e.reason})`;
    case 'resumed':
      return `${e.id}: done in an earlier run, not run again`;
    case 'log':
      return options.logs === true ? `${e.id}: | ${e.line}` : undefined;
    case 'group-stopped':
      return `${e.group}: rollout stopped, ${e.failedMembers.length} failed (max_failures = ${e.maxFailures}): ${e.failedMembers.join(', ')}`;
    case 'interrupt':
      return `interrupted (${e.reason}): waiting for running steps to stop`;
  }
}

/** The plain log: one line per step start, end, retry, failure or skip (no TTY, `CI=true`, `TERM=dumb`). */
export function lineLogObserver(write: Write, options: { readonly logs?: boolean } = {}): ExecObserver {
  return {
    onEvent(e: ExecEvent): void {
      const line = eventLine(e, options);
      if (line !== undefined) write(`${line}\n`);
    },
  };
}

/** `--format json`: one JSON object per event and line. */
export function jsonEventsObserver(write: Write): ExecObserver {
  return { onEvent: (e) => write(`${JSON.stringify({ event: e.type, ...e })}\n`) };
}
