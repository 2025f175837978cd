import type { OutputStream } from './io.ts';

export interface TerminalStyle {
  readonly color: boolean;
  readonly ascii: boolean;
}

/**
 * Colour only on a terminal, decided in this order: `--no-color` off;
 * `NO_COLOR` set to anything (even empty) off; `FORCE_COLOR` set and not `0`
 * or `false` on (for CI log viewers that render ANSI); `TERM=dumb` off;
 * otherwise on exactly when the stream is a TTY. `CI` alone changes nothing:
 * CI logs are not TTYs, so they get plain text already. `TERM=dumb` also
 * switches the frame to ASCII.
 */
export function terminalStyle(stream: OutputStream, env: Readonly<Record<string, string | undefined>>, colorFlag = true): TerminalStyle {
  const ascii = env.TERM === 'dumb';
  const force = env.FORCE_COLOR;
  let color: boolean;
  if (!colorFlag || env.NO_COLOR !== undefined) color = false;
  else if (force !== undefined && force !== '') color = force !== '0' && force !== 'false';
  else color = !ascii && stream.isTTY;
  return { color, ascii };
}
