/**
 * MBP4xxx while typing (issue 7): with an inventory configured, the
 * language server publishes the checks `mbp check --inventory` runs, and
 * reads the inventory again when the file changes. Real client, real files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DidChangeWatchedFilesNotification, FileChangeType, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { createDemoInventory } from '../../runtime/inventory/index.ts';
import { makeTempDir } from '../support/index.ts';
import { LspSession, uriOf } from './lsp-client.ts';

const BLUEPRINT = `infrastructure lab {
  datacenter = "dc-east"

  instance_array node {
    server_type = "M.99.999.9"
    count       = 1
    template    = std.os.rocky_9
  }
}
`;

const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code)).sort();

function workspace(withInventory: boolean) {
  const temp = makeTempDir('mbp-lsp-inventory-');
  const file = path.join(temp.path, 'main.mbp');
  fs.writeFileSync(file, BLUEPRINT);
  const inventory = path.join(temp.path, '.mbp/inventory.json');
  if (withInventory) {
    fs.mkdirSync(path.dirname(inventory));
    fs.writeFileSync(inventory, JSON.stringify(createDemoInventory(new Date(0))));
  }
  return { temp, file, inventory };
}

test('an unknown server type is reported as you type when the workspace has an inventory, and not without one', async () => {
  const ws = workspace(true);
  const session = await LspSession.start({ root: ws.temp.path });
  try {
    const opened = await session.open(ws.file, BLUEPRINT);
    assert.equal(codes(opened), ['MBP4002']);
    const d = opened.diagnostics[0]!;
    assert.match(d.message, '`M.99.999.9` is not in the inventory');
    assert.equal(d.range.start, { line: 4, character: 18 });
    // Fixed in the editor: the error goes with the next check.
    const fixed = await session.change(ws.file, [{ range: { start: { line: 4, character: 19 }, end: { line: 4, character: 29 } }, text: 'M.8.32.2' }]);
    const after = await session.waitForDiagnostics(uriOf(ws.file), (p) => p.version === fixed, { includePast: true });
    assert.equal(codes(after), []);
  } finally {
    await session.stop();
    ws.temp.cleanup();
  }

  // Negative control: the same blueprint without an inventory has nothing to say.
  const bare = workspace(false);
  const plain = await LspSession.start({ root: bare.temp.path });
  try {
    assert.equal(codes(await plain.open(bare.file, BLUEPRINT)), []);
  } finally {
    await plain.stop();
    bare.temp.cleanup();
  }
});

test('the inventory is read again when it changes: a server type added to it clears the error', async () => {
  const ws = workspace(true);
  const session = await LspSession.start({ root: ws.temp.path });
  try {
    assert.equal(codes(await session.open(ws.file, BLUEPRINT)), ['MBP4002']);
    const inventory = JSON.parse(fs.readFileSync(ws.inventory, 'utf8'));
    inventory.server_types.push({ ...inventory.server_types[0], id: 999, name: 'M.99.999.9' });
    fs.writeFileSync(ws.inventory, JSON.stringify(inventory));
    // Told by the file watcher; no edit of the document needed.
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(ws.inventory), type: FileChangeType.Changed }] });
    // The type is known now; the inventory has no server of it, which the capacity check says instead.
    const known = await session.waitForDiagnostics(uriOf(ws.file), (p) => !codes(p).includes('MBP4002'), { timeoutMs: 10_000 });
    assert.equal(known.diagnostics.length, 1);
    assert.match(known.diagnostics[0]!.message, 'dc-east has no M.99.999.9 server');
    // Without a watcher event, the next check notices the new mtime: take the server type out again and edit.
    inventory.server_types.pop();
    fs.writeFileSync(ws.inventory, `${JSON.stringify(inventory)}\n`);
    await session.change(ws.file, [{ range: { start: { line: 8, character: 1 }, end: { line: 8, character: 1 } }, text: '\n' }]);
    const back = await session.waitForDiagnostics(uriOf(ws.file), (p) => codes(p).includes('MBP4002'), { includePast: false, timeoutMs: 10_000 });
    assert.equal(codes(back), ['MBP4002']);
  } finally {
    await session.stop();
    ws.temp.cleanup();
  }
});

test.run();
