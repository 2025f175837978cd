import { SecretMatcher } from '../eval/index.ts';
import { secretForms } from './secret-forms.ts';

/**
 * Hides secret values, in every encoded form, in text on its way out of the
 * runtime (step outputs, log lines, error messages). Built once per step
 * from the secret strings the caller says its arguments hold. Masking costs
 * about the length of the text, not the number of secrets.
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
  const matcher = new SecretMatcher();
  addForms(matcher, secrets);
  return view(matcher, matcher.size);
}

function addForms(matcher: SecretMatcher, secrets: Iterable<string>): void {
  for (const s of secrets) matcher.add(secretForms(s));
}

/**
 * The masker of the first `limit` forms of a shared matcher. `with` on the
 * newest view extends the matcher in place (the run context adds a secret
 * per host key and token, so rebuilding would cost every earlier one each
 * time); on an older view, whose matcher has grown past it, it copies.
 */
function view(matcher: SecretMatcher, limit: number): Masker {
  const empty = limit === 0;
  const mask = (text: string): string => (empty ? text : matcher.mask(text, limit));
  return Object.freeze({
    empty,
    mask,
    maskJson: <T>(value: T): T => (empty ? value : (maskDeep(value, mask) as T)),
    maskError: <E>(error: E): E => (empty ? error : maskErrorInPlace(error, mask)),
    with: (more: Iterable<string>): Masker => {
      // An empty view (NO_SECRETS is shared by every run) never lends its matcher: it would keep one run's secrets alive.
      const target = matcher.size === limit && limit > 0 ? matcher : new SecretMatcher().add(matcher.values(limit));
      addForms(target, more);
      return view(target, target.size);
    },
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

/**
 * A request's masker: the run's compiled one (passed in, never copied nor
 * extended: extending it would make the run copy its whole matcher on its
 * next secret, once per request) followed by the few values only this request
 * knows (a password on its target). An occurrence of a request value that
 * overlaps an occurrence of a run value can leave a few characters of the
 * first masked one visible, so values that may overlap belong in one masker.
 */
export function chainMaskers(run: Masker, own: Masker): Masker {
  if (own.empty) return run;
  if (run.empty) return own;
  const mask = (text: string): string => own.mask(run.mask(text));
  return Object.freeze({
    empty: false,
    mask,
    maskJson: <T>(value: T): T => maskDeep(value, mask) as T,
    maskError: <E>(error: E): E => own.maskError(run.maskError(error)),
    with: (more: Iterable<string>): Masker => chainMaskers(run, own.with(more)),
  });
}
