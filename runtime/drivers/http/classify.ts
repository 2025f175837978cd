import { DriverError } from '../errors.ts';
import { TooManyRedirects } from './open-response.ts';

/** Node's error code of a failed request, if any. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Failures where nothing reached the server, so sending again is safe whatever the method. */
export function neverReachedServer(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ECONNREFUSED' || code === 'EAI_AGAIN';
}

const TLS_TRUST = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/**
 * The DriverError for a request that got no response. Trust failures are
 * not retryable (retrying cannot make a certificate trusted) and say how to
 * pin the CA; network failures are.
 */
export function requestFailure(error: unknown, describe: { readonly driver: string; readonly target: string; readonly what: string }): DriverError {
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  const base = { driver: describe.driver, target: describe.target };
  if (error instanceof TooManyRedirects) {
    return new DriverError({ ...base, code: 'device-error', retryable: false, message: `${describe.what}: ${detail}; check the URL` });
  }
  if (code !== undefined && (TLS_TRUST.has(code) || code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID' || code === 'ERR_TLS_CERT_ALTNAME_INVALID')) {
    const fix =
      code === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? 'use the name the certificate was issued for'
        : TLS_TRUST.has(code)
          ? 'if you trust it, pass the CA that signed it as `ca` (PEM, e.g. ca = file("./ca.pem"))'
          : 'renew the certificate';
    return new DriverError({
      ...base,
      code: 'unreachable',
      retryable: false,
      message: `${describe.what}: the TLS certificate of ${describe.target} is not accepted (${detail}); ${fix}`,
    });
  }
  const reason =
    code === 'ECONNREFUSED'
      ? 'connection refused'
      : code === 'ENOTFOUND'
        ? 'host name not found'
        : code === 'ECONNRESET' || code === 'EPIPE'
          ? 'connection reset by the server'
          : detail;
  return new DriverError({
    ...base,
    code: 'unreachable',
    message: `${describe.what}: cannot get a response from ${describe.target}: ${reason}`,
  });
}
