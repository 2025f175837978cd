import * as assert from 'uvu/assert';
import { isAbortError, isDriverError, type DriverErrorCode } from '../errors.ts';

/** Asserts that `promise` rejects with a DriverError of `code` whose message mentions `mentions`. */
export async function rejectsWithDriverError(promise: Promise<unknown>, code: DriverErrorCode, mentions?: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isDriverError(error), `expected a DriverError, got ${String(error)}`);
    assert.is(error.code, code, `expected code ${code}, got ${error.code}: ${error.message}`);
    if (mentions !== undefined) assert.ok(error.message.includes(mentions), `message "${error.message}" should mention ${mentions}`);
    return;
  }
  assert.unreachable(`expected a DriverError ${code}, but the call succeeded`);
}

export async function rejectsWithAbort(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isAbortError(error), `expected an AbortError, got ${String(error)}`);
    return;
  }
  assert.unreachable('expected the call to be aborted, but it succeeded');
}

export function abortedSignal(): AbortSignal {
  const controller = new AbortController();
  controller.abort();
  return controller.signal;
}

/** A signal that never aborts, for calls that should simply run. */
export const live = (): AbortSignal => new AbortController().signal;
