import { jsonEventsObserver, lineLogObserver } from '../../runtime/apply/index.ts';
import type { ExecObserver } from '../../runtime/executor/index.ts';
import type { CliIO, OutputStream } from '../io.ts';
import { terminalStyle } from '../terminal-style.ts';
import type { DisplayLayout } from './layout.ts';
import { LiveDisplay } from './live-display.ts';

export type OutputMode = 'live' | 'log' | 'json';

/** `CI=true` (or any value but empty, `0` or `false`), as CI services set it. */
function isCI(env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/**
 * `--format json`: JSON lines. Text: the live display when stdout is a
 * terminal that can move its cursor (not `TERM=dumb`) and this is not CI
 * (`CI=true`, for CI runners that give the job a pseudo-terminal); the plain
 * line log otherwise (pipes, files, CI logs).
 */
export function outputMode(stdout: OutputStream, env: Readonly<Record<string, string | undefined>>, format: 'text' | 'json'): OutputMode {
  if (format === 'json') return 'json';
  return stdout.isTTY && !isCI(env) && env.TERM !== 'dumb' ? 'live' : 'log';
}

export interface RunOutputOptions {
  readonly format: 'text' | 'json';
  /** `Applying hello.mbp`: the live display's first line. */
  readonly title: string;
  readonly layout?: DisplayLayout;
  /** `--no-color` (colour follows terminal-style.ts otherwise). */
  readonly color?: boolean;
  /** The run's clock (elapsed times). */
  readonly now: () => number;
}

/** How a run reports: observers for the executor, and the I/O to use while it runs. */
export interface RunOutput<T extends CliIO> {
  readonly mode: OutputMode;
  readonly observers: readonly ExecObserver[];
  /** `io` for the length of the run: with the live display, what is written lands above its live area. */
  readonly io: T;
  /** Give it the run's id as soon as it exists (`ApplyOptions.onStart`): the live display shows it in its header; the log and JSON name it at the end. */
  onStart(runId: string): void;
  /** Ends the live area with the final summary and restores the cursor (nothing in the other modes); safe to call twice. */
  close(): void;
}

export function runOutput<T extends CliIO>(io: T, options: RunOutputOptions): RunOutput<T> {
  const mode = outputMode(io.stdout, io.env, options.format);
  const write = (text: string): void => io.stdout.write(text);
  if (mode !== 'live') {
    return { mode, observers: [mode === 'json' ? jsonEventsObserver(write) : lineLogObserver(write)], io, onStart: () => undefined, close: () => undefined };
  }
  const display = new LiveDisplay({
    stream: io.stdout,
    title: options.title,
    style: terminalStyle(io.stdout, io.env, options.color),
    now: options.now,
    ...(options.layout ? { layout: options.layout } : {}),
  });
  const through = (stream: OutputStream): OutputStream => ({ write: (text) => display.above(text, (t) => stream.write(t)), isTTY: stream.isTTY });
  const runIO = { ...io, stdout: through(io.stdout), stderr: through(io.stderr) } as T;
  return { mode, observers: [display], io: runIO, onStart: (runId) => display.setRunId(runId), close: () => display.close() };
}
