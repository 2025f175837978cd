import fs from 'node:fs/promises';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  ResponseError,
  ErrorCodes,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type DocumentSymbol,
  type InitializeParams,
  type InitializeResult,
  type Location,
  type Position,
  type TextEdit,
} from 'vscode-languageserver';
import { createConnection } from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SourceFile } from '../../compiler/diagnostics/index.ts';
import { checkAgainstInventory } from '../../compiler/inventory-checks/index.ts';
import { NodeFileSystem, type FileSystem } from '../../compiler/sources/index.ts';
import { parse, type Module, type Span } from '../../grammar/index.ts';
import type { Analysis } from './analysis.ts';
import { codeActions } from './code-actions.ts';
import { complete } from './completion.ts';
import { offsetAt, rangeOf, toLspDiagnostic } from './convert.ts';
import { LSP_SYMBOL_KIND, outline, type OutlineEntry } from './document-symbols.ts';
import { formatEdit } from './formatting.ts';
import { hoverMarkdown } from './hover.ts';
import { inventoryPath, InventorySource, type InventoryFiles } from './inventory-names.ts';
import { definitionOf, referencesOf, renameEdits, renameTarget, RenameRefused, type Place } from './navigation.ts';
import { OffsetMap } from './offset-map.ts';
import { uriToPath } from './paths.ts';
import { Project, type Publication, type Timers } from './project.ts';
import { SEMANTIC_TOKENS_LEGEND, semanticTokens } from './semantic-tokens.ts';
import { signatureHelp } from './signature-help.ts';
import { targetAt } from './symbol-at.ts';
import { workspaceSymbols } from './workspace-symbols.ts';

/**
 * Quiet time after the last edit before a document is checked again. Long
 * enough to merge the changes an editor sends together (auto-closed pairs,
 * multi-cursor edits, snippets, format on type: a few ms apart) and most
 * key repeat; short beside a check, which takes ~20–40 ms on a 10,000-line
 * file now that edits are parsed incrementally.
 */
export const DEFAULT_DEBOUNCE_MS = 30;

/** The custom request the benchmark uses to read the server's memory (`process.memoryUsage()`). */
export const MEMORY_REQUEST = 'mbp/memoryUsage';

/** `initializationOptions` the client may send. */
export interface InitializationOptions {
  /**
   * Inventory file for completion of server types and datacenters and for
   * the MBP4xxx checks (else `MBP_INVENTORY`, else `.mbp/inventory.json`).
   */
  readonly inventory?: string;
  /** Overrides the debounce of diagnostics, in milliseconds. */
  readonly debounceMs?: number;
}

export interface ServerOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where relative paths go when the client names no workspace folder. */
  readonly cwd: string;
  readonly fs?: FileSystem;
  readonly inventoryFiles?: InventoryFiles;
  readonly timers?: Timers;
}

const NODE_TIMERS: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

const NODE_INVENTORY_FILES: InventoryFiles = {
  stamp: async (file) => {
    const st = await fs.stat(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    return st ? `${st.mtimeMs}:${st.size}` : undefined;
  },
  readText: (file) => fs.readFile(file, 'utf8'),
};

/** The text, tree and analysis of an open document, for answering a request about it. */
interface DocumentState {
  readonly file: string;
  readonly uri: string;
  readonly text: string;
  /** Of `text`. */
  readonly source: SourceFile;
  readonly module: Module;
  readonly analysis: Analysis;
  /** Set when `module` and `analysis` are from before the latest edits of `text`. */
  readonly map?: OffsetMap;
}

/**
 * Starts `mbp lsp` on a pair of streams and returns the connection. The
 * connection ends the process on `exit` (code 0 after `shutdown`, else 1),
 * or when the input closes, as language servers do.
 */
export function startLanguageServer(options: ServerOptions): Connection {
  const connection = createConnection(options.input, options.output);
  const documents = new TextDocuments(TextDocument);
  let project: Project | undefined;
  let inventory: InventorySource | undefined;
  let snippets = false;

  const log = (error: unknown): void => {
    connection.console.error(error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error));
  };
  /** Requests never take the server down: a bug is logged and answered with nothing. */
  const guard = <P, R>(fn: (params: P) => R, fallback: R) => (params: P): R => {
    try {
      return fn(params);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      log(error);
      return fallback;
    }
  };

  const publish = (p: Publication): void => {
    const sources = (file: string): SourceFile | undefined =>
      p.analysis?.sourceOf(file) ?? (project?.textOf(file) !== undefined ? new SourceFile(file, project.textOf(file)!) : undefined);
    const own = sources(p.file) ?? new SourceFile(p.file, '');
    const uriOf = (file: string): string => project?.uriOf(file) ?? file;
    void connection.sendDiagnostics({
      uri: p.uri,
      ...(p.version !== undefined ? { version: p.version } : {}),
      diagnostics: p.diagnostics.map((d) => toLspDiagnostic(d, own, sources, uriOf)),
    });
  };

  const stateOf = (uri: string): DocumentState | undefined => {
    if (!project) return undefined;
    const file = uriToPath(uri);
    const doc = project.analysisFor(file);
    if (!doc) return undefined;
    const source = doc.analysis.sourceOf(file) ?? new SourceFile(file, doc.text);
    const module = doc.analysis.moduleOf(file) ?? parse(doc.text, file).module;
    return { file, uri, text: doc.text, source, module, analysis: doc.analysis };
  };

  /**
   * The document as last checked, even if edits since then wait for the
   * debounce: completion and signature help are asked right after typing,
   * and the blocks around the cursor rarely change while an entry is typed.
   */
  const lastStateOf = (uri: string): DocumentState | undefined => {
    if (!project) return undefined;
    const file = uriToPath(uri);
    const last = project.lastAnalysis(file);
    const text = project.textOf(file);
    if (!last || text === undefined) return undefined;
    if (last.text === text) return stateOf(uri);
    const module = last.analysis.moduleOf(file) ?? parse(last.text, file).module;
    return { file, uri, text, source: new SourceFile(file, text), module, analysis: last.analysis, map: new OffsetMap(last.text, text) };
  };

  const locationOf = (analysis: Analysis, place: Place): Location | undefined => {
    const source = analysis.sourceOf(place.file);
    if (!source || !project) return undefined;
    return { uri: project.uriOf(place.file), range: rangeOf(source, place.span) };
  };

  /** The workspace-wide analysis, with the document's offset of `position` and its tree there. */
  const inWorkspace = (uri: string, position: Position): { analysis: Analysis; module: Module; offset: number } | undefined => {
    if (!project) return undefined;
    stateOf(uri); // brings the document's own diagnostics up to date first
    const analysis = project.workspace();
    const file = uriToPath(uri);
    const source = analysis.sourceOf(file);
    const module = analysis.moduleOf(file);
    if (!source || !module || !analysis.checked) return undefined;
    return { analysis, module, offset: offsetAt(source, position) };
  };

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    const roots = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri));
    if (roots.length === 0 && params.rootUri) roots.push(uriToPath(params.rootUri));
    const debounceMs = typeof init.debounceMs === 'number' && init.debounceMs >= 0 ? init.debounceMs : DEFAULT_DEBOUNCE_MS;
    // A new or changed inventory re-checks the open documents against it.
    const source = new InventorySource(options.inventoryFiles ?? NODE_INVENTORY_FILES, inventoryPath(init.inventory, options.env, roots[0] ?? options.cwd), () =>
      project?.changed(undefined),
    );
    inventory = source;
    project = new Project({
      fs: options.fs ?? new NodeFileSystem(),
      debounceMs,
      timers: options.timers ?? NODE_TIMERS,
      publish,
      inventoryChecks: () => {
        const loaded = source.current();
        return loaded && ((checked) => checkAgainstInventory(checked, loaded.inventory));
      },
    });
    project.setRoots(roots);
    // Read before the first document is checked; later reads happen in the background.
    await source.refresh();
    snippets = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    const watchFolders = params.capabilities.workspace?.workspaceFolders === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: ['.', '"'] },
        hoverProvider: true,
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: ['='] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        documentFormattingProvider: true,
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        ...(watchFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
      },
      serverInfo: { name: 'mbp' },
    };
  });

  connection.onInitialized(() => {
    // Blueprints, lint configuration and the inventory changed outside the editor (a save elsewhere, git checkout).
    void connection.client
      .register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.mbp' }, { globPattern: '**/mbp.config.json' }, { globPattern: '**/inventory.json' }],
      })
      .catch(() => undefined);
    try {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        if (!project) return;
        const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
        project.setRoots([...project.workspaceRoots.filter((r) => !removed.has(r)), ...e.added.map((f) => uriToPath(f.uri))]);
      });
    } catch {
      // The client does not send workspace folder changes.
    }
  });

  documents.onDidChangeContent((e) => {
    project?.update(uriToPath(e.document.uri), e.document.uri, e.document.getText(), e.document.version);
  });
  documents.onDidClose((e) => {
    project?.close(uriToPath(e.document.uri));
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  connection.onDidChangeWatchedFiles((e) => {
    if (e.changes.some((c) => uriToPath(c.uri) === inventory?.file)) void inventory?.refresh();
    project?.changed(e.changes.map((c) => uriToPath(c.uri)));
  });

  connection.onCompletion(
    guard((params) => {
      const at = (doc: DocumentState | undefined) =>
        doc &&
        complete({
          text: doc.text,
          source: doc.source,
          module: doc.module,
          checked: doc.analysis.checked,
          offset: offsetAt(doc.source, params.position),
          ...(doc.map ? { map: doc.map } : {}),
          inventory: inventory?.names(),
          snippets,
        });
      return at(lastStateOf(params.textDocument.uri)) ?? at(stateOf(params.textDocument.uri)) ?? [];
    }, []),
  );

  connection.onHover(
    guard((params) => {
      // undefined: cannot tell from this analysis; null: nothing to show there.
      const at = (doc: DocumentState | undefined) => {
        const checked = doc?.analysis.checked;
        if (!doc || !checked) return undefined;
        const offset = offsetAt(doc.source, params.position);
        if (doc.map && doc.map.toBefore(offset) === doc.map.changeStart && offset !== doc.map.changeStart) return undefined;
        const target = targetAt(checked, doc.module, doc.map ? doc.map.toBefore(offset) : offset);
        // What the last check knows about a name the pending edit touched is out of date.
        const span = target && (doc.map ? doc.map.spanToAfter(target.span) : target.span);
        if (target && !span) return undefined;
        const value = target ? hoverMarkdown(checked, target) : undefined;
        return target && span && value ? { contents: { kind: 'markdown' as const, value }, range: rangeOf(doc.source, span) } : null;
      };
      // Answered from the last check while an edit waits for the debounce, as completion is.
      const quick = at(lastStateOf(params.textDocument.uri));
      return quick !== undefined ? quick : (at(stateOf(params.textDocument.uri)) ?? null);
    }, null),
  );

  connection.onSignatureHelp(
    guard((params) => {
      // undefined: no analysis yet, or one too old for the position; null: no call there.
      const at = (doc: DocumentState | undefined) => {
        const checked = doc?.analysis.checked;
        return doc && checked ? signatureHelp(doc.text, doc.module, checked, offsetAt(doc.source, params.position), doc.map) : undefined;
      };
      const quick = at(lastStateOf(params.textDocument.uri));
      return quick !== undefined ? quick : (at(stateOf(params.textDocument.uri)) ?? null);
    }, null),
  );

  connection.onDefinition(
    guard((params) => {
      const doc = stateOf(params.textDocument.uri);
      const checked = doc?.analysis.checked;
      if (!doc || !checked) return null;
      const place = definitionOf(checked, doc.module, offsetAt(doc.source, params.position));
      return (place && locationOf(doc.analysis, place)) ?? null;
    }, null),
  );

  connection.onReferences(
    guard((params) => {
      const at = inWorkspace(params.textDocument.uri, params.position);
      if (!at?.analysis.checked) return [];
      return referencesOf(at.analysis.checked, at.module, at.offset, params.context.includeDeclaration).flatMap((p) => locationOf(at.analysis, p) ?? []);
    }, []),
  );

  connection.onPrepareRename(
    guard((params) => {
      const at = inWorkspace(params.textDocument.uri, params.position);
      if (!at?.analysis.checked) return null;
      try {
        const target = renameTarget(at.analysis.checked, at.module, at.offset);
        const source = at.analysis.sourceOf(uriToPath(params.textDocument.uri))!;
        return { range: rangeOf(source, target.span), placeholder: target.symbol.name };
      } catch (error) {
        if (error instanceof RenameRefused) throw new ResponseError(ErrorCodes.InvalidRequest, error.message);
        throw error;
      }
    }, null),
  );

  connection.onRenameRequest(
    guard((params) => {
      const at = inWorkspace(params.textDocument.uri, params.position);
      if (!at?.analysis.checked || !project) return null;
      let edits: ReturnType<typeof renameEdits>;
      try {
        edits = renameEdits(at.analysis.checked, at.module, at.offset, params.newName);
      } catch (error) {
        if (error instanceof RenameRefused) throw new ResponseError(ErrorCodes.InvalidRequest, error.message);
        throw error;
      }
      const changes: Record<string, TextEdit[]> = {};
      for (const [file, list] of edits) {
        const source = at.analysis.sourceOf(file);
        if (!source) continue;
        changes[project.uriOf(file)] = list.map((e) => ({ range: rangeOf(source, e.span), newText: e.text }));
      }
      return { changes };
    }, null),
  );

  connection.onDocumentSymbol(
    guard((params) => {
      const doc = stateOf(params.textDocument.uri);
      if (!doc) return [];
      const convert = (e: OutlineEntry): DocumentSymbol => ({
        name: e.name || '?',
        ...(e.detail ? { detail: e.detail } : {}),
        kind: e.kind,
        range: rangeOf(doc.source, e.span),
        selectionRange: rangeOf(doc.source, e.selection),
        children: e.children.map(convert),
      });
      return outline(doc.module, doc.text).map(convert);
    }, []),
  );

  connection.onWorkspaceSymbol(
    guard((params) => {
      if (!project) return [];
      const analysis = project.workspace();
      if (!analysis.checked) return [];
      return workspaceSymbols(analysis.checked, params.query).flatMap(({ symbol, container }) => {
        const location = locationOf(analysis, { file: symbol.file, span: symbol.nameSpan as Span });
        return location ? [{ name: symbol.name, kind: LSP_SYMBOL_KIND[symbol.kind], location, ...(container ? { containerName: container } : {}) }] : [];
      });
    }, []),
  );

  connection.onDocumentFormatting(
    guard((params) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      const text = document.getText();
      const edit = formatEdit(text, uriToPath(params.textDocument.uri));
      if (!edit) return [];
      const source = new SourceFile(uriToPath(params.textDocument.uri), text);
      return [{ range: rangeOf(source, edit.range), newText: edit.text }];
    }, []),
  );

  connection.languages.semanticTokens.on(
    guard((params) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return { data: [] };
      return { data: semanticTokens(new SourceFile(uriToPath(params.textDocument.uri), document.getText())) };
    }, { data: [] }),
  );

  connection.onCodeAction(
    guard((params) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      if (params.context.only && !params.context.only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
      return codeActions(params.textDocument.uri, document.getText(), params.context.diagnostics);
    }, []),
  );

  connection.onRequest(MEMORY_REQUEST, () => process.memoryUsage());

  connection.onShutdown(() => {
    project?.dispose();
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
