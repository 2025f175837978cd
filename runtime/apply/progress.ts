import type { ExecEvent, ExecObserver } from '../executor/index.ts';

type Write = (text: string) => void;

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

/** The plain log: one line per step start, end, retry, failure or skip (no TTY, `CI=true`, and for now on a TTY too). */
export function lineLogObserver(write: Write, options: { readonly logs?: boolean } = {}): ExecObserver {
  return {
    onEvent(e: ExecEvent): void {
      switch (e.type) {
        case 'start':
          write(`${e.id}: started${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}\n`);
          break;
        case 'success':
          write(`${e.id}: done in ${secs(e.durationMs)}\n`);
          break;
        case 'retry':
          write(`${e.id}: attempt ${e.attempt} failed (${e.error}); retrying in ${secs(e.delayMs)}\n`);
          break;
        case 'failure':
          write(`${e.id}: FAILED after ${e.attempt} attempt(s): ${e.error}\n`);
          break;
        case 'stopped':
          write(`${e.id}: stopped by the interruption\n`);
          break;
        case 'skip':
          write(`${e.id}: skipped (${e.reason})\n`);
          break;
        case 'resumed':
          write(`${e.id}: done in an earlier run, not run again\n`);
          break;
        case 'log':
          if (options.logs === true) write(`${e.id}: | ${e.line}\n`);
          break;
        case 'group-stopped':
          write(`${e.group}: rollout stopped, ${e.failedMembers.length} failed (max_failures = ${e.maxFailures}): ${e.failedMembers.join(', ')}\n`);
          break;
        case 'interrupt':
          write(`interrupted (${e.reason}): waiting for running steps to stop\n`);
          break;
      }
    },
  };
}

/** `--format json`: one JSON object per event and line. */
export function jsonEventsObserver(write: Write): ExecObserver {
  return { onEvent: (e) => write(`${JSON.stringify({ event: e.type, ...e })}\n`) };
}
