import type { FileSystem } from '../compiler/sources/index.ts';
import type { ExitCode } from './exit-codes.ts';

export interface OutputStream {
  write(text: string): void;
  /** Whether a terminal is attached (decides colour and interactive prompts). */
  readonly isTTY: boolean;
  /** The terminal's width and height, when it is one (the live display fits them; read at each use, as the window resizes). */
  readonly columns?: number;
  readonly rows?: number;
}

/**
 * Everything a command touches outside itself, passed in so tests run
 * commands in-process against memory streams and a memory file system.
 */
export interface CliIO {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative paths on the command line resolve against this; output paths are shown relative to it. */
  readonly cwd: string;
  readonly fs: FileSystem;
}

/** What a command's `register` receives: the I/O, and where its action reports the exit code. */
export interface CommandIO extends CliIO {
  setExitCode(code: ExitCode): void;
}
