import path from 'node:path';

/**
 * How a file is named in output: relative to the working directory with `/`
 * separators, so reports read the same on every machine and OS. (On Windows a
 * file on another drive keeps its absolute path: `path.relative` returns it.)
 */
export function displayPath(file: string, cwd: string): string {
  const shown = path.isAbsolute(file) ? path.relative(cwd, file) || '.' : file;
  return shown.split(path.sep).join('/');
}
