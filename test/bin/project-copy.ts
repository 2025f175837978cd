import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SOURCE_DIRS } from '../../cli/bin/bundle-cache.mjs';
import { makeTempDir, repoPath, type TempDir } from '../support/index.ts';

/**
 * A copy of the repository's sources in a temp dir, with node_modules
 * symlinked to the real one, so a test can edit sources and watch the bin's
 * start-up cache react without touching the real tree. The cache goes to
 * `<dir>/cache` (MBP_CACHE_DIR), never to node_modules/.cache.
 */
export interface ProjectCopy {
  readonly root: string;
  readonly cacheDir: string;
  /** Runs the copy's bin with start-up tracing on; `env` adds to (or, with undefined, removes from) the environment. */
  mbp(args: readonly string[], env?: Readonly<Record<string, string | undefined>>): BinRun;
  /** As `mbp`, without waiting: for runs that must overlap. */
  mbpAsync(args: readonly string[], env?: Readonly<Record<string, string | undefined>>): Promise<BinRun>;
  /** Replaces `from` by `to` in a copied file; throws if `from` is not there. */
  edit(relative: string, from: string, to: string): void;
  /** Cache entries (directories) and failure markers, sorted. */
  cacheEntries(): string[];
  cleanup(): void;
}

export interface BinRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const COPIED_FILES = ['package.json', 'package-lock.json', 'tsconfig.json'];

export function copyProject(): ProjectCopy {
  const temp: TempDir = makeTempDir();
  const root = path.join(temp.path, 'project');
  const cacheDir = path.join(temp.path, 'cache');
  fs.mkdirSync(root);
  for (const dir of SOURCE_DIRS) fs.cpSync(repoPath(dir), path.join(root, dir), { recursive: true });
  for (const file of COPIED_FILES) fs.copyFileSync(repoPath(file), path.join(root, file));
  fs.symlinkSync(repoPath('node_modules'), path.join(root, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(temp.path, 'ok.mbp'), 'infrastructure edge {\n  datacenter = "dc-east"\n  network wan { kind = "wan" }\n}\n');

  const environment = (extra: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env, MBP_CACHE_DIR: cacheDir, MBP_TRACE_STARTUP: '1', NO_COLOR: '1' };
    delete env.MBP_NO_BUNDLE;
    delete env.MBP_DEBUG;
    for (const [key, value] of Object.entries(extra)) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    return env;
  };
  const bin = path.join(root, 'cli', 'bin', 'mbp.js');

  return {
    root,
    cacheDir,
    mbp(args, env = {}) {
      const run = spawnSync(process.execPath, [bin, ...args], { cwd: temp.path, env: environment(env), encoding: 'utf8', timeout: 120_000 });
      return { code: run.status, stdout: run.stdout, stderr: run.stderr };
    },
    mbpAsync(args, env = {}) {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [bin, ...args], { cwd: temp.path, env: environment(env), stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    },
    edit(relative, from, to) {
      const file = path.join(root, relative);
      const text = fs.readFileSync(file, 'utf8');
      if (!text.includes(from)) throw new Error(`${relative} does not contain ${JSON.stringify(from)}`);
      fs.writeFileSync(file, text.replace(from, to));
    },
    cacheEntries() {
      return fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).sort() : [];
    },
    cleanup: () => temp.cleanup(),
  };
}
