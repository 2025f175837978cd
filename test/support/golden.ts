import fs from 'node:fs';
import path from 'node:path';
import { Assertion } from 'uvu/assert';
import { lineDiff } from './line-diff.ts';
import { REPO_ROOT } from './paths.ts';

/** The one switch that rewrites every golden file: `MBP_UPDATE_GOLDEN=1`. */
export const UPDATE_GOLDEN_VARIABLE = 'MBP_UPDATE_GOLDEN';

export function updatingGoldens(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[UPDATE_GOLDEN_VARIABLE];
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

function shown(file: string): string {
  const rel = path.relative(REPO_ROOT, file);
  return rel.startsWith('..') ? file : rel;
}

/**
 * Compares `actual` with the golden file at `file` (absolute). With
 * MBP_UPDATE_GOLDEN=1 the file is (re)written instead and the check passes;
 * otherwise a missing file or any difference fails with a unified diff.
 * Any stage can use it: the text it passes is what gets compared, byte for byte.
 */
export function expectGolden(file: string, actual: string): void {
  const exists = fs.existsSync(file);
  const expected = exists ? fs.readFileSync(file, 'utf8') : undefined;
  if (updatingGoldens()) {
    if (expected !== actual) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, actual);
    }
    return;
  }
  if (expected === actual) return;
  const hint = `rerun with ${UPDATE_GOLDEN_VARIABLE}=1 to accept the new output, then review the change with git diff`;
  if (expected === undefined) {
    throw new Assertion({
      message: `golden file ${shown(file)} does not exist (${hint})`,
      details: actual.split('\n').slice(0, 40).map((l) => `+${l}`).join('\n'),
      operator: 'golden',
      expects: '',
      actual,
    });
  }
  throw new Assertion({
    message: `output differs from golden file ${shown(file)} (${hint})`,
    details: lineDiff(expected, actual, { expectedLabel: `${shown(file)} (golden)`, actualLabel: 'actual output' }),
    operator: 'golden',
    expects: expected,
    actual,
  });
}

/**
 * Golden files in `dir` that no case produces any more (a case was renamed or
 * removed). Under MBP_UPDATE_GOLDEN=1 they are deleted and the list is empty.
 */
export function staleGoldens(dir: string, isGolden: (name: string) => boolean, expected: ReadonlySet<string>): string[] {
  const stale = fs
    .readdirSync(dir)
    .filter((name) => isGolden(name) && !expected.has(name))
    .sort();
  if (!updatingGoldens()) return stale.map((name) => path.join(dir, name));
  for (const name of stale) fs.rmSync(path.join(dir, name));
  return [];
}
