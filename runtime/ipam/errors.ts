/**
 * Every IPAM failure is an IpamError: callers (planner, stdlib functions,
 * CLI) branch on `code` and show `message`, which always says what is wrong
 * and what to do about it.
 */
export type IpamErrorCode =
  | 'invalid-address'
  | 'invalid-cidr'
  | 'host-bits-set'
  | 'invalid-argument'
  | 'out-of-range'
  | 'no-pool'
  | 'exhausted';

export class IpamError extends Error {
  override readonly name = 'IpamError';
  readonly code: IpamErrorCode;

  constructor(code: IpamErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function isIpamError(value: unknown): value is IpamError {
  return value instanceof IpamError;
}
