/**
 * A step that cannot go on, with a message for the person running mbp.
 * `retryable: false` (the default) stops the executor from trying again:
 * a wrong argument or an inconsistent resolution does not get better.
 */
export class StepError extends Error {
  override readonly name = 'StepError';
  readonly retryable: boolean;

  constructor(message: string, options: { readonly retryable?: boolean } = {}) {
    super(message);
    this.retryable = options.retryable ?? false;
  }
}
