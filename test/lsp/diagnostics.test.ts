import fs from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { PublishDiagnosticsParams, Range } from 'vscode-languageserver-protocol';
import { LspSession, uriOf } from './lsp-client.ts';
import { LIB, MAIN, writeWorkspace, type Workspace } from './workspace.ts';

const test = suite<{ ws: Workspace; session: LspSession }>('lsp diagnostics');

/** A blueprint (it has an infrastructure, so its params are meant to be used) with an unused param. */
const UNUSED = '/// Not used anywhere.\nparam spare: int = 1\n\ninfrastructure lab {\n  datacenter = "dc-east"\n}\n';

test.before(async (context) => {
  context.ws = writeWorkspace();
  const root = context.ws.root;
  for (const dir of ['quiet', 'loud', 'typo']) fs.mkdirSync(path.join(root, dir));
  fs.writeFileSync(path.join(root, 'quiet/mbp.config.json'), JSON.stringify({ rules: { 'unused-param': 'off' } }));
  fs.writeFileSync(path.join(root, 'typo/mbp.config.json'), '{ "rules": { "unused-parm": "off" } }\n');
  context.session = await LspSession.start({ root });
});

test.after(async ({ ws, session }) => {
  await session.stop();
  ws.temp.cleanup();
});

const range = (line: number, start: number, end: number): Range => ({ start: { line, character: start }, end: { line, character: end } });
const lines = (fromLine: number, from: number, toLine: number, to: number): Range => ({ start: { line: fromLine, character: from }, end: { line: toLine, character: to } });
const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code));

test('an edit that breaks a file publishes the error; the edit that repairs it clears it', async ({ ws, session }) => {
  const opened = await session.open(ws.main, MAIN);
  assert.equal(opened.diagnostics, []);
  const uri = uriOf(ws.main);

  // `count       = workers` is line 11; `workers` spans characters 18 to 25.
  let version = await session.change(ws.main, [{ range: range(11, 18, 25), text: 'wrkers' }]);
  let published = await session.waitForDiagnostics(uri, (p) => p.version === version, { includePast: true });
  // The misspelt name, and (lint) the param it no longer uses.
  assert.equal(codes(published), ['unused-param', 'MBP2001']);
  const error = published.diagnostics[1]!;
  assert.equal(error.range, range(11, 18, 24));
  assert.match(error.message, 'wrkers');
  assert.equal(error.severity, 1);

  version = await session.change(ws.main, [{ range: range(11, 18, 24), text: 'workers' }]);
  published = await session.waitForDiagnostics(uri, (p) => p.version === version, { includePast: true });
  assert.equal(published.diagnostics, []);
});

test('a syntax error as you type, then fixed', async ({ ws, session }) => {
  const uri = uriOf(ws.main);
  // An attribute without its value: `boot =` on a new line after `template`.
  let version = await session.change(ws.main, [{ range: range(12, 36, 36), text: '\n    boot =' }]);
  let published = await session.waitForDiagnostics(uri, (p) => p.version === version, { includePast: true });
  assert.ok(published.diagnostics.length >= 1, 'at least one error');
  assert.ok(codes(published).every((c) => /^MBP1\d{3}$/.test(c)), `syntax codes only: ${codes(published)}`);
  version = await session.change(ws.main, [{ range: range(13, 10, 10), text: ' "pxe_iscsi"' }]);
  published = await session.waitForDiagnostics(uri, (p) => p.version === version, { includePast: true });
  // Diskless now, with no SAN port: a deployment rule, not a syntax error.
  assert.equal(codes(published), ['MBP3001']);
  version = await session.change(ws.main, [{ range: lines(12, 36, 13, 22), text: '' }]);
  published = await session.waitForDiagnostics(uri, (p) => p.version === version, { includePast: true });
  assert.equal(published.diagnostics, []);
});

test('an unsaved edit of an imported file re-checks the open files that import it', async ({ ws, session }) => {
  await session.open(ws.lib, LIB);
  const mainUri = uriOf(ws.main);
  // `workflow setup(` → `workflow setup_v2(`, in the editor only: main.mbp's `k8s.setup` no longer resolves.
  const broken = session.waitForDiagnostics(mainUri, (p) => p.diagnostics.length > 0);
  await session.change(ws.lib, [{ range: range(3, 14, 14), text: '_v2' }]);
  const published = await broken;
  assert.equal(codes(published), ['MBP2005']);
  assert.equal(published.diagnostics[0]!.range, range(15, 25, 30));
  const repaired = session.waitForDiagnostics(mainUri, (p) => p.diagnostics.length === 0);
  await session.change(ws.lib, [{ range: range(3, 14, 17), text: '' }]);
  await repaired;
});

test('mbp.config.json next to a blueprint sets its lint levels', async ({ ws, session }) => {
  const loud = await session.open(path.join(ws.root, 'loud/a.mbp'), UNUSED);
  assert.equal(codes(loud), ['unused-param']);
  assert.equal(loud.diagnostics[0]!.severity, 2);
  const quiet = await session.open(path.join(ws.root, 'quiet/a.mbp'), UNUSED);
  assert.equal(quiet.diagnostics, []);
});

test('problems of mbp.config.json itself are published on the configuration file', async ({ ws, session }) => {
  const configUri = uriOf(path.join(ws.root, 'typo/mbp.config.json'));
  const config = session.waitForDiagnostics(configUri);
  const blueprint = await session.open(path.join(ws.root, 'typo/a.mbp'), UNUSED);
  assert.equal(codes(blueprint), ['unused-param'], 'the misspelt rule does not apply');
  const published = await config;
  assert.equal(codes(published), ['MBP3083']);
  assert.match(published.diagnostics[0]!.message, 'unused-parm');
});

test.run();
