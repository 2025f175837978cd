import fs from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  type Location,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { checkFiles } from '../../compiler/index.ts';
import { NodeFileSystem } from '../../compiler/sources/index.ts';
import { LspSession, uriOf } from './lsp-client.ts';
import { applyEdits, EXTRA, LIB, MAIN, positionOf, writeWorkspace, type Workspace } from './workspace.ts';

const test = suite<{ ws: Workspace; session: LspSession }>('lsp rename and references');

test.before(async (context) => {
  context.ws = writeWorkspace();
  context.session = await LspSession.start({ root: context.ws.root });
  // Only main.mbp is open: the other files are found in the workspace folder.
  await context.session.open(context.ws.main, MAIN);
});

test.after(async ({ ws, session }) => {
  await session.stop();
  ws.temp.cleanup();
});

const range = (line: number, start: number, end: number): Range => ({ start: { line, character: start }, end: { line, character: end } });

test('renaming a workflow parameter from a named argument edits its declaration and every use, in three files', async ({ ws, session }) => {
  // `node` in `k8s.setup(node = instance)` (main.mbp line 15) names the parameter of `setup` in lib/k8s.mbp.
  const position = positionOf(MAIN, 'setup(node', 0, 'setup('.length + 1);
  const prepared = await session.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: uriOf(ws.main) }, position });
  assert.equal(prepared, { range: range(15, 31, 35), placeholder: 'node' });

  const edit = (await session.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uriOf(ws.main) }, position, newName: 'host' })) as WorkspaceEdit;
  // Worked out by hand from the texts in workspace.ts: the declaration `setup(node: instance)` (line 3),
  // its uses in the two steps (lines 4 and 5), and the named argument in each importing file.
  const expected: Record<string, TextEdit[]> = {
    [uriOf(ws.extra)]: [{ range: range(11, 32, 36), newText: 'host' }],
    [uriOf(ws.lib)]: [
      { range: range(3, 15, 19), newText: 'host' },
      { range: range(4, 31, 35), newText: 'host' },
      { range: range(5, 27, 31), newText: 'host' },
    ],
    [uriOf(ws.main)]: [{ range: range(15, 31, 35), newText: 'host' }],
  };
  assert.equal(edit, { changes: expected });

  // Applied, the workspace checks clean, and the instance_array `node` of extra.mbp is untouched.
  const edited = { [ws.main]: applyEdits(MAIN, expected[uriOf(ws.main)]!), [ws.lib]: applyEdits(LIB, expected[uriOf(ws.lib)]!), [ws.extra]: applyEdits(EXTRA, expected[uriOf(ws.extra)]!) };
  assert.match(edited[ws.extra]!, 'instance_array node {');
  assert.match(edited[ws.lib]!, 'workflow setup(host: instance)');
  for (const [file, text] of Object.entries(edited)) fs.writeFileSync(file, text);
  const result = checkFiles(new NodeFileSystem(), [ws.root]);
  assert.equal(result.diagnostics.map((d) => `${d.file}: ${d.code} ${d.message}`), []);
  for (const [file, text] of [[ws.main, MAIN], [ws.lib, LIB], [ws.extra, EXTRA]] as const) fs.writeFileSync(file, text);
});

test('renaming a workflow used through two import aliases', async ({ ws, session }) => {
  const position = positionOf(MAIN, 'k8s.setup', 0, 'k8s.'.length);
  const edit = (await session.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uriOf(ws.main) }, position, newName: 'prepare' })) as WorkspaceEdit;
  assert.equal(edit.changes, {
    [uriOf(ws.extra)]: [{ range: range(11, 26, 31), newText: 'prepare' }],
    [uriOf(ws.lib)]: [{ range: range(3, 9, 14), newText: 'prepare' }],
    [uriOf(ws.main)]: [{ range: range(15, 25, 30), newText: 'prepare' }],
  });
});

test('find references across files, with and without the declaration', async ({ ws, session }) => {
  const position = positionOf(MAIN, 'k8s.setup', 0, 'k8s.'.length + 2);
  const request = (includeDeclaration: boolean) =>
    session.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: uriOf(ws.main) }, position, context: { includeDeclaration } }) as Promise<Location[]>;
  assert.equal(await request(false), [
    { uri: uriOf(ws.extra), range: range(11, 26, 31) },
    { uri: uriOf(ws.main), range: range(15, 25, 30) },
  ]);
  assert.equal((await request(true)).length, 3);
});

test('keywords, built-ins, attributes and invalid new names are refused', async ({ ws, session }) => {
  const refused = async (needle: string, delta: number, newName = 'x'): Promise<string> => {
    const position = positionOf(MAIN, needle, 0, delta);
    try {
      await session.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uriOf(ws.main) }, position, newName });
    } catch (error) {
      return (error as Error).message;
    }
    return 'accepted';
  };
  assert.match(await refused('infrastructure edge', 2), 'part of the language');
  assert.match(await refused('std.os', 1), 'built in');
  assert.match(await refused('= instance)', 3), 'built in');
  assert.match(await refused('server_type =', 2), 'part of the language');
  assert.match(await refused('count       = workers', 'count       = '.length, 'infrastructure'), 'keyword');
  assert.match(await refused('count       = workers', 'count       = '.length, '9lives'), 'not a name');
  const prepare = await session.connection
    .sendRequest(PrepareRenameRequest.type, { textDocument: { uri: uriOf(ws.main) }, position: positionOf(MAIN, 'std.os', 0, 1) })
    .then(() => 'accepted', (e: Error) => e.message);
  assert.match(prepare, 'built in');
});

test.run();
