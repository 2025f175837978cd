import * as assert from 'uvu/assert';
import { FunctionError, FUNCTIONS, type CallContext, type FunctionErrorKind, type Value } from '../../stdlib/index.ts';

export const NO_FILES: CallContext = { baseDir: '/nowhere' };

/** Calls a stdlib function by name through the public table, as the evaluator does. */
export function call(name: string, args: readonly Value[], ctx: CallContext = NO_FILES): Value {
  const fn = FUNCTIONS[name];
  if (!fn) throw new Error(`test bug: no function ${name}`);
  return fn.impl(args, ctx);
}

/** Asserts the call fails with a FunctionError of this kind, pointing at `argIndex`, whose message matches. */
export function fails(
  name: string,
  args: readonly Value[],
  expected: { kind?: FunctionErrorKind; argIndex?: number; message: RegExp },
  ctx: CallContext = NO_FILES,
): void {
  try {
    call(name, args, ctx);
  } catch (e) {
    if (!(e instanceof FunctionError)) throw e;
    assert.is(e.fn, name);
    assert.is(e.kind, expected.kind ?? 'argument', `kind of: ${e.message}`);
    if ('argIndex' in expected) assert.is(e.argIndex, expected.argIndex, `argIndex of: ${e.message}`);
    assert.match(e.message, expected.message);
    assert.ok(e.message.startsWith(`${name}: `), 'the message names the function');
    return;
  }
  assert.unreachable(`${name}(${JSON.stringify(args)}) should have failed`);
}
