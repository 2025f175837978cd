import path from 'node:path';
import { parse, type Import, type Module, type ParseResult } from '../../grammar/index.ts';
import { makeDiagnostic, type Diagnostic, type RelatedInformation, type SourceFile } from '../diagnostics/index.ts';
import { loadSource, type FileSystem } from '../sources/index.ts';

/** One parsed file of a program. */
export interface ProgramFile {
  readonly path: string;
  readonly source: SourceFile;
  readonly module: Module;
  /** Given on the command line (or by the editor), rather than reached by an import. */
  readonly entry: boolean;
}

/**
 * Every file reachable from the entry files through imports, parsed once
 * each. Files that could not be loaded are absent from `files` (their loader
 * diagnostic is in `diagnostics`), but their text may be in `sources` for
 * rendering.
 */
export interface Program {
  /** The entry paths, in the order given. */
  readonly entries: readonly string[];
  /** Loaded files by path, entries first, then imports in the order reached. */
  readonly files: ReadonlyMap<string, ProgramFile>;
  /** Text of every file, for renderers (a file that is not UTF-8 has its lossy decoding). */
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** The path each import resolves to, when that file was loaded. */
  readonly imports: ReadonlyMap<Import, string>;
  /** Loader, syntax and import (missing file, cycle) diagnostics. */
  readonly diagnostics: readonly Diagnostic[];
}

/** How a file's text becomes a tree: `parse`, or a caller's cache over it (the language server's incremental parser). */
export type ParseFunction = (text: string, file: string) => Pick<ParseResult, 'module' | 'diagnostics'>;

export interface LoadProgramOptions {
  /** Files larger than this are refused (default 32 MiB). */
  readonly maxFileBytes?: number;
  /** Instead of `parse`; must give what `parse` gives for the same text. */
  readonly parse?: ParseFunction;
}

function internalError(file: string, stage: string, error: unknown): Diagnostic {
  const detail = error instanceof Error ? error.message : String(error);
  return makeDiagnostic('MBP9001', file, { start: 0, end: 0 }, { stage, detail });
}

/** Parses one loaded file; a file of comments only is as empty as a blank one (MBP1055). */
function parseFile(source: SourceFile, diagnostics: Diagnostic[], parseText: ParseFunction): Module | undefined {
  try {
    const parsed = parseText(source.text, source.path);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.diagnostics.length === 0 && parsed.module.declarations.length === 0) {
      diagnostics.push(makeDiagnostic('MBP1055', source.path, { start: 0, end: 0 }));
    }
    return parsed.module;
  } catch (error) {
    diagnostics.push(internalError(source.path, 'the parser', error));
    return undefined;
  }
}

/** Where an import points: relative to the importing file's directory. */
export function importTarget(importer: string, imp: Import): string | undefined {
  const written = imp.path.value;
  if (written === undefined || written === '') return undefined;
  return path.resolve(path.dirname(importer), written);
}

/**
 * Loads and parses the entry files and everything they import, each file
 * once. A missing import is reported at the import's path; an import cycle
 * once, at the import that closes it, with the whole chain.
 */
export function loadProgram(fs: FileSystem, entryPaths: readonly string[], options: LoadProgramOptions = {}): Program {
  const files = new Map<string, ProgramFile>();
  const sources = new Map<string, SourceFile>();
  const imports = new Map<Import, string>();
  const diagnostics: Diagnostic[] = [];
  const attempted = new Set<string>();
  const loadOptions = options.maxFileBytes !== undefined ? { maxBytes: options.maxFileBytes } : {};

  const load = (file: string, entry: boolean): boolean => {
    if (attempted.has(file)) return files.has(file);
    attempted.add(file);
    const loaded = loadSource(fs, file, loadOptions);
    if (!loaded.ok) {
      diagnostics.push(...loaded.diagnostics);
      if (loaded.display) sources.set(file, loaded.display);
      return false;
    }
    sources.set(file, loaded.source);
    const module = parseFile(loaded.source, diagnostics, options.parse ?? parse);
    if (module === undefined) return false;
    files.set(file, { path: file, source: loaded.source, module, entry });
    return true;
  };

  const queue: string[] = [];
  for (const entry of entryPaths) if (load(entry, true)) queue.push(entry);
  for (let i = 0; i < queue.length; i++) {
    const importer = queue[i] as string;
    const module = files.get(importer)?.module;
    for (const decl of module?.declarations ?? []) {
      if (decl.kind !== 'Import') continue;
      const target = importTarget(importer, decl);
      if (target === undefined) continue;
      if (!attempted.has(target) && !isFile(fs, target)) {
        attempted.add(target);
        diagnostics.push(makeDiagnostic('MBP2003', importer, decl.path.span, { path: decl.path.value ?? '' }));
        continue;
      }
      const known = attempted.has(target);
      if (load(target, false)) {
        imports.set(decl, target);
        if (!known) queue.push(target);
      } else if (known && !files.has(target) && !sources.has(target)) {
        // Reached before and found missing: report at this import too.
        diagnostics.push(makeDiagnostic('MBP2003', importer, decl.path.span, { path: decl.path.value ?? '' }));
      }
    }
  }
  diagnostics.push(...importCycles(files, imports));
  return { entries: entryPaths, files, sources, imports, diagnostics };
}

function isFile(fs: FileSystem, file: string): boolean {
  try {
    return fs.stat(file) !== undefined;
  } catch {
    // Unreadable metadata: let the loader say why.
    return true;
  }
}

/** Every cycle of the import graph, each reported once at the import that closes it. */
function importCycles(files: ReadonlyMap<string, ProgramFile>, imports: ReadonlyMap<Import, string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const state = new Map<string, 'active' | 'done'>();
  const stack: { file: string; via?: Import }[] = [];

  const edges = (file: string): Import[] =>
    (files.get(file)?.module.declarations ?? []).filter((d): d is Import => d.kind === 'Import' && imports.has(d));

  const visit = (file: string): void => {
    state.set(file, 'active');
    for (const imp of edges(file)) {
      const target = imports.get(imp) as string;
      const s = state.get(target);
      if (s === 'active') {
        out.push(cycleDiagnostic(file, imp, target, stack));
      } else if (s === undefined) {
        stack.push({ file: target, via: imp });
        visit(target);
        stack.pop();
      }
    }
    state.set(file, 'done');
  };

  for (const [file, f] of files) {
    if (!f.entry || state.has(file)) continue;
    stack.push({ file });
    visit(file);
    stack.pop();
  }
  // Files only reachable from other files are visited from the entries; any left form cycles among themselves.
  for (const file of files.keys()) {
    if (state.has(file)) continue;
    stack.push({ file });
    visit(file);
    stack.pop();
  }
  return out;
}

function cycleDiagnostic(file: string, closing: Import, target: string, stack: readonly { file: string; via?: Import }[]): Diagnostic {
  const start = stack.findIndex((s) => s.file === target);
  const members = stack.slice(start);
  const base = path.dirname(file);
  const show = (f: string): string => path.relative(base, f) || path.basename(f);
  const chain = [...members.map((m) => show(m.file)), show(target)].join(' → ');
  const related: RelatedInformation[] = [];
  for (let i = 1; i < members.length; i++) {
    const m = members[i]!;
    const from = members[i - 1]!;
    if (m.via) related.push({ message: `${show(from.file)} imports ${show(m.file)}`, file: from.file, range: m.via.path.span });
  }
  return makeDiagnostic('MBP2004', file, closing.path.span, { chain }, { related });
}
