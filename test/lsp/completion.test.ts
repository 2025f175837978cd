import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CompletionRequest, DefinitionRequest, HoverRequest, SignatureHelpRequest, type CompletionItem, type CompletionList } from 'vscode-languageserver-protocol';
import { createDemoInventory, DEMO_SERVER_TYPES } from '../../runtime/inventory/index.ts';
import { LspSession, uriOf } from './lsp-client.ts';
import { MAIN, positionAt, writeWorkspace, type Workspace } from './workspace.ts';

const test = suite<{ ws: Workspace; session: LspSession }>('lsp completion');

test.before(async (context) => {
  context.ws = writeWorkspace();
  // An inventory where the server looks by default: `.mbp/inventory.json` of the workspace.
  fs.mkdirSync(path.join(context.ws.root, '.mbp'));
  fs.writeFileSync(path.join(context.ws.root, '.mbp/inventory.json'), JSON.stringify(createDemoInventory(new Date(0))));
  context.session = await LspSession.start({ root: context.ws.root });
});

test.after(async ({ ws, session }) => {
  await session.stop();
  ws.temp.cleanup();
});

/** Opens (or replaces) `scratch.mbp` with `text` where `|` marks the cursor, and returns the labels offered there. */
async function labelsAt(session: LspSession, ws: Workspace, marked: string): Promise<string[]> {
  const items = await itemsAt(session, ws, marked);
  return items.map((i) => i.label);
}

let scratchCount = 0;
async function itemsAt(session: LspSession, ws: Workspace, marked: string): Promise<CompletionItem[]> {
  const cursor = marked.indexOf('|');
  const text = marked.slice(0, cursor) + marked.slice(cursor + 1);
  const file = path.join(ws.root, `scratch-${scratchCount++}.mbp`);
  await session.open(file, text);
  const position = positionAt(text, cursor);
  const result = (await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uriOf(file) }, position })) as
    | CompletionItem[]
    | CompletionList
    | null;
  return Array.isArray(result) ? result : (result?.items ?? []);
}

test('inside an instance_array body: its attributes and blocks, not those of other blocks', async ({ ws, session }) => {
  const labels = await labelsAt(session, ws, 'infrastructure e {\n  instance_array a {\n    |\n  }\n}\n');
  for (const expected of ['server_type', 'count', 'template', 'boot', 'port', 'rollout', 'on']) assert.ok(labels.includes(expected), `${expected} in ${labels}`);
  assert.not.ok(labels.includes('kind'), 'kind belongs to a network');
  assert.not.ok(labels.includes('datacenter'), 'datacenter belongs to the infrastructure');
  assert.not.ok(labels.includes('infrastructure'), 'no top-level keyword in a body');
});

test('attributes already written are not offered again, nor the other side of an exclusive choice', async ({ ws, session }) => {
  const labels = await labelsAt(session, ws, 'infrastructure e {\n  instance_array a {\n    server_type = "x"\n    |\n  }\n}\n');
  assert.not.ok(labels.includes('server_type'));
  assert.not.ok(labels.includes('server_types'), 'server_types excludes server_type');
  assert.ok(labels.includes('count'));
});

test('a partly typed attribute name in a network body', async ({ ws, session }) => {
  const labels = await labelsAt(session, ws, 'infrastructure e {\n  network wan {\n    ki|\n  }\n}\n');
  assert.ok(labels.includes('kind'));
  assert.not.ok(labels.includes('server_type'));
});

test('top level: the declaration keywords', async ({ ws, session }) => {
  const labels = await labelsAt(session, ws, '|');
  assert.equal([...labels].sort(), ['import', 'infrastructure', 'let', 'os_template', 'output', 'param', 'secret', 'workflow']);
});

test('members after a dot: std, std.ssh, an import alias, a step, instance', async ({ ws, session }) => {
  const std = await labelsAt(session, ws, 'let x = std.|\n');
  for (const expected of ['ssh', 'http', 'os', 'provision', 'wait', 'workflow']) assert.ok(std.includes(expected), `${expected} in ${std}`);
  assert.equal([...(await labelsAt(session, ws, 'workflow w(n: instance) {\n  step a = std.ssh.|\n}\n'))].sort(), ['copy', 'exec']);
  assert.equal(await labelsAt(session, ws, 'import "./lib/k8s.mbp" as k8s\nlet x = k8s.|\n'), ['setup']);
  const outputs = await labelsAt(session, ws, 'workflow w(n: instance) {\n  step a = std.ssh.exec(n, "ls")\n  output o = a.|\n}\n');
  assert.equal([...outputs].sort(), ['exit_code', 'stderr', 'stdout']);
  const fields = await labelsAt(session, ws, 'infrastructure e {\n  instance_array a {\n    hostname = "h-${instance.|}"\n  }\n}\n');
  for (const expected of ['index', 'hostname', 'ipv4', 'server']) assert.ok(fields.includes(expected), `${expected} in ${fields}`);
});

test('stdlib steps with their signatures after `step NAME =`', async ({ ws, session }) => {
  const items = await itemsAt(session, ws, 'workflow w(n: instance) {\n  step a = |\n}\n');
  const exec = items.find((i) => i.label === 'std.ssh.exec');
  assert.ok(exec, 'std.ssh.exec offered');
  assert.match(exec!.detail ?? '', /^std\.ssh\.exec\(target: /);
  assert.ok(items.some((i) => i.label === 'w'), 'workflows too');
  assert.not.ok(items.some((i) => i.label === 'std.ready.ssh'), 'readiness checks are not steps');
});

test('symbols in scope and functions in an expression', async ({ ws, session }) => {
  const items = await itemsAt(session, ws, MAIN.replace('count       = workers', 'count       = |'));
  const labels = items.map((i) => i.label);
  for (const expected of ['workers', 'wan', 'worker', 'k8s', 'instance', 'std', 'length', 'cidrsubnet']) assert.ok(labels.includes(expected), `${expected} in ${labels}`);
  assert.match(items.find((i) => i.label === 'cidrsubnet')!.detail ?? '', /^cidrsubnet\(prefix: cidr/);
  assert.not.ok(labels.includes('deployment'), '`deployment` exists only in hooks');
});

test('enum values inside the string of an enum attribute', async ({ ws, session }) => {
  const items = await itemsAt(session, ws, 'infrastructure e {\n  instance_array a {\n    boot = "|"\n  }\n}\n');
  assert.equal(items.map((i) => i.label).sort(), ['local_drives', 'pxe_iscsi']);
  // The value replaces what is between the quotes.
  assert.equal((items[0]!.textEdit as { range: unknown }).range, { start: { line: 2, character: 12 }, end: { line: 2, character: 12 } });
});

test('server types and datacenters from the inventory', async ({ ws, session }) => {
  const types = await labelsAt(session, ws, 'infrastructure e {\n  instance_array a {\n    server_type = "|"\n  }\n}\n');
  assert.equal([...types].sort(), DEMO_SERVER_TYPES.map((t) => t.name).sort());
  const datacenters = await labelsAt(session, ws, 'infrastructure e {\n  datacenter = "|"\n}\n');
  assert.equal(datacenters, createDemoInventory(new Date(0)).datacenters.map((d) => d.name));
});

test('nothing inside a comment', async ({ ws, session }) => {
  assert.equal(await labelsAt(session, ws, 'let x = 1 // std.|\n'), []);
});

test.run();

/**
 * Completion asked right after typing, while the check of the edit waits for
 * the debounce: it is answered from the last check and the new text, without
 * checking first. A debounce of a minute makes "not checked yet" certain.
 */
const pending = suite<{ ws: Workspace; session: LspSession }>('lsp completion before the edit is checked');

pending.before(async (context) => {
  context.ws = writeWorkspace();
  context.session = await LspSession.start({ root: context.ws.root, initializationOptions: { debounceMs: 60_000 } });
});

pending.after(async ({ ws, session }) => {
  await session.stop();
  ws.temp.cleanup();
});

pending('members, attributes and signatures from the last check, with no diagnostics published for the edit', async ({ ws, session }) => {
  const text = 'workflow w(n: instance) {\n  step a = std.ssh.exec(n, "ls")\n}\n\ninfrastructure e {\n  instance_array a {\n  }\n}\n';
  const file = path.join(ws.root, 'pending.mbp');
  const uri = uriOf(file);
  /** Go to definition checks the document at once (the debounce would wait a minute). */
  const checkNow = async (version: number): Promise<void> => {
    await session.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line: 0, character: 10 } });
    await session.waitForDiagnostics(uri, (p) => p.version === version, { includePast: true });
  };
  const complete = async (line: number, character: number): Promise<string[]> => {
    const result = (await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character } })) as CompletionItem[];
    return result.map((i) => i.label);
  };
  const notChecked = (version: number): void => {
    assert.not.ok(session.published.get(uri)?.some((p) => p.version === version), `version ${version} was not checked to answer`);
  };
  void session.open(file, text);
  await checkNow(1);

  // `output o = std.ss` typed below the step.
  let version = await session.change(file, [{ range: { start: { line: 1, character: 32 }, end: { line: 1, character: 32 } }, text: '\n  output o = std.ss' }]);
  assert.equal((await complete(2, 19)).sort(), ['http', 'ipam', 'os', 'provision', 'ready', 'ssh', 'ts', 'wait', 'workflow']);
  const help = await session.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri }, position: { line: 1, character: 28 } });
  assert.match(help?.signatures[0]?.label ?? '', /^std\.ssh\.exec\(/);
  // Hover away from the edit: from the last check too, its range moved to where the name is now (one line down).
  const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 6, character: 17 } });
  assert.equal(hover?.range, { start: { line: 6, character: 17 }, end: { line: 6, character: 18 } });
  assert.match(JSON.stringify(hover?.contents), 'instance_array');
  notChecked(version);
  // Hover on the text typed since: the last check knows nothing of it, so the edit is checked first.
  await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 16 } });
  await session.waitForDiagnostics(uri, (p) => p.version === version, { includePast: true, timeoutMs: 5_000 });

  // `se` typed in the array's body.
  version = await session.change(file, [{ range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, text: '    se\n' }]);
  const body = await complete(7, 6);
  assert.ok(body.includes('server_type') && !body.includes('kind') && !body.includes('step'), `${body}`);
  notChecked(version);
});

pending.run();
