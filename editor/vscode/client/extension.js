// @ts-check
'use strict';
// Starts `mbp lsp` over stdio for .mbp files; everything else (diagnostics,
// completion, formatting, ...) is the server's.
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
const { serverExecutable } = require('./server-options.js');

/** @type {LanguageClient | undefined} */
let client;

/** @param {ReturnType<typeof serverExecutable>} executable */
function createClient(executable) {
  return new LanguageClient(
    'mbp',
    'Metal Blueprint',
    { ...executable, transport: TransportKind.stdio },
    {
      documentSelector: [
        { scheme: 'file', language: 'mbp' },
        { scheme: 'untitled', language: 'mbp' },
      ],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.mbp') },
      // The server also reads MBP_INVENTORY; the option makes the choice explicit in the LSP trace.
      initializationOptions: executable.options.env.MBP_INVENTORY === undefined ? {} : { inventory: executable.options.env.MBP_INVENTORY },
    },
  );
}

async function start() {
  const config = vscode.workspace.getConfiguration('mbp');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const settings = { path: config.get('path'), inventory: config.get('inventory') };
  const executable = serverExecutable(settings, folder, process.env, process.platform);
  client = createClient(executable);
  try {
    await client.start();
  } catch (e) {
    client = undefined;
    const choice = await vscode.window.showErrorMessage(
      `Metal Blueprint: could not start \`${executable.command} lsp\` (${e instanceof Error ? e.message : e}). Set "mbp.path" to the mbp executable.`,
      'Open Settings',
    );
    if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'mbp.path');
  }
}

async function restart() {
  const running = client;
  client = undefined;
  if (running !== undefined) await running.stop();
  await start();
}

/** @param {import('vscode').ExtensionContext} context */
async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('mbp.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('mbp.path') || e.affectsConfiguration('mbp.inventory')) void restart();
    }),
  );
  await start();
}

async function deactivate() {
  if (client !== undefined) await client.stop();
}

module.exports = { activate, deactivate };
