import { suite, type Test } from 'uvu';

/** What a conformance suite keeps per test: a fresh fixture, so no test sees another's state. */
export interface FixtureContext<F> {
  fixture?: F;
}

/**
 * A uvu suite that builds a fixture before each test and disposes of it
 * after, plus `use(ctx)` to read it inside a test.
 */
export function fixtureSuite<F extends { dispose?(): Promise<void> }>(
  title: string,
  factory: () => Promise<F>,
): { readonly test: Test<FixtureContext<F>>; readonly use: (ctx: FixtureContext<F>) => F } {
  const test = suite<FixtureContext<F>>(title, {});
  test.before.each(async (ctx) => {
    ctx.fixture = await factory();
  });
  test.after.each(async (ctx) => {
    await ctx.fixture?.dispose?.();
    ctx.fixture = undefined;
  });
  return { test, use: (ctx) => ctx.fixture! };
}
