import { NodeFileSystem } from '../compiler/sources/index.ts';
import type { CliIO, OutputStream } from './io.ts';

/** The real process's I/O, and whether writing its output failed. */
export interface NodeIO extends CliIO {
  /** The first error writing stdout or stderr (EPIPE when the reader went away), if any. */
  writeFailure(): NodeJS.ErrnoException | undefined;
}

/**
 * A process stream whose write errors end the output, never the process:
 * `mbp apply | head -3` must not kill a run with servers half-provisioned.
 * After the first error (EPIPE: the reader closed; EIO: the terminal went
 * away) writes are dropped; the run goes on to record its state in the
 * journal and the inventory, and the exit code stays the run's.
 */
function guarded(stream: NodeJS.WriteStream, failed: (error: NodeJS.ErrnoException) => void): OutputStream {
  let lost = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    lost = true;
    failed(error);
  });
  return {
    // A write after the stream broke but before its 'error' event is delivered fails through its callback: ignore it too.
    write: (text) => void (lost || stream.destroyed ? undefined : stream.write(text, () => undefined)),
    isTTY: stream.isTTY === true,
    // A pseudo-terminal nobody sized (`script` without a terminal around it) says 0: unknown.
    get columns() {
      return stream.isTTY === true && stream.columns > 0 ? stream.columns : undefined;
    },
    get rows() {
      return stream.isTTY === true && stream.rows > 0 ? stream.rows : undefined;
    },
  };
}

/** The real process: its streams, environment, working directory and disk. */
export function createNodeIO(): NodeIO {
  let failure: NodeJS.ErrnoException | undefined;
  const stderr = guarded(process.stderr, (error) => void (failure ??= error));
  const stdout = guarded(process.stdout, (error) => {
    failure ??= error;
    if (error.code !== 'EPIPE') stderr.write(`mbp: cannot write the output (${error.code ?? error.message}); the command goes on without it\n`);
  });
  return { stdout, stderr, env: process.env, cwd: process.cwd(), fs: new NodeFileSystem(), writeFailure: () => failure };
}
