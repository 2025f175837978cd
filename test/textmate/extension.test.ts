import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BUILTIN_TYPE_NAMES, parse, tokenize } from '../../grammar/index.ts';
import { ENUMS, HOOK_PHASES, osTemplateNames } from '../../stdlib/index.ts';
import { repoPath } from '../support/index.ts';
import { choicesOf, expandSnippet } from './snippet-expansion.ts';
import { SCOPE_NAME } from './textmate.ts';

/**
 * The VS Code extension's static parts (manifest, language configuration,
 * snippets) against the language itself, and its client against fakes of
 * the `vscode` and `vscode-languageclient` modules (neither is installed).
 */

const EXTENSION = repoPath('editor', 'vscode');
const require = createRequire(import.meta.url);

function readJson<T>(...parts: string[]): T {
  return JSON.parse(fs.readFileSync(path.join(EXTENSION, ...parts), 'utf8')) as T;
}

interface Manifest {
  main: string;
  activationEvents: string[];
  dependencies?: Record<string, string>;
  contributes: {
    languages: { id: string; extensions: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    snippets: { language: string; path: string }[];
    configuration: { properties: Record<string, { type: string; default: unknown }> };
    commands: { command: string }[];
  };
}

interface LanguageConfiguration {
  comments: { lineComment: string; blockComment: [string, string] };
  brackets: [string, string][];
  autoClosingPairs: { open: string; close: string }[];
  wordPattern: string;
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  onEnterRules: { beforeText: string; afterText?: string }[];
}

type Snippets = Record<string, { prefix: string | string[]; body: string[]; description: string }>;

const manifest = readJson<Manifest>('package.json');
const configuration = readJson<LanguageConfiguration>('language-configuration.json');
const snippets = readJson<Snippets>('snippets', 'mbp.json');

test('manifest: the mbp language, its grammar, configuration, snippets and client all exist', () => {
  const language = manifest.contributes.languages.find((l) => l.id === 'mbp');
  assert.ok(language, 'no mbp language contributed');
  assert.equal(language.extensions, ['.mbp']);
  const grammar = manifest.contributes.grammars.find((g) => g.language === 'mbp');
  assert.ok(grammar, 'no grammar for mbp');
  assert.is(grammar.scopeName, SCOPE_NAME);
  assert.is((readJson<{ scopeName: string }>(grammar.path)).scopeName, SCOPE_NAME);
  const referenced = [manifest.main, language.configuration, grammar.path, ...manifest.contributes.snippets.map((s) => s.path)];
  for (const file of referenced) assert.ok(fs.existsSync(path.join(EXTENSION, file)), `${file} does not exist`);
  assert.ok(manifest.activationEvents.includes('onLanguage:mbp'));
  const settings = manifest.contributes.configuration.properties;
  assert.ok(settings['mbp.path'] && settings['mbp.inventory'], 'mbp.path and mbp.inventory settings');
  assert.ok(manifest.dependencies?.['vscode-languageclient'], 'the client library is a dependency of the extension');
});

test('the root package does not depend on vscode itself', () => {
  const root = JSON.parse(fs.readFileSync(repoPath('package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
  const all = { ...root['dependencies'], ...root['devDependencies'] };
  assert.not.ok('vscode' in all || '@types/vscode' in all || 'vscode-languageclient' in all);
});

test('language configuration: comments and brackets are the lexer\'s', () => {
  const [open, close] = configuration.comments.blockComment;
  const line = tokenize(`${configuration.comments.lineComment} note\n`, 'c.mbp');
  assert.equal(line.comments.map((c) => c.type), ['LineComment']);
  const block = tokenize(`${open} note ${close}\n`, 'c.mbp');
  assert.equal(block.comments.map((c) => c.type), ['BlockComment']);
  for (const [o, c] of configuration.brackets) {
    const types = tokenize(`let x = f${o}${c}\n`, 'b.mbp').tokens.map((t) => t.category);
    assert.ok(types.filter((t) => t === 'punctuation').length === 2, `${o}${c} are not two punctuation tokens`);
  }
  const pairs = configuration.autoClosingPairs.map((p) => p.open + p.close);
  for (const pair of ['{}', '[]', '()', '""', '""""""']) assert.ok(pairs.includes(pair), `no auto-closing pair ${pair}`);
});

/** The word VS Code would take at `column` (0-based): the wordPattern match covering it. */
function wordAt(lineText: string, column: number): string | undefined {
  const re = new RegExp(configuration.wordPattern, 'g');
  for (const m of lineText.matchAll(re)) {
    if (m.index! <= column && column <= m.index! + m[0].length && m[0].length > 0) return m[0];
  }
  return undefined;
}

test('language configuration: word pattern keeps literals whole and splits dotted names', () => {
  const cases: [string, string, string][] = [
    ['  pool = 10.20.0.0/16', '20', '10.20.0.0/16'],
    ['let v6 = 2001:db8::/48', 'db8', '2001:db8::/48'],
    ['let gw = fe80::1', '80', 'fe80::1'],
    ['let lo = ::1', '::1', '::1'],
    ['let full = 2001:db8:0:0:0:0:0:1', ':0:1', '2001:db8:0:0:0:0:0:1'],
    ['  timeout = 1h30m', '30', '1h30m'],
    ['  disk = 40GiB', 'GiB', '40GiB'],
    ['  step tune = std.ssh.exec(node, "x")', 'ssh', 'ssh'],
    ['  step tune = std.ssh.exec(node, "x")', 'exec', 'exec'],
    ['  instance_array worker {', 'array', 'instance_array'],
    ['let pick = flag ? a:b', 'a:', 'a'],
    ['  output kernel = tune.stdout', 'stdout', 'stdout'],
  ];
  for (const [line, at, want] of cases) {
    const column = line.indexOf(at) + 1;
    assert.is(wordAt(line, column), want, `in ${JSON.stringify(line)} at ${JSON.stringify(at)}`);
  }
});

test('language configuration: indentation rules and on-enter rules', () => {
  const increase = new RegExp(configuration.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(configuration.indentationRules.decreaseIndentPattern);
  for (const line of ['infrastructure edge {', '  step x = std.ssh.exec(node, """', '  servers = [', '  f(', '  rollout { // waves']) {
    assert.ok(increase.test(line), `should indent after ${JSON.stringify(line)}`);
  }
  for (const line of ['  port 0 { network = wan }', '  x = [1, 2]', '// a { in a comment', '  name = "{"']) {
    assert.not.ok(increase.test(line), `should not indent after ${JSON.stringify(line)}`);
  }
  for (const line of ['}', '  ])', '  ) {']) assert.ok(decrease.test(line), `should outdent ${JSON.stringify(line)}`);
  assert.not.ok(decrease.test('  x = {}'));
  const docRule = configuration.onEnterRules.find((r) => new RegExp(r.beforeText).test('  /// Number of nodes.'));
  assert.ok(docRule, 'a `///` line continues on Enter');
  assert.not.ok(new RegExp(docRule.beforeText).test('  //// not a doc comment'));
  for (const r of configuration.onEnterRules) if (r.afterText !== undefined) new RegExp(r.afterText);
});

/** Places where an entry may stand; a snippet must parse cleanly in at least one. */
const CONTEXTS: readonly ((s: string) => string)[] = [
  (s) => s,
  (s) => `infrastructure i {\n  datacenter = "dc-east"\n${s}\n}\n`,
  (s) => `infrastructure i {\n  instance_array a {\n${s}\n  }\n}\n`,
  (s) => `workflow w(node: instance, items: list(string)) {\n${s}\n}\n`,
  (s) => `let value = ${s}\n`,
];

function parsesSomewhere(text: string): boolean {
  return CONTEXTS.some((wrap) => parse(wrap(text) + '\n', 'snippet.mbp').diagnostics.length === 0);
}

test('snippets: every snippet, with every choice, expands to mbp that parses without a diagnostic', () => {
  const names = Object.keys(snippets);
  for (const required of ['infrastructure', 'instance_array', 'workflow', 'step', 'hook', 'os_template', 'param']) {
    assert.ok(names.some((n) => ([] as string[]).concat(snippets[n]!.prefix).includes(required)), `no snippet with prefix ${required}`);
  }
  for (const [name, snippet] of Object.entries(snippets)) {
    assert.ok(snippet.description.length > 0, `${name} has no description`);
    const body = snippet.body.join('\n');
    const choices = choicesOf(body);
    const picks: number[][] = [[]];
    choices.forEach((options, i) => options.forEach((_, k) => picks.push(choices.map((__, j) => (j === i ? k : 0)))));
    for (const pick of picks) {
      const text = expandSnippet(body, pick);
      assert.ok(parsesSomewhere(text), `snippet ${name} (choices ${pick.join(',')}) does not parse:\n${text}`);
    }
  }
});

test('snippets: choices offer only values the language knows', () => {
  const known = new Set<string>([
    ...osTemplateNames(),
    ...HOOK_PHASES.map((p) => p.value),
    ...Object.values(ENUMS).flatMap((e) => e.values.map((v) => v.value)),
    ...BUILTIN_TYPE_NAMES,
  ]);
  const unknown = Object.values(snippets).flatMap((s) => choicesOf(s.body.join('\n')).flat()).filter((v) => !known.has(v));
  assert.equal(unknown, []);
});

test('snippet expansion itself: defaults, mirrors, choices and escapes', () => {
  assert.is(expandSnippet('a ${1:x} ${2|p,q|} $1 \\${y} $0', [1]), 'a x q x ${y} ');
  assert.throws(() => expandSnippet('${TM_FILENAME}'));
});

interface ServerExecutable {
  command: string;
  args: string[];
  options: { cwd?: string; env: Record<string, string | undefined>; shell: boolean };
}
const { serverExecutable } = require(path.join(EXTENSION, 'client', 'server-options.js')) as {
  serverExecutable(settings: { path?: string; inventory?: string }, folder: string | undefined, env: Record<string, string>, platform: string): ServerExecutable;
};

test('client: server command and environment from the settings', () => {
  const folder = path.resolve('/ws');
  const plain = serverExecutable({ path: '', inventory: '' }, folder, { PATH: '/bin' }, 'linux');
  assert.is(plain.command, 'mbp');
  assert.equal(plain.args, ['lsp']);
  assert.is(plain.options.env['MBP_INVENTORY'], undefined);
  assert.is(plain.options.env['PATH'], '/bin');
  assert.is(plain.options.shell, false);
  const local = serverExecutable({ path: 'node_modules/.bin/mbp', inventory: 'inv/dc.json' }, folder, {}, 'win32');
  assert.is(local.command, path.resolve(folder, 'node_modules/.bin/mbp'));
  assert.is(local.options.env['MBP_INVENTORY'], path.resolve(folder, 'inv/dc.json'));
  assert.is(local.options.cwd, folder);
  assert.is(local.options.shell, true);
  assert.is(serverExecutable({ path: '/opt/mbp/bin/mbp' }, undefined, {}, 'linux').command, '/opt/mbp/bin/mbp');
});

interface FakeClient {
  id: string;
  server: ServerExecutable & { transport: unknown };
  client: { documentSelector: { language: string }[]; initializationOptions: { inventory?: string } };
  stopped: boolean;
}

/** Loads client/extension.js with fake `vscode` and `vscode-languageclient/node` modules. */
async function activateWithFakes(settings: Record<string, string>, startFails = false) {
  const created: FakeClient[] = [];
  const commands = new Map<string, () => Promise<void>>();
  const errors: string[] = [];
  let onConfig: ((e: { affectsConfiguration(s: string): boolean }) => void) | undefined;
  const vscode = {
    workspace: {
      workspaceFolders: [{ uri: { fsPath: path.resolve('/ws') } }],
      getConfiguration: () => ({ get: (key: string) => settings[key] }),
      createFileSystemWatcher: (glob: string) => ({ glob }),
      onDidChangeConfiguration: (listener: typeof onConfig) => ((onConfig = listener), { dispose() {} }),
    },
    commands: {
      registerCommand: (id: string, fn: () => Promise<void>) => (commands.set(id, fn), { dispose() {} }),
      executeCommand: async () => undefined,
    },
    window: { showErrorMessage: async (message: string) => (errors.push(message), undefined) },
  };
  class LanguageClient {
    readonly record: FakeClient;
    constructor(id: string, _name: string, server: FakeClient['server'], client: FakeClient['client']) {
      this.record = { id, server, client, stopped: false };
      created.push(this.record);
    }
    async start(): Promise<void> {
      if (startFails) throw new Error('spawn mbp ENOENT');
    }
    async stop(): Promise<void> {
      this.record.stopped = true;
    }
  }
  const fakes: Record<string, unknown> = { vscode, 'vscode-languageclient/node': { LanguageClient, TransportKind: { stdio: 'stdio' } } };
  const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const original = loader._load;
  const file = path.join(EXTENSION, 'client', 'extension.js');
  loader._load = function (request: string, ...rest: unknown[]) {
    return request in fakes ? fakes[request] : original.call(this, request, ...rest);
  };
  try {
    delete require.cache[file];
    const extension = require(file) as { activate(context: { subscriptions: unknown[] }): Promise<void> };
    await extension.activate({ subscriptions: [] });
  } finally {
    loader._load = original;
  }
  return { created, commands, errors, changeConfiguration: (key: string) => onConfig?.({ affectsConfiguration: (s) => s === key }) };
}

test('client: activation starts `mbp lsp` over stdio for mbp documents and registers the manifest\'s commands', async () => {
  const run = await activateWithFakes({ path: 'bin/mbp', inventory: 'dc.json' });
  assert.is(run.created.length, 1);
  const [client] = run.created;
  assert.is(client!.id, 'mbp');
  assert.is(client!.server.command, path.resolve('/ws', 'bin/mbp'));
  assert.equal(client!.server.args, ['lsp']);
  assert.is(client!.server.transport, 'stdio');
  assert.is(client!.server.options.env['MBP_INVENTORY'], path.resolve('/ws', 'dc.json'));
  assert.is(client!.client.initializationOptions.inventory, path.resolve('/ws', 'dc.json'));
  assert.ok(client!.client.documentSelector.every((s) => s.language === 'mbp'));
  for (const { command } of manifest.contributes.commands) assert.ok(run.commands.has(command), `${command} is not registered`);
  run.changeConfiguration('mbp.inventory');
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(client!.stopped, 'a settings change stops the old server');
  assert.is(run.created.length, 2, 'and starts a new one');
  run.changeConfiguration('editor.fontSize');
  await new Promise((resolve) => setImmediate(resolve));
  assert.is(run.created.length, 2, 'other settings leave the server alone');
});

test('client: a server that cannot start is reported with the setting to fix', async () => {
  const run = await activateWithFakes({ path: 'missing-mbp' }, true);
  assert.equal(run.created[0]!.client.initializationOptions, {}, 'no inventory option when the setting is empty');
  assert.is(run.errors.length, 1);
  assert.match(run.errors[0]!, 'missing-mbp lsp');
  assert.match(run.errors[0]!, 'mbp.path');
});

test.run();
