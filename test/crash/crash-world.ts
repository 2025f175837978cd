import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isProcessAlive } from '../../runtime/inventory/index.ts';
import { readJournalFile, type JournalRecord } from '../../runtime/journal/index.ts';
import { SimulatedWorld } from '../e2e/simulated-world.ts';
import type { WorldSnapshot } from './invariants.ts';

const BIN = fileURLToPath(new URL('../../cli/bin/mbp.js', import.meta.url));

export interface ApplyAttempt {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface AttemptOptions {
  /** `MBP_FAILPOINTS` for this process only. */
  readonly failpoints?: string;
  /** SIGKILL the child this long after it was spawned (if it is still running). */
  readonly killAfterMs?: number;
  /** SIGTERM the child once its output matches (a clean interruption). */
  readonly termWhen?: RegExp;
}

/** A run of this 4-instance world takes a few seconds: one still going after this has hung (and is killed, signal SIGKILL). */
export const HANG_GUARD_MS = 30_000;

/** A SimulatedWorld whose `mbp apply` can be killed: by a failpoint inside it, by a timer, or stopped cleanly. */
export class CrashWorld extends SimulatedWorld {
  constructor(
    dir: string,
    readonly blueprint: string,
    readonly speed: string,
  ) {
    super(dir);
  }

  attempt(options: AttemptOptions = {}): Promise<ApplyAttempt> {
    const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
    delete env.MBP_INVENTORY;
    delete env.MBP_FAILPOINTS;
    if (options.failpoints !== undefined) env.MBP_FAILPOINTS = options.failpoints;
    const child = spawn(process.execPath, [BIN, 'apply', this.blueprint, '--auto-approve', '--speed', this.speed], { cwd: this.dir, env });
    let stdout = '';
    let stderr = '';
    let termSent = false;
    const guard = setTimeout(() => child.kill('SIGKILL'), HANG_GUARD_MS);
    const timer = options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (options.termWhen !== undefined && !termSent && options.termWhen.test(stdout)) {
        termSent = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    return new Promise((resolve) =>
      child.on('close', (code, signal) => {
        clearTimeout(guard);
        if (timer !== undefined) clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      }),
    );
  }

  /** Every journal with its records, oldest first; a torn last line (a write cut by the kill) is dropped as the reader does. */
  journalRecords(): JournalRecord[][] {
    const dir = path.join(this.dir, '.mbp', 'runs');
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()
      .map((f) => [...readJournalFile(path.join(dir, f)).records]);
  }

  snapshot(): WorldSnapshot {
    return { inventory: this.inventory(), hardware: this.hardware(), journals: this.journalRecords(), alive: isProcessAlive };
  }
}
