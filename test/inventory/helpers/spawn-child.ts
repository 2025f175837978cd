import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./inventory-child.ts', import.meta.url));

export interface Child {
  readonly process: ChildProcess;
  /** Resolves once the child has loaded and waits for "go". */
  readonly ready: Promise<void>;
  go(): void;
  /** Resolves when it exits: code, signal and everything it printed. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts `node --import tsx inventory-child.ts ARGS…` with extra environment variables. */
export function startChild(args: readonly string[], env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => {
      markReady();
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { process: child, ready, go: () => child.stdin.write('go\n'), exited };
}

/** The JSON result line a child printed after "ready". */
export function resultOf(stdout: string): { runId: string; server: number } {
  const line = stdout.split('\n').find((l) => l.startsWith('{'));
  if (line === undefined) throw new Error(`child printed no result:\n${stdout}`);
  return JSON.parse(line) as { runId: string; server: number };
}
