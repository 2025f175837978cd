import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Project } from 'ts-morph';
import { HOOKS_API_SPECIFIER } from './probe.ts';
import { countProjectCreated, type TsMorphModule } from './ts-morph-loader.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** `metal-blueprint/hooks`, the module hook authors import their types from. */
export const DEFAULT_HOOKS_API_PATH = path.resolve(here, '../../stdlib/hooks-api/index.ts');

/** mbp's own `@types`, so hooks see Node's globals (`AbortSignal`, `fetch`) as they will when they run. */
const TYPE_ROOTS = path.resolve(here, '../../node_modules/@types');

/**
 * The compiler settings hooks are checked with: strict, modern ESM as tsx runs
 * it (`.ts` extensions in imports allowed), and `metal-blueprint/hooks`
 * mapped to the hooks API. A hook's own tsconfig is not read: the settings
 * that matter for the check are the ones the runtime uses.
 */
export function createHookProject(tsm: TsMorphModule, hooksApiPath: string): Project {
  const { ts } = tsm;
  const hasNodeTypes = fs.existsSync(path.join(TYPE_ROOTS, 'node'));
  countProjectCreated();
  return new tsm.Project({
    skipAddingFilesFromTsConfig: true,
    compilerOptions: {
      strict: true,
      noEmit: true,
      allowImportingTsExtensions: true,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts'],
      esModuleInterop: true,
      resolveJsonModule: true,
      skipLibCheck: true,
      types: hasNodeTypes ? ['node'] : [],
      ...(hasNodeTypes ? { typeRoots: [TYPE_ROOTS] } : {}),
      paths: { [HOOKS_API_SPECIFIER]: [path.resolve(hooksApiPath)] },
    },
  });
}

/** Re-reads the hook files a long-lived project holds, so a session sees edits made since it last checked. */
export function refreshHookFiles(project: Project): void {
  for (const file of project.getSourceFiles()) {
    if (!file.getFilePath().includes('/node_modules/')) file.refreshFromFileSystemSync();
  }
}
