import type { Command } from 'commander';
import type { CommandIO } from '../io.ts';
import { examples } from '../options.ts';

export function register(program: Command, io: CommandIO): void {
  program
    .command('lsp')
    .summary('run the language server (for editors)')
    .description(
      'Run the Metal Blueprint language server over stdin and stdout (the Language Server Protocol):\n' +
        'diagnostics as you type, completion, hover, signature help, go to definition, references,\n' +
        'rename, outline, workspace symbols, formatting, semantic tokens and quick fixes. Editors start\n' +
        'it themselves; server types and datacenters are completed from the inventory named by the\n' +
        "client's initializationOptions.inventory, else $MBP_INVENTORY, else .mbp/inventory.json.",
    )
    .option('--stdio', 'talk over stdin and stdout (the default, accepted for editor clients)')
    // Editor clients add their own flags (--clientProcessId=N); they must not stop the server.
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText('after', examples([['mbp lsp --stdio', 'what an editor runs; it speaks JSON-RPC on stdin/stdout']]))
    .action(async () => {
      // stdout carries the protocol: anything logged goes to stderr instead.
      for (const level of ['log', 'info', 'debug', 'warn'] as const) console[level] = (...args: unknown[]) => console.error(...args);
      const { startLanguageServer } = await import('../../editor/lsp/index.ts');
      const connection = startLanguageServer({ input: process.stdin, output: process.stdout, env: io.env, cwd: io.cwd });
      // The connection ends the process on `exit`; until then the command is running.
      await new Promise<void>((resolve) => connection.onExit(resolve));
    });
}
