/**
 * A real language client for the tests and the benchmark: spawns `mbp lsp`
 * (node cli/bin/mbp.js lsp --stdio) and speaks JSON-RPC over its stdio with
 * vscode-languageserver-protocol, from `initialize` to `shutdown`/`exit`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(REPO, 'cli/bin/mbp.js');

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

export interface SessionOptions {
  /** The workspace folder. */
  readonly root: string;
  readonly initializationOptions?: Record<string, unknown>;
  readonly env?: Readonly<Record<string, string>>;
  /** Options of the server's `node` process (the benchmark's `--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
  /** Advertise snippet support (VS Code does); off by default so insert texts are plain. */
  readonly snippets?: boolean;
}

export class LspSession {
  /** Every publication, in arrival order, by URI. */
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: { uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private readonly versions = new Map<string, number>();
  stderr = '';

  private constructor(
    readonly connection: ProtocolConnection,
    readonly child: ChildProcess,
    readonly initializeResult: InitializeResult,
  ) {}

  static async start(options: SessionOptions): Promise<LspSession> {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, 'lsp', '--stdio'], {
      cwd: options.root,
      env: { ...process.env, MBP_NO_BUNDLE: '1', NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    let session: LspSession | undefined;
    const early: PublishDiagnosticsParams[] = [];
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => (session ? session.receive(p) : early.push(p)));
    // The server registers file watchers; a real client acknowledges.
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('workspace/configuration', () => []);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    connection.listen();
    const result = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uriOf(options.root),
      workspaceFolders: [{ uri: uriOf(options.root), name: path.basename(options.root) }],
      capabilities: {
        textDocument: {
          completion: { completionItem: { snippetSupport: options.snippets === true } },
          synchronization: { dynamicRegistration: false },
        },
        workspace: { workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
      },
      initializationOptions: options.initializationOptions ?? {},
    });
    await connection.sendNotification(InitializedNotification.type, {});
    session = new LspSession(connection, child, result);
    session.stderr = stderr;
    child.stderr!.on('data', (chunk: Buffer) => (session!.stderr += chunk.toString('utf8')));
    for (const p of early) session.receive(p);
    return session;
  }

  private receive(p: PublishDiagnosticsParams): void {
    const list = this.published.get(p.uri) ?? [];
    list.push(p);
    this.published.set(p.uri, list);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i]!;
      if (w.uri === p.uri && w.test(p)) {
        this.waiters.splice(i, 1);
        w.resolve(p);
      }
    }
  }

  /** The next publication for `uri` passing `test` (one already received counts only if `includePast`). */
  waitForDiagnostics(
    uri: string,
    test: (p: PublishDiagnosticsParams) => boolean = () => true,
    { timeoutMs = 30_000, includePast = false } = {},
  ): Promise<PublishDiagnosticsParams> {
    if (includePast) {
      const past = [...(this.published.get(uri) ?? [])].reverse().find(test);
      if (past) return Promise.resolve(past);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr:\n${this.stderr}`)), timeoutMs);
      this.waiters.push({
        uri,
        test,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  /** Opens a document and waits for its first diagnostics. */
  async open(file: string, text: string): Promise<PublishDiagnosticsParams> {
    const uri = uriOf(file);
    this.versions.set(uri, 1);
    const published = this.waitForDiagnostics(uri, (p) => p.version === 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'mbp', version: 1, text } });
    return published;
  }

  /** Sends incremental changes; returns the new version. */
  async change(file: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const uri = uriOf(file);
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** `shutdown`, `exit`, and the process's exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.child.exitCode !== null) resolve(this.child.exitCode);
      else this.child.once('exit', (code) => resolve(code));
    });
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The process is already gone; its exit code says how.
    }
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 10_000)))]);
    clearTimeout(timer);
    if (code === null && this.child.exitCode === null) this.child.kill();
    this.connection.dispose();
    return code;
  }
}
