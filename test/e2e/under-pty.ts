import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The real CLI entry, as `npx mbp` runs it. */
export const MBP_BIN = fileURLToPath(new URL('../../cli/bin/mbp.js', import.meta.url));

/** Cursor movement, erasing, cursor visibility: what only a live display sends (colour codes are SGR, `m`). */
export const CURSOR_CONTROL = /\x1b\[[0-9;?]*[ABCDGHJK]|\x1b\[\?25[lh]/;

/**
 * The environment of a child `mbp` as a person at a terminal has it: no
 * inventory, colour or CI settings inherited from the test runner unless
 * `extra` sets them.
 */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.MBP_INVENTORY;
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  if (!('CI' in extra)) delete env.CI;
  return env;
}

/** `mbp ARGS` under a real pseudo-terminal of 100×40 (util-linux `script`), in `cwd`. */
export function mbpUnderPty(cwd: string, args: readonly string[], env: Record<string, string>): { code: number | null; output: string } {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const command = `stty cols 100 rows 40; exec '${process.execPath}' '${MBP_BIN}' ${quoted}`;
  const r = spawnSync('/usr/bin/script', ['-qfec', command, '/dev/null'], { cwd, env: childEnv({ TERM: 'xterm', ...env }), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, output: r.stdout };
}
