import { Assertion } from 'uvu/assert';

/** Fails the current test with a one-line message and a block of details (one problem per line), each shown once. */
export function fail(message: string, details: readonly string[] | string): never {
  const text = typeof details === 'string' ? details : details.join('\n');
  throw new Assertion({ message, details: text, operator: 'fail', expects: undefined, actual: undefined });
}
