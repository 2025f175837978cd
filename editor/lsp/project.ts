import path from 'node:path';
import type { CheckOptions } from '../../compiler/index.ts';
import type { Diagnostic } from '../../compiler/diagnostics/index.ts';
import type { FileSystem } from '../../compiler/sources/index.ts';
import { analyze, Analysis } from './analysis.ts';
import { OverlayFileSystem } from './overlay-file-system.ts';
import { ParseCache } from './parse-cache.ts';
import { isUnder, pathToUri } from './paths.ts';

/** The clock, passed in so tests can drive the debounce. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Diagnostics for one file, after an analysis: an open document, or a configuration file it read. */
export interface Publication {
  readonly file: string;
  readonly uri: string;
  /** The document version analysed; absent for files that are not open. */
  readonly version?: number;
  readonly diagnostics: readonly Diagnostic[];
  /** Where the positions of `diagnostics` (and of their related spans) are looked up; absent when there are none. */
  readonly analysis?: Analysis;
}

export interface ProjectOptions {
  /** The disk; open documents are laid over it. */
  readonly fs: FileSystem;
  readonly debounceMs: number;
  readonly timers: Timers;
  readonly publish: (publication: Publication) => void;
  /** The checks against the inventory (MBP4xxx) for the next run of a document, when an inventory is configured. */
  readonly inventoryChecks?: () => CheckOptions['inventoryChecks'];
}

interface OpenDocument {
  readonly uri: string;
  text: string;
  version: number;
}

/** The analysis of one open document, with the text and version it was made from. */
export interface DocumentAnalysis {
  readonly file: string;
  readonly version: number;
  readonly text: string;
  readonly analysis: Analysis;
}

/**
 * The open documents and what the compiler says about them. Each open
 * `.mbp` document is checked as an entry file (with what it imports, as
 * `mbp check FILE` does), after `debounceMs` without edits; a change to a
 * file re-checks every open document whose program read it. A request about
 * a document that changed since its last check checks it first, so answers
 * always match the text. Cross-file features (references, rename, workspace
 * symbols) use one run over every blueprint of the workspace folders,
 * made on demand and kept until something changes.
 */
export class Project {
  private readonly documents = new Map<string, OpenDocument>();
  private readonly analyses = new Map<string, DocumentAnalysis>();
  /** Documents to check again, most recently changed last. */
  private readonly dirty = new Set<string>();
  /** Configuration-file diagnostics per document analysis, merged per file when published. */
  private readonly configDiagnostics = new Map<string, readonly Diagnostic[]>();
  private readonly publishedConfigFiles = new Set<string>();
  private workspaceAnalysis: Analysis | undefined;
  private roots: readonly string[] = [];
  private timer: unknown;
  private readonly parses = new ParseCache();
  readonly fs: OverlayFileSystem;

  constructor(private readonly options: ProjectOptions) {
    this.fs = new OverlayFileSystem(options.fs, {
      textOf: (file) => this.documents.get(file)?.text,
      paths: () => this.documents.keys(),
    });
  }

  setRoots(roots: readonly string[]): void {
    this.roots = roots.map((r) => path.resolve(r));
    this.workspaceAnalysis = undefined;
  }

  get workspaceRoots(): readonly string[] {
    return this.roots;
  }

  isOpen(file: string): boolean {
    return this.documents.has(file);
  }

  /** The URI the client knows a file by. */
  uriOf(file: string): string {
    return this.documents.get(file)?.uri ?? pathToUri(file);
  }

  textOf(file: string): string | undefined {
    return this.documents.get(file)?.text;
  }

  /** A document was opened or edited. */
  update(file: string, uri: string, text: string, version: number): void {
    const known = this.documents.get(file);
    if (known) {
      known.text = text;
      known.version = version;
    } else {
      this.documents.set(file, { uri, text, version });
    }
    // A new document may be a file an import could not find before: check everything open.
    this.changed(known ? [file] : undefined);
    if (isBlueprint(file)) this.markDirty(file);
  }

  close(file: string): void {
    if (!this.documents.delete(file)) return;
    this.analyses.delete(file);
    this.pruneParses();
    this.dirty.delete(file);
    this.configDiagnostics.delete(file);
    this.publishConfig();
    // Documents that imported it now read the file on disk.
    this.changed([file]);
  }

  /** Files changed on disk (saved elsewhere, created, deleted); `undefined`: anything may have changed. */
  changed(files: readonly string[] | undefined): void {
    this.workspaceAnalysis = undefined;
    for (const [doc, a] of this.analyses) {
      if (files === undefined || files.some((f) => f === doc || a.analysis.files.has(f) || path.basename(f) === 'mbp.config.json')) {
        this.markDirty(doc);
      }
    }
    for (const doc of this.documents.keys()) if (!this.analyses.has(doc) && isBlueprint(doc)) this.markDirty(doc);
  }

  /** The analysis of an open document for its current text (checked now if it changed since). */
  analysisFor(file: string): DocumentAnalysis | undefined {
    if (!this.documents.has(file) || !isBlueprint(file)) return undefined;
    if (this.dirty.has(file) || !this.analyses.has(file)) this.run(file);
    return this.analyses.get(file);
  }

  /** The last analysis of an open document, even when edits made since wait for the debounce. */
  lastAnalysis(file: string): DocumentAnalysis | undefined {
    return this.analyses.get(file);
  }

  /** One analysis over every blueprint of the workspace folders and every open document. */
  workspace(): Analysis {
    if (!this.workspaceAnalysis) {
      const entries = [...this.roots];
      for (const doc of this.documents.keys()) if (isBlueprint(doc) && !this.roots.some((r) => isUnder(doc, r))) entries.push(doc);
      this.workspaceAnalysis = analyze(this.fs, entries, this.parses);
      this.pruneParses();
    }
    return this.workspaceAnalysis;
  }

  /** Checks every document waiting for it now (the debounce timer calls this). */
  flush(): void {
    this.cancelTimer();
    // The document edited last is the one being looked at: check it first.
    for (const file of [...this.dirty].reverse()) if (this.dirty.has(file)) this.run(file);
  }

  dispose(): void {
    this.cancelTimer();
  }

  /** Parsers are kept for the files some analysis read. */
  private pruneParses(): void {
    const read = new Set<string>(this.workspaceAnalysis?.files ?? []);
    for (const a of this.analyses.values()) for (const f of a.analysis.files) read.add(f);
    this.parses.keepOnly(read);
  }

  private markDirty(file: string): void {
    this.dirty.delete(file);
    this.dirty.add(file);
    this.cancelTimer();
    this.timer = this.options.timers.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.options.debounceMs);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.options.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(file: string): void {
    const doc = this.documents.get(file);
    this.dirty.delete(file);
    if (!doc) return;
    const analysis = analyze(this.fs, [file], this.parses, this.options.inventoryChecks?.());
    this.analyses.set(file, { file, version: doc.version, text: doc.text, analysis });
    this.pruneParses();
    const own: Diagnostic[] = [];
    const config: Diagnostic[] = [];
    for (const d of analysis.result.diagnostics) {
      if (d.file === file) own.push(d);
      else if (!isBlueprint(d.file) && d.file !== '') config.push(d);
    }
    this.options.publish({ file, uri: doc.uri, version: doc.version, diagnostics: own, analysis });
    this.configDiagnostics.set(file, config);
    this.publishConfig();
  }

  /** Problems of `mbp.config.json` files, merged over the documents that read them. */
  private publishConfig(): void {
    const byFile = new Map<string, { diagnostics: Diagnostic[]; analysis: Analysis }>();
    for (const [doc, list] of this.configDiagnostics) {
      const analysis = this.analyses.get(doc)?.analysis;
      if (!analysis) continue;
      for (const d of list) {
        let entry = byFile.get(d.file);
        if (!entry) byFile.set(d.file, (entry = { diagnostics: [], analysis }));
        if (!entry.diagnostics.some((e) => e.code === d.code && e.range.start === d.range.start && e.message === d.message)) entry.diagnostics.push(d);
      }
    }
    for (const file of this.publishedConfigFiles) {
      if (byFile.has(file)) continue;
      this.options.publish({ file, uri: this.uriOf(file), diagnostics: [] });
      this.publishedConfigFiles.delete(file);
    }
    for (const [file, entry] of byFile) {
      this.options.publish({ file, uri: this.uriOf(file), diagnostics: entry.diagnostics, analysis: entry.analysis });
      this.publishedConfigFiles.add(file);
    }
  }
}

function isBlueprint(file: string): boolean {
  return file.endsWith('.mbp');
}
