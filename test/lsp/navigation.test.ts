import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  DefinitionRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  HoverRequest,
  SignatureHelpRequest,
  WorkspaceSymbolRequest,
  type DocumentSymbol,
  type Hover,
  type Location,
  type MarkupContent,
  type SymbolInformation,
  type TextEdit,
} from 'vscode-languageserver-protocol';
import { format } from '../../compiler/format/index.ts';
import { LspSession, uriOf } from './lsp-client.ts';
import { applyEdits, LIB, MAIN, positionOf, writeWorkspace, type Workspace } from './workspace.ts';

const test = suite<{ ws: Workspace; session: LspSession }>('lsp hover, definition, signatures, symbols, formatting');

test.before(async (context) => {
  context.ws = writeWorkspace();
  context.session = await LspSession.start({ root: context.ws.root });
  await context.session.open(context.ws.main, MAIN);
});

test.after(async ({ ws, session }) => {
  await session.stop();
  ws.temp.cleanup();
});

async function hoverText(session: LspSession, file: string, text: string, needle: string, delta: number): Promise<string> {
  const hover = (await session.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri: uriOf(file) },
    position: positionOf(text, needle, 0, delta),
  })) as Hover | null;
  return hover ? (hover.contents as MarkupContent).value : '';
}

test('hover shows the doc comment of a param, with its type and value', async ({ ws, session }) => {
  const text = await hoverText(session, ws.main, MAIN, '= workers', 4);
  assert.match(text, 'Number of worker nodes.');
  assert.match(text, '(param) workers: int = 3');
});

test('hover on a workflow reached through an import alias shows its doc from the other file', async ({ ws, session }) => {
  const text = await hoverText(session, ws.main, MAIN, 'k8s.setup', 6);
  assert.match(text, 'workflow setup(node: instance)');
  assert.match(text, 'Installs the OS and tunes the kernel of one node.');
  assert.match(text, 'k8s.mbp');
});

test('hover on stdlib paths, attributes and enum values shows their docs', async ({ ws, session }) => {
  assert.match(await hoverText(session, ws.main, MAIN, 'ubuntu_2404', 2), 'Ubuntu 24.04');
  assert.match(await hoverText(session, ws.main, MAIN, 'server_type', 1), '**server_type**: `server_type`');
  assert.match(await hoverText(session, ws.main, MAIN, '"wan"', 2), 'default subnet');
  assert.match(await hoverText(session, ws.main, MAIN, 'instance.index', 10), 'Position of the instance in its array');
  assert.equal(await hoverText(session, ws.main, MAIN, '\n\n', 1), '', 'nothing on an empty line');
});

test('go to definition across files', async ({ ws, session }) => {
  const definition = (needle: string, delta: number) =>
    session.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(ws.main) }, position: positionOf(MAIN, needle, 0, delta) }) as Promise<Location | null>;
  assert.equal(await definition('k8s.setup', 5), { uri: uriOf(ws.lib), range: { start: { line: 3, character: 9 }, end: { line: 3, character: 14 } } });
  assert.equal(await definition('setup(node', 7), { uri: uriOf(ws.lib), range: { start: { line: 3, character: 15 }, end: { line: 3, character: 19 } } });
  assert.equal(await definition('"./lib', 3), { uri: uriOf(ws.lib), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  assert.equal(await definition('network = wan', 11), { uri: uriOf(ws.main), range: { start: { line: 7, character: 10 }, end: { line: 7, character: 13 } } });
  assert.equal(await definition('std.os', 1), null, 'the stdlib has no source to go to');
});

test('signature help inside a step call', async ({ ws, session }) => {
  const text = 'workflow w(n: instance) {\n  step a = std.ssh.exec(n, "ls", port = 2)\n}\n';
  const file = `${ws.root}/signature.mbp`;
  await session.open(file, text);
  const help = await session.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri: uriOf(file) }, position: positionOf(text, '"ls"', 0, 1) });
  assert.ok(help);
  const signature = help!.signatures[0]!;
  assert.match(signature.label, /^std\.ssh\.exec\(target: instance \| ip \| string, command: string, /);
  assert.equal(help!.activeParameter, 1);
  const [start, end] = signature.parameters![1]!.label as [number, number];
  assert.equal(signature.label.slice(start, end), 'command: string');
  const named = await session.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri: uriOf(file) }, position: positionOf(text, '= 2', 0, 2) });
  const port = named!.signatures[0]!.parameters![named!.activeParameter!]!.label as [number, number];
  assert.equal(named!.signatures[0]!.label.slice(port[0], port[1]), 'port?: int = 22');
});

test('document symbols: the outline of declarations and blocks', async ({ ws, session }) => {
  const symbols = (await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: uriOf(ws.main) } })) as DocumentSymbol[];
  const tree = (list: readonly DocumentSymbol[]): unknown[] => list.map((s) => (s.children?.length ? [s.name, tree(s.children)] : s.name));
  assert.equal(tree(symbols), ['k8s', 'workers', ['edge', ['wan', ['worker', ['port 0', 'on provision']]]]]);
  const edge = symbols[2]!;
  assert.equal(edge.selectionRange, { start: { line: 5, character: 15 }, end: { line: 5, character: 19 } });
  assert.equal(edge.range.start, { line: 5, character: 0 });
});

test('workspace symbols come from every blueprint of the folder', async ({ ws, session }) => {
  const found = (await session.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'setup' })) as SymbolInformation[];
  assert.equal(found.map((s) => [s.name, s.location.uri]), [['setup', uriOf(ws.lib)]]);
  const nodes = (await session.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'node' })) as SymbolInformation[];
  assert.equal(nodes.map((s) => `${s.name}@${s.location.uri.slice(-9)}`).sort(), ['node@extra.mbp']);
});

test('formatting gives the mbp fmt layout', async ({ ws, session }) => {
  const messy = LIB.replace('step os   = std', 'step os = std').replace('  output kernel', '      output   kernel');
  const file = `${ws.root}/messy.mbp`;
  await session.open(file, messy);
  const edits = (await session.connection.sendRequest(DocumentFormattingRequest.type, {
    textDocument: { uri: uriOf(file) },
    options: { tabSize: 2, insertSpaces: true },
  })) as TextEdit[];
  assert.ok(edits.length > 0);
  assert.equal(applyEdits(messy, edits), format(messy, file).text);
  assert.equal(applyEdits(messy, edits), LIB);
});

test.run();
