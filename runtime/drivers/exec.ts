/**
 * Running commands on a host (SSH in real life). A command that exits
 * non-zero is a result, not an error; errors are for not getting that far.
 */

export interface ExecTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Private key (PEM/OpenSSH) or password, resolved at apply; never logged. */
  readonly auth?: { readonly privateKey: string } | { readonly password: string };
  /** Pinned host key ("ssh-ed25519 AAAA..."); an unknown or changed key fails. */
  readonly hostKey?: string;
}

export interface ExecRequest extends ExecTarget {
  readonly command: string;
  /** The driver's own limit; exceeding it rejects with DriverError code "timeout". */
  readonly timeoutMs: number;
  readonly stdin?: string;
}

export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** What to do when the destination already exists. */
export type IfExists = 'error' | 'overwrite' | 'if-size-differs' | 'ignore';

export type CopySource =
  | { readonly kind: 'content'; readonly content: string | Uint8Array }
  | { readonly kind: 'file'; readonly path: string };

export interface CopyRequest extends ExecTarget {
  readonly source: CopySource;
  readonly destination: string;
  /** File mode, e.g. 0o644. */
  readonly mode?: number;
  readonly ifExists: IfExists;
  readonly timeoutMs: number;
}

export interface CopyResult {
  /** false when `ifExists` left an existing file in place. */
  readonly copied: boolean;
  readonly bytes: number;
}

export interface ExecDriver {
  run(request: ExecRequest, signal: AbortSignal): Promise<ExecResult>;
  /** `ifExists: "error"` on an existing destination rejects with code "conflict". */
  copy(request: CopyRequest, signal: AbortSignal): Promise<CopyResult>;
}
