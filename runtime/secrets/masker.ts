import { maskSecrets } from '../eval/index.ts';
import { secretForms } from './secret-forms.ts';

/**
 * Hides secret values, in every encoded form, in text on its way out of the
 * runtime (step outputs, log lines, error messages). Built once per step
 * from the secret strings the caller says its arguments hold.
 */
export interface Masker {
  /** True when there is nothing to mask, so callers can skip work. */
  readonly empty: boolean;
  mask(text: string): string;
  /** A JSON value with every string in it (keys too) masked. */
  maskJson<T>(value: T): T;
  /**
   * The error itself, its message, stack and other string fields (a
   * DriverError's target) masked in place; its `cause` dropped, since
   * that may quote the secret. Anything else passes through.
   */
  maskError<E>(error: E): E;
  /** The same masker extended with more secret values. */
  with(secrets: Iterable<string>): Masker;
}

export function createMasker(secrets: Iterable<string> = []): Masker {
  const values = [...new Set(secrets)].filter((s) => s !== '');
  const forms = [...new Set(values.flatMap((s) => secretForms(s)))];
  const mask = (text: string): string => (forms.length === 0 ? text : maskSecrets(text, forms));
  const maskJson = <T>(value: T): T => (forms.length === 0 ? value : (maskDeep(value, mask) as T));
  return Object.freeze({
    empty: forms.length === 0,
    mask,
    maskJson,
    maskError: <E>(error: E): E => (forms.length === 0 ? error : maskErrorInPlace(error, mask)),
    with: (more: Iterable<string>) => createMasker([...values, ...more]),
  });
}

/** A masker that masks nothing. */
export const NO_SECRETS: Masker = createMasker();

function maskDeep(value: unknown, mask: (text: string) => string): unknown {
  if (typeof value === 'string') return mask(value);
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, mask));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[mask(k)] = maskDeep(v, mask);
    return out;
  }
  return value;
}

function maskErrorInPlace<E>(error: E, mask: (text: string) => string): E {
  if (!(error instanceof Error)) return error;
  const fields = error as unknown as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(error)) {
    const value = fields[key];
    if (typeof value === 'string') fields[key] = mask(value);
  }
  if ('cause' in error) delete fields.cause;
  return error;
}
