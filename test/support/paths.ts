import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root directory (absolute), whatever the working directory of the test process. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** An absolute path from one relative to the repository root. */
export function repoPath(...parts: string[]): string {
  return path.join(REPO_ROOT, ...parts);
}
