#!/usr/bin/env node
// The `mbp` command. The CLI is TypeScript run through tsx, so it works right
// after `npm ci` with no build step.
let register;
try {
  ({ register } = await import('tsx/esm/api'));
} catch (error) {
  process.stderr.write(
    `mbp: cannot start: ${error instanceof Error ? error.message : String(error)}\n` +
      'Run `npm ci` in the mbp directory to install its dependencies.\n',
  );
  process.exit(1);
}
register();
// After tsx, so it runs first: see bundled-deps.mjs.
(await import('node:module')).register('./bundled-deps.mjs', import.meta.url);
try {
  const { runProcess } = await import('../main.ts');
  await runProcess();
} catch (error) {
  // main() reports its own errors; this is a failure to load the CLI at all.
  process.stderr.write(
    `mbp: internal error: ${error instanceof Error ? error.message : String(error)}\n` +
      'This is a bug in mbp; please report it. Run again with MBP_DEBUG=1 to see the stack trace.\n',
  );
  if (process.env.MBP_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}
