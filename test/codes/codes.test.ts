import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CODES, CODE_RANGES, codeEntry, makeDiagnostic, type JsonReport } from '../../compiler/diagnostics/index.ts';
import { fail, parserInternalIn, renderReports, runAllInputs, unfilledPlaceholders, type InputRun } from '../support/index.ts';

/**
 * The code table: unique, well-formed codes, one range per range file; every
 * code emitted by some test input with its placeholders filled; and no
 * rendered message showing parser internals. Inputs are found by folder
 * (test/broken/cases, test/golden/cases, docs' mbp and mbp-error blocks,
 * examples/, plus the loader scenarios), so cases added later count too.
 */

/**
 * Internal codes no input can produce: they exist for bugs. Each is tested
 * below by a direct call with the arguments its emitters pass.
 */
const NEVER_EMITTED_BY_INPUTS: Readonly<Record<string, { readonly args: Readonly<Record<string, string>>; readonly why: string }>> = {
  // compiler/check.ts and grammar/parse.ts turn an exception thrown by a stage into this; the fuzzer asserts no input does.
  MBP9001: { args: { stage: 'the parser', detail: 'Cannot read properties of undefined' }, why: 'a stage threw' },
};

const PLACEHOLDER = /\{\w+\}/;

const CATEGORY: Readonly<Record<string, string>> = {
  '1': 'syntax and input files',
  '2': 'names and types',
  '3': 'deployment rules',
  '4': 'inventory checks',
  '9': 'internal',
};

let runs: InputRun[] = [];
test.before(async () => {
  runs = await runAllInputs();
});
const allRuns = (): InputRun[] => runs;

test('codes are unique across the range files', () => {
  const owners = new Map<string, number>();
  const duplicates: string[] = [];
  CODE_RANGES.forEach((table, index) => {
    for (const code of Object.keys(table)) {
      const first = owners.get(code);
      if (first !== undefined) duplicates.push(`${code} is in range files #${first} and #${index}`);
      else owners.set(code, index);
    }
  });
  assert.equal(duplicates, []);
  // Every assembled code comes from exactly one range file, and nothing is lost in the assembly.
  assert.equal(Object.keys(CODES).sort(), [...owners.keys()].sort());
});

test('codes are well-formed and each range file holds one contiguous range of one category', () => {
  const problems: string[] = [];
  const spans: { index: number; lo: number; hi: number }[] = [];
  CODE_RANGES.forEach((table, index) => {
    const codes = Object.keys(table);
    if (codes.length === 0) problems.push(`range file #${index} is empty`);
    for (const code of codes) if (!/^MBP[1-49]\d{3}$/.test(code)) problems.push(`${code} does not match MBP[1-4 or 9]NNN`);
    const categories = new Set(codes.map((c) => c[3]));
    if (categories.size > 1) problems.push(`range file #${index} mixes categories ${[...categories].map((c) => `${c}xxx (${CATEGORY[c!] ?? '?'})`).join(', ')}`);
    const numbers = codes.map((c) => Number(c.slice(3))).filter(Number.isFinite);
    if (numbers.length > 0) spans.push({ index, lo: Math.min(...numbers), hi: Math.max(...numbers) });
    for (const [code, entry] of Object.entries(table)) {
      if (!['error', 'warning', 'info'].includes(entry.severity)) problems.push(`${code}: severity ${entry.severity}`);
      if (entry.title.trim() === '' || entry.message.trim() === '') problems.push(`${code}: empty title or message`);
    }
  });
  for (const a of spans) {
    for (const b of spans) {
      if (a.index < b.index && a.lo <= b.hi && b.lo <= a.hi) {
        problems.push(`range files #${a.index} (MBP${a.lo}–MBP${a.hi}) and #${b.index} (MBP${b.lo}–MBP${b.hi}) overlap`);
      }
    }
  }
  assert.equal(problems, []);
});

test('no emitted message or help has a placeholder left unfilled', () => {
  const problems: string[] = [];
  for (const run of allRuns()) {
    for (const d of run.result.diagnostics) {
      for (const name of unfilledPlaceholders(d)) {
        problems.push(`${run.name}: ${d.code} left {${name}} unfilled: ${d.message}${d.help ? ` / help: ${d.help}` : ''}`);
      }
    }
  }
  if (problems.length > 0) fail(`${problems.length} diagnostic(s) with unfilled placeholders`, problems);
});

test('every emitted code is in the table', () => {
  const unknown = allRuns().flatMap((run) =>
    run.result.diagnostics.filter((d) => /^MBP/.test(d.code) && codeEntry(d.code) === undefined).map((d) => `${run.name}: ${d.code}`),
  );
  assert.equal(unknown, []);
});

test('every code in the table is emitted by at least one test input', () => {
  const emitted = new Set(allRuns().flatMap((run) => run.result.diagnostics.map((d) => d.code)));
  const missing = Object.keys(CODES)
    .filter((code) => !emitted.has(code) && !(code in NEVER_EMITTED_BY_INPUTS))
    .sort();
  if (missing.length > 0) {
    fail(
      `${missing.length} code(s) no test input emits: add an annotated case to test/<area>/cases, or a scenario to CHECK_SCENARIOS in test/support/check-scenarios.ts, that produces each`,
      missing.map((code) => `${code}  ${codeEntry(code)?.title ?? ''}`),
    );
  }
});

test('exempt internal codes are MBP9xxx, unreachable from inputs, and fill their templates', () => {
  const emitted = new Set(allRuns().flatMap((run) => run.result.diagnostics.map((d) => d.code)));
  for (const [code, { args, why }] of Object.entries(NEVER_EMITTED_BY_INPUTS)) {
    assert.ok(code.startsWith('MBP9'), `${code}: only internal codes may be exempt`);
    assert.ok(codeEntry(code) !== undefined, `${code} is not in the table`);
    assert.not.ok(emitted.has(code), `${code} (${why}) was emitted by an input: that is a bug to fix, not an exemption`);
    const d = makeDiagnostic(code as keyof typeof CODES, 'main.mbp', { start: 0, end: 0 }, args);
    assert.not.match(d.message, PLACEHOLDER, `${code}: ${d.message}`);
    assert.not.match(d.help ?? '', PLACEHOLDER, `${code}: ${d.help}`);
    for (const value of Object.values(args)) assert.ok(d.message.includes(value), `${code}: the message does not show ${value}`);
  }
});

test('no rendered diagnostic (text or JSON) shows parser internals', () => {
  const problems: string[] = [];
  let seen = 0;
  for (const run of allRuns()) {
    if (run.result.diagnostics.length === 0) continue;
    const reports = renderReports(run.result, run.cwd);
    // Text: the header and note lines are the prose; the excerpt lines quote the user's source.
    for (const line of reports.text.split('\n')) {
      if (!/^(error|warning|info)\[|^\s*= (help|note|fix):/.test(line)) continue;
      seen++;
      const leak = parserInternalIn(line);
      if (leak !== undefined) problems.push(`${run.name} (text): "${leak}" in: ${line.trim()}`);
    }
    const json = JSON.parse(reports.json) as JsonReport;
    for (const d of json.diagnostics) {
      for (const text of [d.message, d.help ?? '', ...d.related.map((r) => r.message), ...d.fixes.map((f) => f.title)]) {
        const leak = parserInternalIn(text);
        if (leak !== undefined) problems.push(`${run.name} (json ${d.code}): "${leak}" in: ${text}`);
      }
    }
  }
  assert.ok(seen > 50, `expected many rendered diagnostics to look at, found ${seen}`);
  if (problems.length > 0) fail(`${problems.length} message(s) show parser internals`, problems);
});

test('the placeholder detector finds an argument its emitter forgot', () => {
  const partial = makeDiagnostic('MBP1006', 'main.mbp', { start: 0, end: 1 }, { unit: 'sec' });
  assert.equal(unfilledPlaceholders(partial), ['text']);
  const full = makeDiagnostic('MBP1006', 'main.mbp', { start: 0, end: 1 }, { unit: 'sec', text: '30sec' });
  assert.equal(unfilledPlaceholders(full), []);
});

test('the internals detector finds what it is meant to find', () => {
  assert.is(parserInternalIn('Expecting token of type --> RCurly <-- but found --> \'x\' <--'), 'Expecting');
  assert.is(parserInternalIn('expected RCurly, found Identifier'), 'RCurly');
  assert.is(parserInternalIn('expected a name, found `Identifier`'), undefined);
  assert.is(parserInternalIn('unclosed `{`: expected `}`, found end of file'), undefined);
  assert.is(parserInternalIn('If the file is large, split it'), undefined);
});

test.run();
