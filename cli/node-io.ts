import { NodeFileSystem } from '../compiler/sources/index.ts';
import type { CliIO } from './io.ts';

/** The real process: its streams, environment, working directory and disk. */
export function createNodeIO(): CliIO {
  return {
    stdout: { write: (text) => void process.stdout.write(text), isTTY: process.stdout.isTTY === true },
    stderr: { write: (text) => void process.stderr.write(text), isTTY: process.stderr.isTTY === true },
    env: process.env,
    cwd: process.cwd(),
    fs: new NodeFileSystem(),
  };
}
