import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { JsonValue } from '../../stdlib/hooks-api/index.ts';
import { abortReason, systemClock, type Clock } from '../clock/index.ts';
import { chainMaskers, createMasker, type Masker } from '../secrets/index.ts';
import { HookError, type HookFailureKind } from './hook-error.ts';
import type { ChildMessage, HookCallContext, LogLevel, ParentMessage } from './protocol.ts';
import { hookFrames } from './stack.ts';

const CHILD_MAIN = fileURLToPath(new URL('./child-main.ts', import.meta.url));

export interface HookCall {
  /** The TypeScript module, absolute (the step's `path` resolved against the blueprint's directory). */
  readonly modulePath: string;
  /** The exported function; `default` for a default export. */
  readonly exportName: string;
  /** The `args` object, already evaluated: durations in milliseconds, sizes in bytes (runtime values are). */
  readonly args: JsonValue;
  readonly context: HookCallContext;
  readonly timeoutMs: number;
  /** A line the hook logged (`ctx.logger`, or its stdout as info and stderr as warn), masked. */
  readonly log?: (level: LogLevel, line: string) => void;
  /** Secret values among the arguments: masked in logs, the result and errors. */
  readonly secrets?: readonly string[];
  /** The run's compiled masker (every secret it has seen), used as it is, before `secrets`: compiling them all again per call made a run quadratic in its secrets. */
  readonly masker?: Masker;
}

export interface HookRunOptions {
  /** After the time limit, how long the hook has to stop on `ctx.signal` before its process is killed (default 1 s). */
  readonly killGraceMs?: number;
  /** Working directory of the hook process, and what paths in messages are relative to (default: process.cwd()). */
  readonly cwd?: string;
  /** The hook process's environment (default: this process's, without MBP_SECRET_* variables). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly clock?: Clock;
}

export interface HookOutcome {
  /** The function's awaited return value: the step's `result` output. */
  readonly result: JsonValue;
}

/**
 * Runs `std.ts.call` in a child process (tsx's loader, no build step), so
 * that a hook past its time limit can be stopped whatever it is doing: its
 * `ctx.signal` aborts, and after a short grace its process is killed. The
 * caller's abort (Ctrl-C) does the same and rejects with its reason.
 */
export async function runHook(call: HookCall, signal: AbortSignal, options: HookRunOptions = {}): Promise<HookOutcome> {
  signal.throwIfAborted();
  const clock = options.clock ?? systemClock;
  const cwd = options.cwd ?? process.cwd();
  const own = createMasker(call.secrets ?? []);
  const masker = call.masker === undefined ? own : chainMaskers(call.masker, own);
  const name = `hook ${call.exportName} in ${displayPath(call.modulePath, cwd)}`;
  const child = fork(CHILD_MAIN, [], {
    cwd,
    execArgv: ['--import', import.meta.resolve('tsx')],
    env: childEnv(options.env ?? process.env),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
  const log = (level: LogLevel, text: string): void => {
    for (const line of text.split(/\r?\n/)) call.log?.(level, masker.mask(line));
  };
  // What the hook prints (console.log...) is logged too: stdout as info, stderr as warn.
  if (child.stdout) createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => log('info', line));
  if (child.stderr) createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => log('warn', line));
  const stderrTail: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail.push(chunk.toString('utf8'));
    if (stderrTail.length > 20) stderrTail.shift();
  });

  let answer: ChildMessage | undefined;
  child.on('message', (message: ChildMessage) => {
    if (message.type === 'log') log(message.level, message.message);
    else answer ??= message;
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, sig) => resolve({ code, signal: sig })),
  );
  child.on('error', () => undefined);
  child.once('spawn', () => send(child, { type: 'call', modulePath: call.modulePath, exportName: call.exportName, args: call.args, context: call.context }));

  const timer = new AbortController();
  const timedOut = clock.sleep(call.timeoutMs, timer.signal).then(
    () => 'timeout' as const,
    // Cancelled once the hook is done: the race is already decided.
    () => new Promise<never>(() => undefined),
  );
  let onAbort = (): void => undefined;
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const first = await Promise.race([closed, timedOut, aborted]);
    if (first === 'timeout' || first === 'aborted') {
      await stop(child, first === 'timeout' ? 'the hook timed out' : 'the run was interrupted', options.killGraceMs ?? 1_000, clock, closed);
      if (first === 'aborted') throw abortReason(signal);
      throw new HookError({ kind: 'timeout', message: `${name} did not finish within ${call.timeoutMs} ms; its process was killed` });
    }
    return settle(answer, first, { name, call, cwd, masker, stderr: stderrTail.join('') });
  } finally {
    signal.removeEventListener('abort', onAbort);
    timer.abort();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** Signals the hook to stop, then kills it if it has not ended after the grace. */
async function stop(child: ChildProcess, reason: string, graceMs: number, clock: Clock, closed: Promise<unknown>): Promise<void> {
  send(child, { type: 'abort', reason });
  const grace = new AbortController();
  const ended = await Promise.race([closed.then(() => true), clock.sleep(graceMs, grace.signal).then(() => false, () => true)]);
  grace.abort();
  if (!ended) {
    child.kill('SIGKILL');
    await closed;
  }
}

function settle(
  answer: ChildMessage | undefined,
  exit: { code: number | null; signal: NodeJS.Signals | null },
  about: { name: string; call: HookCall; cwd: string; masker: Masker; stderr: string },
): HookOutcome {
  const { name, masker } = about;
  if (answer?.type === 'result') return { result: masker.maskJson(answer.value) };
  if (answer?.type === 'failure') {
    const frames = hookFrames(answer.stack, { cwd: about.cwd, modulePath: about.call.modulePath, runnerFile: CHILD_MAIN });
    const stack = masker.mask(frames.text);
    const verb: Record<typeof answer.kind, string> = {
      threw: 'threw',
      'not-found': 'cannot be called',
      'load-failed': 'did not load',
      'invalid-result': 'returned an invalid result',
    };
    throw new HookError({
      kind: answer.kind as HookFailureKind,
      message: masker.mask(`${name} ${verb[answer.kind]}: ${answer.message}`) + (stack === '' ? '' : `\n${stack}`),
      ...(stack !== '' ? { hookStack: stack } : {}),
      ...(frames.top !== undefined ? { location: frames.top } : {}),
    });
  }
  const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const tail = about.stderr.trim().split('\n').slice(-5).join('\n');
  throw new HookError({ kind: 'crashed', message: masker.mask(`the process of ${name} ${how} before returning${tail === '' ? '' : `:\n${tail}`}`) });
}

function send(child: ChildProcess, message: ParentMessage): void {
  if (child.connected) child.send(message, (error) => void error);
}

/** Secrets reach a hook through its arguments only, never through the environment mbp read them from. */
function childEnv(env: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && !key.startsWith('MBP_SECRET_')) out[key] = value;
  return out;
}

function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}
