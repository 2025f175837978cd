import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourcePosition } from './hook-error.ts';

const FRAME = /^\s*at (?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;

export interface HookStack {
  /** `    at fn (file:line:column)` lines of the user's code. */
  readonly text: string;
  readonly top?: SourcePosition;
}

/**
 * Keeps the frames of the user's code from a stack the child reported:
 * node internals, node_modules (tsx) and the runner's own child entry are
 * dropped; file URLs become paths, relative to `cwd` when inside it.
 * `modulePath` is preferred for the top position (the hook module itself).
 */
export function hookFrames(stack: string | undefined, options: { readonly cwd: string; readonly modulePath: string; readonly runnerFile: string }): HookStack {
  if (stack === undefined) return { text: '' };
  const kept: Array<{ fn: string | undefined; file: string; line: number; column: number }> = [];
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line);
    if (m === null) continue;
    const [, fn, rawFile = '', lineNo = '0', col = '0'] = m;
    const file = rawFile.startsWith('file://') ? safePath(rawFile) : rawFile;
    if (file.startsWith('node:') || file.includes(`${path.sep}node_modules${path.sep}`) || file === options.runnerFile || !path.isAbsolute(file)) continue;
    kept.push({ fn, file, line: Number(lineNo), column: Number(col) });
  }
  const show = (file: string): string => {
    const rel = path.relative(options.cwd, file);
    return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
  };
  const text = kept.map((f) => `    at ${f.fn !== undefined ? `${f.fn} (` : ''}${show(f.file)}:${f.line}:${f.column}${f.fn !== undefined ? ')' : ''}`).join('\n');
  const top = kept.find((f) => f.file === options.modulePath) ?? kept[0];
  return { text, ...(top !== undefined ? { top: { file: show(top.file), line: top.line, column: top.column } } : {}) };
}

function safePath(url: string): string {
  try {
    return fileURLToPath(url);
  } catch {
    return url;
  }
}
