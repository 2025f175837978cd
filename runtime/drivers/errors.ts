/**
 * The one error type drivers throw (aborts excepted: an aborted call rejects
 * with `signal.reason`, an AbortError). The executor uses `retryable` to
 * decide on retries and `code` to explain the failure.
 */
export type DriverErrorCode =
  /** The server, port, MAC or host is unknown to the driver. */
  | 'unknown-target'
  /** An argument is malformed (VLAN 0, empty image, ...). */
  | 'invalid-argument'
  /** The request clashes with existing state (e.g. an iSCSI target of another image). */
  | 'conflict'
  /** The device or host could not be reached. */
  | 'unreachable'
  /** The call ran out of its own time limit (`timeoutMs`), not the caller's signal. */
  | 'timeout'
  /** The device answered with an error (a BMC 5xx, an injected fault). */
  | 'device-error'
  /** The driver cannot do this (e.g. no virtual media on this BMC). */
  | 'unsupported';

export class DriverError extends Error {
  override readonly name = 'DriverError';
  readonly code: DriverErrorCode;
  /** Driver family and implementation, e.g. "bmc/simulated". */
  readonly driver: string;
  /** What the call was about: a server id, "switch:port", a MAC, a host. */
  readonly target: string;
  readonly retryable: boolean;

  constructor(options: {
    readonly code: DriverErrorCode;
    readonly driver: string;
    readonly target: string;
    readonly message: string;
    readonly retryable?: boolean;
    readonly cause?: unknown;
  }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.driver = options.driver;
    this.target = options.target;
    this.retryable = options.retryable ?? (options.code === 'unreachable' || options.code === 'timeout' || options.code === 'device-error');
  }
}

export function isDriverError(value: unknown, code?: DriverErrorCode): value is DriverError {
  return value instanceof DriverError && (code === undefined || value.code === code);
}

/** True for the rejection of an aborted call. */
export function isAbortError(value: unknown): boolean {
  return value instanceof Error && value.name === 'AbortError';
}
