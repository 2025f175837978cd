/**
 * Workflow outputs read as `HOOK.NAME` and `STEP.NAME` (issue 7): the
 * binder records them as uses of the workflow's `output NAME`, so find
 * references and rename reach them, across files, through a real client.
 */
import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HoverRequest, PrepareRenameRequest, ReferencesRequest, RenameRequest, type Location, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import { checkFiles } from '../../compiler/index.ts';
import { NodeFileSystem } from '../../compiler/sources/index.ts';
import { makeTempDir, type TempDir } from '../support/index.ts';
import { LspSession, uriOf } from './lsp-client.ts';
import { applyEdits, positionOf } from './workspace.ts';

const CHECKS = `/// Fetches the front page of every node.
workflow smoke_test(targets: list(ip)) {
  step fetch = std.http.request("http://\${each.value}/", expect_status = [200], timeout = 10s) {
    for_each = targets
  }
  output checked = length(targets)
}

/// Another workflow with an output of the same name: never renamed with the first.
workflow audit(targets: list(ip)) {
  output checked = length(targets) + 1
}
`;

const MAIN = `import "./lib/checks.mbp" as checks

/// Runs the smoke test as a step and passes its count on.
workflow verify(targets: list(ip)) {
  step smoke = checks.smoke_test(targets = targets)
  step other = checks.audit(targets = targets)
  output total = smoke.checked + other.checked
  output count = length(targets)
}

infrastructure web {
  datacenter = "dc-east"
  network wan { kind = "wan" }

  instance_array frontend {
    server_type = "M.40.256.4"
    count       = 2
    template    = std.os.ubuntu_2404
    port 0 { network = wan }
  }

  on post_deploy run after_run = checks.smoke_test(targets = [for n in frontend.instances: n.ipv4])
  on post_deploy run verified = verify(targets = [for n in frontend.instances: n.ipv4])

  output smoke_checked = after_run.checked
  output verified_total = verified.total
}
`;

const test = suite<{ temp: TempDir; main: string; lib: string; session: LspSession }>('lsp workflow outputs');

test.before(async (context) => {
  context.temp = makeTempDir('mbp-lsp-outputs-');
  fs.mkdirSync(path.join(context.temp.path, 'lib'));
  context.main = path.join(context.temp.path, 'main.mbp');
  context.lib = path.join(context.temp.path, 'lib/checks.mbp');
  fs.writeFileSync(context.main, MAIN);
  fs.writeFileSync(context.lib, CHECKS);
  context.session = await LspSession.start({ root: context.temp.path });
  const opened = await context.session.open(context.main, MAIN);
  assert.equal(opened.diagnostics.map((d) => d.message), []);
});

test.after(async ({ temp, session }) => {
  await session.stop();
  temp.cleanup();
});

const sorted = (locations: readonly Location[]): string[] =>
  locations.map((l) => `${path.basename(l.uri)}:${l.range.start.line}:${l.range.start.character}-${l.range.end.character}`).sort();

test('find references of a workflow output lists the hook and step reads in the importing file', async ({ main, lib, session }) => {
  // From the use `after_run.checked` in main.mbp: the declaration in lib/checks.mbp, the step read and the hook read.
  const position = positionOf(MAIN, 'after_run.checked', 0, 'after_run.'.length + 1);
  const found = (await session.connection.sendRequest(ReferencesRequest.type, {
    textDocument: { uri: uriOf(main) },
    position,
    context: { includeDeclaration: true },
  })) as Location[];
  assert.equal(sorted(found), ['checks.mbp:5:9-16', 'main.mbp:24:35-42', 'main.mbp:6:23-30']);
  // `other.checked` reads audit's output: not among them (the negative control).
  assert.ok(!sorted(found).includes('main.mbp:6:39-46'));
  // From the declaration in the library, without it.
  const fromDecl = (await session.connection.sendRequest(ReferencesRequest.type, {
    textDocument: { uri: uriOf(lib) },
    position: positionOf(CHECKS, 'output checked', 0, 'output '.length + 1),
    context: { includeDeclaration: false },
  })) as Location[];
  assert.equal(sorted(fromDecl), ['main.mbp:24:35-42', 'main.mbp:6:23-30']);
});

test('renaming a workflow output from a hook read edits the declaration and every read, and the result checks clean', async ({ main, lib, temp, session }) => {
  const position = positionOf(MAIN, 'after_run.checked', 0, 'after_run.'.length + 2);
  const prepared = await session.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: uriOf(main) }, position });
  assert.equal(prepared, { range: { start: { line: 24, character: 35 }, end: { line: 24, character: 42 } }, placeholder: 'checked' });
  const edit = (await session.connection.sendRequest(RenameRequest.type, { textDocument: { uri: uriOf(main) }, position, newName: 'fetched' })) as WorkspaceEdit;
  const changes = edit.changes as Record<string, TextEdit[]>;
  assert.equal(Object.keys(changes).sort(), [uriOf(lib), uriOf(main)].sort());
  const newMain = applyEdits(MAIN, changes[uriOf(main)]!);
  const newLib = applyEdits(CHECKS, changes[uriOf(lib)]!);
  assert.match(newMain, 'output total = smoke.fetched + other.checked');
  assert.match(newMain, 'output smoke_checked = after_run.fetched');
  assert.match(newLib, 'output fetched = length(targets)\n');
  assert.match(newLib, 'output checked = length(targets) + 1');
  fs.writeFileSync(main, newMain);
  fs.writeFileSync(lib, newLib);
  const result = checkFiles(new NodeFileSystem(), [temp.path]);
  assert.equal(result.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  fs.writeFileSync(main, MAIN);
  fs.writeFileSync(lib, CHECKS);
});

test('renaming a workflow output to a name its workflow already outputs is refused', async ({ main, session }) => {
  const rename = (newName: string) =>
    session.connection
      .sendRequest(RenameRequest.type, { textDocument: { uri: uriOf(main) }, position: positionOf(MAIN, 'verified.total', 0, 'verified.'.length + 1), newName })
      .then(() => 'accepted', (e: Error) => e.message);
  assert.match(await rename('count'), 'already declared');
  assert.equal(await rename('sum'), 'accepted');
});

test('hover on a hook read shows the workflow output', async ({ main, session }) => {
  const hover = await session.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri: uriOf(main) },
    position: positionOf(MAIN, 'verified.total', 0, 'verified.'.length + 1),
  });
  const value = (hover?.contents as { value: string } | undefined)?.value ?? '';
  assert.match(value, 'total');
});

test.run();
