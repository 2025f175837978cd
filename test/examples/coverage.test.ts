import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, walk, type Module, type Node } from '../../grammar/index.ts';
import { checkFilesAsync } from '../../compiler/index.ts';
import { NodeFileSystem } from '../../compiler/sources/index.ts';
import { ALL_KINDS, ALL_TOKENS, ERROR_ONLY_KINDS, ERROR_ONLY_TOKENS, addUse, emptyUse, missingFrom } from './syntax-coverage.ts';

const examplesDir = fileURLToPath(new URL('../../examples/', import.meta.url));

function exampleFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...exampleFiles(full));
    else if (entry.name.endsWith('.mbp')) out.push(full);
  }
  return out.sort();
}

const files = exampleFiles(examplesDir);
const relative = (file: string): string => path.relative(examplesDir, file);

test('there are 5 to 8 example blueprints, plus the library they import', () => {
  const blueprints = files.filter((f) => !relative(f).startsWith(`lib${path.sep}`));
  assert.ok(blueprints.length >= 5 && blueprints.length <= 8, `found ${blueprints.length}: ${blueprints.map(relative).join(', ')}`);
  assert.ok(files.some((f) => relative(f) === path.join('lib', 'k8s.mbp')), 'examples/lib/k8s.mbp is missing');
});

for (const file of files) {
  test(`${relative(file)} parses without diagnostics`, () => {
    const parsed = parse(fs.readFileSync(file, 'utf8'), file);
    const shown = parsed.diagnostics.map((d) => `${d.code} at ${d.range.start}: ${d.message}`);
    assert.equal(shown, []);
    assert.ok(parsed.module.declarations.length > 0, 'no declarations');
  });
}

test('the examples check clean through the `mbp check` pipeline, TypeScript hooks included', async () => {
  const result = await checkFilesAsync(new NodeFileSystem(), [examplesDir], { tsHooks: { cache: false } });
  const blueprints = files.filter((f) => !relative(f).startsWith(`lib${path.sep}`));
  assert.ok(result.files.length >= blueprints.length, `mbp check saw ${result.files.length} files`);
  const shown = result.diagnostics.map((d) => `${path.relative(examplesDir, d.file)}: ${d.severity} ${d.code} ${d.message}`);
  assert.equal(shown, []);
});

test('together the examples use every AST node kind and every token type', () => {
  const used = emptyUse();
  for (const file of files) addUse(used, parse(fs.readFileSync(file, 'utf8'), file));
  const missingKinds = missingFrom(ALL_KINDS, used.kinds).filter((k) => !ERROR_ONLY_KINDS.includes(k));
  const missingTokens = missingFrom(ALL_TOKENS, used.tokens).filter((t) => !ERROR_ONLY_TOKENS.includes(t));
  assert.equal(missingKinds, [], `node kinds no example uses: ${missingKinds.join(', ')}`);
  assert.equal(missingTokens, [], `token types no example uses: ${missingTokens.join(', ')}`);
  // The union is the whole exported list once the error-only entries are added back.
  assert.equal(new Set([...used.kinds, ...ERROR_ONLY_KINDS]), new Set(ALL_KINDS));
  assert.equal(new Set([...used.tokens, ...ERROR_ONLY_TOKENS]), new Set(ALL_TOKENS));
});

test('the error-only kinds and tokens are real entries of the grammar, and no example has them', () => {
  for (const k of ERROR_ONLY_KINDS) assert.ok(ALL_KINDS.includes(k), `${k} is not a node kind any more`);
  for (const t of ERROR_ONLY_TOKENS) assert.ok(ALL_TOKENS.includes(t), `${t} is not a token type any more`);
  const used = emptyUse();
  for (const file of files) addUse(used, parse(fs.readFileSync(file, 'utf8'), file));
  assert.equal(ERROR_ONLY_KINDS.filter((k) => used.kinds.has(k)), []);
  assert.equal(ERROR_ONLY_TOKENS.filter((t) => used.tokens.has(t)), []);
});

/** `std.ts.call` for a callee written as a dotted name; undefined for anything else. */
function dottedName(node: Node): string | undefined {
  if (node.kind === 'Ref') return node.name.text;
  if (node.kind !== 'Member') return undefined;
  const head = dottedName(node.object);
  return head === undefined ? undefined : `${head}.${node.name.text}`;
}

/** Paths an example reads: imports, `file(...)`, `source_file = ...` and the module of `std.ts.call(...)`. */
function pathsRead(module: Module): string[] {
  const out: string[] = [];
  const literal = (e: Node | undefined): void => {
    if (e?.kind === 'StringLit' && e.value !== undefined) out.push(e.value);
  };
  walk(module, (node) => {
    if (node.kind === 'Import') literal(node.path);
    else if (node.kind === 'Call' && ['file', 'std.ts.call'].includes(dottedName(node.callee) ?? '')) literal(node.args[0]);
    else if (node.kind === 'NamedArg' && node.name.text === 'source_file') literal(node.value);
  });
  return out;
}

test('every file an example reads or imports exists', () => {
  const missing: string[] = [];
  let count = 0;
  for (const file of files) {
    for (const p of pathsRead(parse(fs.readFileSync(file, 'utf8'), file).module)) {
      count++;
      if (!fs.existsSync(path.resolve(path.dirname(file), p))) missing.push(`${relative(file)} → ${p}`);
    }
  }
  assert.equal(missing, []);
  assert.ok(count >= 5, `only ${count} file references found: the walk is not seeing them`);
});

test.run();
