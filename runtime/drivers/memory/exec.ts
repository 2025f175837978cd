import { readFile } from 'node:fs/promises';
import { systemClock, type Clock } from '../../clock/index.ts';
import { DriverError } from '../errors.ts';
import type { CopyRequest, CopyResult, ExecDriver, ExecRequest, ExecResult, ExecTarget } from '../exec.ts';
import { withTimeout } from '../with-timeout.ts';

const DRIVER = 'exec/memory';

export interface MemoryExecOptions {
  /** Hosts that accept connections; any other host is unreachable. */
  readonly hosts: readonly string[];
  readonly clock?: Clock;
  /** Reads a local file for `copy` with a file source (defaults to node:fs). */
  readonly readLocalFile?: (path: string) => Promise<Uint8Array>;
  /** Answers commands before the built-in mini shell; return undefined to fall through. */
  readonly handler?: (request: ExecRequest) => ExecResult | undefined;
}

/**
 * An in-memory ExecDriver for tests: each host has a file map and a tiny
 * shell knowing `echo [args] [>&2]`, `cat PATH`, `exit N`, `true`, `false`
 * and `sleep SECONDS` (on the injected clock). Everything else exits 127.
 */
export class MemoryExecDriver implements ExecDriver {
  private readonly hosts: Map<string, Map<string, Uint8Array>>;
  private readonly clock: Clock;
  private readonly options: MemoryExecOptions;
  /** Every command run, in order, for assertions. */
  readonly history: Array<{ readonly host: string; readonly command: string }> = [];

  constructor(options: MemoryExecOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.hosts = new Map(options.hosts.map((host) => [host, new Map()]));
  }

  /** The files of one host (path → bytes). */
  files(host: string): ReadonlyMap<string, Uint8Array> {
    return this.hosts.get(host) ?? new Map();
  }

  async run(request: ExecRequest, signal: AbortSignal): Promise<ExecResult> {
    const files = this.connect(request, signal);
    this.history.push({ host: request.host, command: request.command });
    return withTimeout(this.clock, request.timeoutMs, signal, { driver: DRIVER, target: request.host, what: `command "${request.command}"` }, (inner) =>
      this.interpret(request, files, inner),
    );
  }

  async copy(request: CopyRequest, signal: AbortSignal): Promise<CopyResult> {
    const files = this.connect(request, signal);
    const bytes = request.source.kind === 'content'
      ? typeof request.source.content === 'string' ? new TextEncoder().encode(request.source.content) : request.source.content
      : await (this.options.readLocalFile ?? readFile)(request.source.path);
    signal.throwIfAborted();
    const existing = files.get(request.destination);
    if (existing !== undefined) {
      if (request.ifExists === 'error') {
        throw new DriverError({
          code: 'conflict',
          driver: DRIVER,
          target: request.host,
          message: `${request.destination} already exists on ${request.host}; set if_exists to overwrite, if-size-differs or ignore`,
        });
      }
      if (request.ifExists === 'ignore' || (request.ifExists === 'if-size-differs' && existing.length === bytes.length)) {
        return { copied: false, bytes: existing.length };
      }
    }
    files.set(request.destination, bytes);
    return { copied: true, bytes: bytes.length };
  }

  private connect(target: ExecTarget, signal: AbortSignal): Map<string, Uint8Array> {
    signal.throwIfAborted();
    const files = this.hosts.get(target.host);
    if (files === undefined) {
      throw new DriverError({
        code: 'unreachable',
        driver: DRIVER,
        target: target.host,
        message: `cannot connect to ${target.user}@${target.host}:${target.port}: connection refused`,
      });
    }
    return files;
  }

  private async interpret(request: ExecRequest, files: Map<string, Uint8Array>, signal: AbortSignal): Promise<ExecResult> {
    const custom = this.options.handler?.(request);
    if (custom !== undefined) return custom;
    const words = request.command.trim().split(/\s+/).map((w) => w.replace(/^(['"])(.*)\1$/, '$2'));
    const [name, ...args] = words;
    switch (name) {
      case 'true':
        return { exitCode: 0, stdout: '', stderr: '' };
      case 'false':
        return { exitCode: 1, stdout: '', stderr: '' };
      case 'exit':
        return { exitCode: Number(args[0] ?? 0), stdout: '', stderr: '' };
      case 'echo': {
        const toStderr = args[args.length - 1] === '>&2';
        const text = `${(toStderr ? args.slice(0, -1) : args).join(' ')}\n`;
        return toStderr ? { exitCode: 0, stdout: '', stderr: text } : { exitCode: 0, stdout: text, stderr: '' };
      }
      case 'cat': {
        const content = files.get(args[0] ?? '');
        return content === undefined
          ? { exitCode: 1, stdout: '', stderr: `cat: ${args[0] ?? ''}: No such file or directory\n` }
          : { exitCode: 0, stdout: new TextDecoder().decode(content), stderr: '' };
      }
      case 'sleep':
        await this.clock.sleep(Number(args[0] ?? 0) * 1000, signal);
        return { exitCode: 0, stdout: '', stderr: '' };
      default:
        return { exitCode: 127, stdout: '', stderr: `sh: ${name ?? ''}: command not found\n` };
    }
  }
}
