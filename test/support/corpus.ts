import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, repoPath } from './paths.ts';

/**
 * The test inputs, found by folder at run time (cases are added by other
 * issues; nothing here lists them by name).
 */

/** Entries of a folder that end in `extension`, sorted, as absolute paths; symlinks and directories are left out. */
export function filesIn(dir: string, extension = '.mbp'): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(extension))
    .map((e) => path.join(dir, e.name))
    .sort();
}

/** Every `*.mbp` below `dir`, recursively (hidden folders and node_modules skipped), sorted. */
export function filesBelow(dir: string, extension = '.mbp'): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) visit(full);
      else if (e.isFile() && e.name.endsWith(extension)) out.push(full);
    }
  };
  visit(dir);
  return out.sort();
}

export const GOLDEN_CASES_DIR = repoPath('test', 'golden', 'cases');
export const BROKEN_CASES_DIR = repoPath('test', 'broken', 'cases');
export const EXAMPLES_DIR = repoPath('examples');
export const DOCS_DIR = repoPath('docs');

export const goldenCases = (): string[] => filesIn(GOLDEN_CASES_DIR);

/**
 * Every hand-annotated case of every area: `test/<area>/cases/*.mbp`, except
 * the golden and formatter cases, which carry golden files instead.
 */
export function annotatedCases(): string[] {
  const testDir = repoPath('test');
  return fs
    .readdirSync(testDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !['golden', 'format'].includes(e.name))
    .flatMap((e) => filesIn(path.join(testDir, e.name, 'cases')))
    .sort();
}
export const brokenCases = (): string[] => filesIn(BROKEN_CASES_DIR);
export const exampleFiles = (): string[] => filesBelow(EXAMPLES_DIR);

export interface DocBlock {
  /** `docs/language.md:120` (the line of the opening fence). */
  readonly name: string;
  /** The fence's info string: `mbp`, `mbp-error`. */
  readonly language: string;
  readonly text: string;
  /** For `mbp-error` blocks: the codes named by `// error: MBPnnnn` comments. */
  readonly declaredCodes: readonly string[];
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)[^\n]*$/;

/** Fenced code blocks of the given languages in every Markdown file below docs/. */
export function docBlocks(languages: readonly string[] = ['mbp', 'mbp-error']): DocBlock[] {
  const blocks: DocBlock[] = [];
  for (const file of filesBelow(DOCS_DIR, '.md')) {
    const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const open = FENCE.exec(lines[i]!);
      if (!open) continue;
      const [, indent, fence, language] = open;
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const line = lines[j]!;
        if (line.trim().startsWith(fence!) && line.trim().replace(/[`~]/g, '') === '') break;
        body.push(line.startsWith(indent!) ? line.slice(indent!.length) : line);
      }
      if (languages.includes(language!)) {
        const text = body.join('\n') + '\n';
        const declaredCodes = [...text.matchAll(/\/\/\s*error:\s*((?:MBP\d{4}[\s,]*)+)/g)].flatMap((m) => m[1]!.match(/MBP\d{4}/g) ?? []);
        blocks.push({ name: `${path.relative(REPO_ROOT, file)}:${i + 1}`, language: language!, text, declaredCodes });
      }
      i = j;
    }
  }
  return blocks;
}
