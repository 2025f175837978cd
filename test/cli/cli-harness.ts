import { main } from '../../cli/main.ts';
import type { CliIO } from '../../cli/io.ts';
import { MemoryFileSystem, type FileSystem, type MemoryEntry } from '../../compiler/sources/index.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliSetup {
  readonly files?: Readonly<Record<string, MemoryEntry>>;
  readonly fs?: FileSystem;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly isTTY?: boolean;
  readonly cwd?: string;
}

/** Runs `mbp ARGV` in-process against memory streams (and, unless given a file system, files in memory under /proj). */
export async function runCli(argv: readonly string[], setup: CliSetup = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (text) => void (stdout += text), isTTY: setup.isTTY ?? false },
    stderr: { write: (text) => void (stderr += text), isTTY: setup.isTTY ?? false },
    env: setup.env ?? {},
    cwd: setup.cwd ?? '/proj',
    fs: setup.fs ?? new MemoryFileSystem(setup.files ?? {}),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
