'use strict';
// How the language server is started, from the extension's settings. Kept
// apart from extension.js (which needs the `vscode` module) so a plain Node
// test can check it.
const path = require('node:path');

/**
 * @param {{ path?: string, inventory?: string }} settings  the `mbp.*` settings
 * @param {string | undefined} folder  the first workspace folder, if any
 * @param {NodeJS.ProcessEnv} env  the extension host's environment
 * @param {NodeJS.Platform} platform
 * @returns {{ command: string, args: string[], options: { cwd?: string, env: NodeJS.ProcessEnv, shell: boolean } }}
 */
function serverExecutable(settings, folder, env, platform) {
  const configured = (settings.path || '').trim() || 'mbp';
  // A bare name is for PATH lookup; anything with a separator is a path.
  const isPath = configured.includes('/') || configured.includes('\\');
  const command = isPath && folder !== undefined ? path.resolve(folder, configured) : configured;
  const serverEnv = { ...env };
  const inventory = (settings.inventory || '').trim();
  if (inventory !== '') serverEnv.MBP_INVENTORY = folder !== undefined ? path.resolve(folder, inventory) : inventory;
  return {
    command,
    args: ['lsp'],
    // `mbp` installed by npm on Windows is a .cmd shim, which only a shell can start.
    options: { ...(folder !== undefined ? { cwd: folder } : {}), env: serverEnv, shell: platform === 'win32' },
  };
}

module.exports = { serverExecutable };
