import fs from 'node:fs';
import path from 'node:path';
import type { CheckResult } from '../../compiler/index.ts';
import { SourceFile } from '../../compiler/diagnostics/index.ts';
import { loadSource, MAX_SOURCE_BYTES, NodeFileSystem } from '../../compiler/sources/index.ts';
import { checkPaths } from './check.ts';

/**
 * Bad inputs that cannot live in a case folder as a file with comments: a
 * missing path, a symlink loop, a directory, a device, a file over the size
 * limit, a folder with no blueprint. Each is built in a temp dir at run time
 * and given to the loader the way `mbp check` does; its expected diagnostic
 * is stated here, by hand, as for the annotated cases.
 */
export interface FileSystemScenario {
  readonly name: string;
  /** Creates what is needed under `dir`; returns the path to check, or undefined when this platform cannot build it. */
  setup(dir: string): string | undefined;
  /**
   * `check`: `mbp check PATH` (checkFiles). `load`: the loader alone, as an
   * editor opening a path does; only for what `mbp check` never passes to it.
   */
  readonly entry: 'check' | 'load';
  readonly expect: { readonly code: string; readonly line: number; readonly column: number };
}

export const FILE_SYSTEM_SCENARIOS: readonly FileSystemScenario[] = [
  {
    name: 'missing file',
    setup: (dir) => path.join(dir, 'nowhere.mbp'),
    entry: 'check',
    expect: { code: 'MBP1050', line: 1, column: 1 },
  },
  {
    name: 'symbolic link loop (cannot be read)',
    setup: (dir) => {
      const link = path.join(dir, 'loop.mbp');
      fs.symlinkSync(link, link);
      return link;
    },
    entry: 'check',
    expect: { code: 'MBP1051', line: 1, column: 1 },
  },
  {
    name: 'directory given to the loader',
    setup: (dir) => {
      const sub = path.join(dir, 'folder.mbp');
      fs.mkdirSync(sub);
      return sub;
    },
    entry: 'load',
    expect: { code: 'MBP1052', line: 1, column: 1 },
  },
  {
    name: 'file over the size limit (sparse, never read)',
    setup: (dir) => {
      const big = path.join(dir, 'big.mbp');
      fs.writeFileSync(big, 'let a = 1\n');
      fs.truncateSync(big, MAX_SOURCE_BYTES + 1);
      return big;
    },
    entry: 'check',
    expect: { code: 'MBP1056', line: 1, column: 1 },
  },
  {
    name: 'directory without blueprints',
    setup: (dir) => {
      const sub = path.join(dir, 'no-blueprints');
      fs.mkdirSync(sub);
      fs.writeFileSync(path.join(sub, 'notes.txt'), 'not a blueprint\n');
      return sub;
    },
    entry: 'check',
    expect: { code: 'MBP1057', line: 1, column: 1 },
  },
  {
    name: 'device (symlink to /dev/null)',
    setup: (dir) => {
      if (!fs.existsSync('/dev/null')) return undefined;
      const link = path.join(dir, 'device.mbp');
      fs.symlinkSync('/dev/null', link);
      return link;
    },
    entry: 'check',
    expect: { code: 'MBP1058', line: 1, column: 1 },
  },
];

/** Runs a scenario's input through its entry point; the result has the shape of `mbp check`'s. */
export async function runScenario(scenario: FileSystemScenario, target: string): Promise<CheckResult> {
  if (scenario.entry === 'check') return checkPaths([target]);
  const loaded = loadSource(new NodeFileSystem(), target);
  if (loaded.ok) return { files: [target], sources: new Map([[target, loaded.source]]), diagnostics: [] };
  const sources = new Map<string, SourceFile>(loaded.display ? [[target, loaded.display]] : []);
  return { files: [target], sources, diagnostics: loaded.diagnostics };
}
