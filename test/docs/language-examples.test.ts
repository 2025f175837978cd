import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkFilesAsync } from '../../compiler/index.ts';
import { CODES, codeEntry, type Severity } from '../../compiler/diagnostics/index.ts';
import { NodeFileSystem } from '../../compiler/sources/index.ts';
import { LINT_RULE_IDS } from '../../compiler/lint/index.ts';
import { SCHEMAS } from '../../compiler/schemas/index.ts';
import { RESERVED_WORDS, SOFT_KEYWORD_WORDS, parse, type Expr } from '../../grammar/index.ts';
import { ERROR_ONLY_KINDS, ERROR_ONLY_TOKENS, addUse, emptyUse, missingFrom } from '../examples/syntax-coverage.ts';
import { expectedCodes, extractBlocks, sectionText, tableRowWords, type DocBlock } from './doc-blocks.ts';

/**
 * Every `mbp` block of docs/language.md checks clean and every `mbp-error`
 * block produces exactly the code its first line names, through the same
 * pipeline as `mbp check`. Blocks are checked as files saved beside copies
 * of examples/lib, examples/assets and examples/hooks, so they may import
 * `./lib/k8s.mbp` and read `./assets/...` as the examples do.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const docPath = path.join(root, 'docs', 'language.md');
const doc = fs.readFileSync(docPath, 'utf8');
const blocks = extractBlocks(doc);
const fileSystem = new NodeFileSystem();

let workDir: string | undefined;
function blockDir(): string {
  if (workDir === undefined) {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mbp-'));
    for (const support of ['lib', 'assets', 'hooks']) {
      const from = path.join(root, 'examples', support);
      if (fs.existsSync(from)) fs.cpSync(from, path.join(workDir, support), { recursive: true });
    }
  }
  return workDir;
}

test.after(() => {
  if (workDir !== undefined) fs.rmSync(workDir, { recursive: true, force: true });
});

async function checkBlock(block: DocBlock, index: number): Promise<{ code: string; severity: Severity; message: string }[]> {
  const file = path.join(blockDir(), `block-${String(index).padStart(3, '0')}.mbp`);
  fs.writeFileSync(file, block.code);
  const result = await checkFilesAsync(fileSystem, [file], { tsHooks: { cache: false } });
  return result.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: `${d.code} ${d.message}` }));
}

test('the reference has enough examples of both kinds that it cannot pass by being emptied', () => {
  const ok = blocks.filter((b) => b.language === 'mbp').length;
  const errors = blocks.filter((b) => b.language === 'mbp-error').length;
  assert.ok(blocks.length >= 25, `only ${blocks.length} mbp/mbp-error blocks`);
  assert.ok(ok >= 15, `only ${ok} mbp blocks`);
  assert.ok(errors >= 10, `only ${errors} mbp-error blocks`);
});

blocks.forEach((block, index) => {
  const where = `docs/language.md:${block.line} (${block.section})`;
  if (block.language === 'mbp') {
    test(`${where} checks clean`, async () => {
      const { warnings } = expectedCodes(block);
      for (const w of warnings) assert.ok(LINT_RULE_IDS.includes(w), `\`// warning: ${w}\` names no lint rule`);
      // The warnings a block names are allowed (lint may or may not run), nothing else is.
      const unexpected = (await checkBlock(block, index)).filter((d) => !(d.severity === 'warning' && warnings.includes(d.code)));
      assert.equal(unexpected.map((d) => d.message), []);
    });
  } else {
    test(`${where} produces the code it names`, async () => {
      const { error } = expectedCodes(block);
      assert.ok(error !== undefined, 'the first line must be `// error: MBPnnnn`');
      assert.ok(codeEntry(error) !== undefined, `${error} is not in the code table`);
      const got = await checkBlock(block, index);
      assert.ok(got.length > 0, `no diagnostic; expected ${error}`);
      assert.equal(got.map((d) => d.code), got.map(() => error), `expected only ${error}: ${got.map((d) => d.message).join(' | ')}`);
    });
  }
});

test('the mbp-error blocks show every error-only node kind and token type', () => {
  const used = emptyUse();
  for (const block of blocks.filter((b) => b.language === 'mbp-error')) addUse(used, parse(block.code, 'block.mbp'));
  assert.equal(missingFrom(ERROR_ONLY_KINDS, used.kinds), []);
  assert.equal(missingFrom(ERROR_ONLY_TOKENS, used.tokens), []);
});

test('every syntax code has an entry in the diagnostics table', () => {
  const syntaxCodes = Object.keys(CODES).filter((c) => /^MBP10[0-4]\d$/.test(c));
  assert.ok(syntaxCodes.length > 20, 'the syntax code table looks empty');
  const table = sectionText(doc, 'Syntax diagnostics') ?? '';
  const missing = syntaxCodes.filter((c) => !table.includes(`| ${c} |`));
  assert.equal(missing, [], `codes missing from "Syntax diagnostics": ${missing.join(', ')}`);
});

test('the keyword table lists exactly the reserved and the soft keywords of the lexer', () => {
  assert.equal([...tableRowWords(doc, 'reserved')].sort(), [...RESERVED_WORDS].sort());
  assert.equal([...tableRowWords(doc, 'soft')].sort(), [...SOFT_KEYWORD_WORDS].sort());
});

/** Rows of the precedence table, loosest first: the operators of each row. */
function precedenceRows(): string[][] {
  const text = sectionText(doc, 'Operator precedence') ?? '';
  const rows: string[][] = [];
  for (const line of text.split('\n')) {
    const m = /^\|\s*(\d+)\s*\|(.*)$/.exec(line);
    if (m === null) continue;
    // `\|` is a pipe inside a table cell.
    const cells = m[2]!.split(/(?<!\\)\|/);
    rows.push([...(cells[0] ?? '').matchAll(/`([^`]+)`/g)].map((x) => x[1]!.replaceAll('\\|', '|')));
  }
  return rows;
}

function binaryOp(e: Expr): string | undefined {
  return e.kind === 'Binary' ? e.op : undefined;
}

function parseLet(expr: string): Expr {
  const result = parse(`let v = ${expr}\n`, 'precedence.mbp');
  assert.equal(result.diagnostics.map((d) => d.message), [], expr);
  const decl = result.module.declarations[0];
  if (decl?.kind !== 'Let') throw new Error(`no let in ${expr}`);
  return decl.value;
}

test('the precedence table agrees with the parser', () => {
  const rows = precedenceRows();
  const all = ['||', '&&', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%'];
  const binary = rows.filter((ops) => ops.length > 0 && ops.every((op) => all.includes(op)));
  assert.equal([...binary.flat()].sort(), [...all].sort(), `every binary operator once in the table: ${JSON.stringify(rows)}`);
  for (let lo = 0; lo < binary.length; lo++) {
    for (let hi = lo + 1; hi < binary.length; hi++) {
      for (const loose of binary[lo]!) {
        for (const tight of binary[hi]!) {
          // The tighter operator binds first whichever side it is on.
          const right = parseLet(`a ${loose} b ${tight} c`);
          assert.is(binaryOp(right), loose, `a ${loose} b ${tight} c`);
          const left = parseLet(`a ${tight} b ${loose} c`);
          assert.is(binaryOp(left), loose, `a ${tight} b ${loose} c`);
        }
      }
    }
  }
  for (const row of binary) {
    for (const a of row) {
      for (const b of row) {
        // Same level: left-associative.
        const e = parseLet(`x ${a} y ${b} z`);
        assert.is(binaryOp(e), b, `x ${a} y ${b} z is left-associative`);
      }
    }
  }
});

test('the block schema summary names every attribute and nested block', () => {
  const summary = sectionText(doc, 'Block schemas') ?? '';
  assert.ok(summary.length > 0, 'no "Block schemas" section');
  const missing: string[] = [];
  for (const [kind, schema] of Object.entries(SCHEMAS)) {
    const part = sectionText(summary, `\`${kind}\``);
    if (part === undefined) {
      missing.push(`section \`${kind}\``);
      continue;
    }
    for (const a of schema.attributes) if (!part.includes(`\`${a.name}\``)) missing.push(`${kind}.${a.name}`);
    for (const b of schema.blocks) if (!part.includes(`\`${b.name}\``)) missing.push(`${kind}.${b.name} (block)`);
  }
  assert.equal(missing, []);
});

test.run();
