import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CodeActionRequest, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver-protocol';
import { LspSession, uriOf } from './lsp-client.ts';
import { applyEdits, MAIN, writeWorkspace, type Workspace } from './workspace.ts';

const test = suite<{ ws: Workspace; session: LspSession }>('lsp code actions');

test.before(async (context) => {
  context.ws = writeWorkspace();
  context.session = await LspSession.start({ root: context.ws.root });
});

test.after(async ({ ws, session }) => {
  await session.stop();
  ws.temp.cleanup();
});

async function actionsFor(session: LspSession, file: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  const actions = await session.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: uriOf(file) },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  });
  return (actions ?? []) as CodeAction[];
}

/** Replaces the whole document with `text` (as a client may), returning the diagnostics of that version. */
async function replaceAll(session: LspSession, file: string, before: string, text: string): Promise<Diagnostic[]> {
  const lines = before.split('\n');
  const whole: Range = { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1]!.length } };
  const version = await session.change(file, [{ range: whole, text }]);
  return (await session.waitForDiagnostics(uriOf(file), (p) => p.version === version, { includePast: true })).diagnostics;
}

test('a fix-it of a diagnostic is a quick fix; applied, the error is gone', async ({ ws, session }) => {
  const broken = MAIN.replace('count       = workers', 'count       = workrs').replace('"M.40.256.4"', '"M.40.256.4"\n    boot        = "pxe_iscsy"');
  const opened = await session.open(ws.main, broken);
  const codes = opened.diagnostics.map((d) => d.code);
  assert.ok(codes.includes('MBP2001') && codes.includes('MBP2041'), `${codes}`);

  const enumError = opened.diagnostics.find((d) => d.code === 'MBP2041')!;
  const actions = await actionsFor(session, ws.main, enumError);
  assert.equal(actions.map((a) => [a.title, a.kind]), [['replace with `"pxe_iscsi"`', 'quickfix']]);
  const edits = actions[0]!.edit!.changes![uriOf(ws.main)]!;
  assert.equal(edits, [{ range: enumError.range, newText: '"pxe_iscsi"' }]);
  let text = applyEdits(broken, edits);

  const nameError = opened.diagnostics.find((d) => d.code === 'MBP2001')!;
  const [rename] = await actionsFor(session, ws.main, nameError);
  assert.equal(rename!.title, 'replace with `workers`');
  const fixed = applyEdits(text, rename!.edit!.changes![uriOf(ws.main)]!);
  assert.equal(fixed, MAIN.replace('"M.40.256.4"', '"M.40.256.4"\n    boot        = "pxe_iscsi"'));

  // Both fixes applied: only the deployment rule about a diskless array without a SAN port is left.
  const after = await replaceAll(session, ws.main, broken, fixed);
  assert.equal(after.map((d) => d.code), ['MBP3001']);
  text = fixed;
  const restored = await replaceAll(session, ws.main, text, MAIN);
  assert.equal(restored, []);
});

test('a lint finding can be disabled on its line, with the line\'s indentation', async ({ ws, session }) => {
  const text = 'infrastructure lab {\n  datacenter = "dc-east"\n  let spare = 1\n}\n';
  const file = `${ws.root}/lint.mbp`;
  const opened = await session.open(file, text);
  assert.equal(opened.diagnostics.map((d) => d.code), ['unused-let']);
  const actions = await actionsFor(session, file, opened.diagnostics[0]!);
  const disable = actions.find((a) => a.title === 'Disable unused-let for this line');
  assert.ok(disable, `${actions.map((a) => a.title)}`);
  const edited = applyEdits(text, disable!.edit!.changes![uriOf(file)]!);
  assert.equal(edited, 'infrastructure lab {\n  datacenter = "dc-east"\n  // mbp-disable-next-line unused-let\n  let spare = 1\n}\n');
  assert.equal(await replaceAll(session, file, text, edited), [], 'the directive silences the finding and is itself used');
});

test('a second rule joins the directive already above the line', async ({ ws, session }) => {
  const text = 'infrastructure lab {\n  datacenter = "dc-east"\n  // mbp-disable-next-line secret-literal -- a fixture\n  let spare = 1\n}\n';
  const file = `${ws.root}/lint2.mbp`;
  const opened = await session.open(file, text);
  const unused = opened.diagnostics.find((d) => d.code === 'unused-let');
  assert.ok(unused, `${opened.diagnostics.map((d) => d.code)}`);
  const disable = (await actionsFor(session, file, unused!)).find((a) => a.title === 'Disable unused-let for this line')!;
  assert.equal(
    applyEdits(text, disable.edit!.changes![uriOf(file)]!),
    'infrastructure lab {\n  datacenter = "dc-east"\n  // mbp-disable-next-line secret-literal, unused-let -- a fixture\n  let spare = 1\n}\n',
  );
});

test.run();
