import fs from 'node:fs';
import path from 'node:path';
import type { HookCall } from '../../runtime/hooks/index.ts';
import { makeTempDir, type TempDir } from '../support/index.ts';

/** A temp dir holding one hook module, and a call to it that records log lines. */
export interface HookModule {
  readonly dir: TempDir;
  readonly file: string;
  readonly logs: string[];
  call(exportName: string, args?: HookCall['args'], extra?: Partial<HookCall>): HookCall;
}

export function writeHook(source: string, name = 'hook.ts'): HookModule {
  const dir = makeTempDir();
  const file = path.join(dir.path, name);
  fs.writeFileSync(file, source);
  const logs: string[] = [];
  return {
    dir,
    file,
    logs,
    call: (exportName, args = {}, extra = {}) => ({
      modulePath: file,
      exportName,
      args,
      context: { infrastructure: 'edge' },
      timeoutMs: 20_000,
      log: (level, line) => logs.push(`${level}: ${line}`),
      ...extra,
    }),
  };
}

export const live = (): AbortSignal => new AbortController().signal;

/** Whether a process is still alive (signal 0 probes without sending). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
