import fs from 'node:fs';
import path from 'node:path';

/** Shared by the format tests: where the golden cases and the examples live. */
export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CASES_DIR = path.join(ROOT, 'test/format/cases');
const EXAMPLES_DIR = path.join(ROOT, 'examples');

export const FORMATTED_SUFFIX = '.formatted.mbp';

/** `*.mbp` files below `dir`, skipping hidden entries (`.mbp/` holds an inventory, not blueprints), as `mbp fmt DIR` does. */
function mbpFilesBelow(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...mbpFilesBelow(full));
    else if (entry.isFile() && entry.name.endsWith('.mbp')) out.push(full);
  }
  return out.sort();
}

/** Golden inputs: `cases/NAME.mbp`, each with its expected output `cases/NAME.formatted.mbp`. */
export function caseInputs(): string[] {
  return mbpFilesBelow(CASES_DIR).filter((f) => !f.endsWith(FORMATTED_SUFFIX));
}

export function expectedPath(input: string): string {
  return input.slice(0, -'.mbp'.length) + FORMATTED_SUFFIX;
}

/** Every blueprint the invariants are checked on: the examples, the cases and their formatted twins. */
export function allInputs(): { readonly file: string; readonly text: string }[] {
  return [...mbpFilesBelow(EXAMPLES_DIR), ...mbpFilesBelow(CASES_DIR)].map((file) => ({
    file: path.relative(ROOT, file),
    text: fs.readFileSync(file, 'utf8'),
  }));
}
