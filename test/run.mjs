#!/usr/bin/env node
// Runs every test file (test/**/*.test.ts) in its own Node process through tsx,
// two at a time, and ends with the one line CI reads: "N passed, N failed".
// A file that crashes before uvu's summary counts as one failure; a run that
// executes no test at all is a failure too, so a broken harness cannot pass.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { availableParallelism } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const jobs = Number(process.env.MBP_TEST_JOBS ?? Math.max(1, Math.min(2, availableParallelism())));
const fileTimeoutMs = Number(process.env.MBP_TEST_FILE_TIMEOUT_MS ?? 15 * 60 * 1000);

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...collect(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const files = collect(join(root, 'test')).filter(
  (f) => filters.length === 0 || filters.some((flt) => relative(root, f).includes(flt)),
);

// uvu's own summary: "Total: N", "Passed: N", "Skipped: N".
function parseSummary(output) {
  const clean = output.replace(/\x1b\[[0-9;]*m/g, '');
  const total = /Total:\s+(\d+)/.exec(clean);
  const passed = /Passed:\s+(\d+)/.exec(clean);
  const skipped = /Skipped:\s+(\d+)/.exec(clean);
  if (!total || !passed) return null;
  return { total: Number(total[1]), passed: Number(passed[1]), skipped: skipped ? Number(skipped[1]) : 0 };
}

function runFile(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      output += `\n[test/run] ${relative(root, file)} timed out after ${fileTimeoutMs} ms; killed\n`;
      child.kill('SIGKILL');
    }, fileTimeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ file, code, signal, output, ms: Date.now() - started });
    });
  });
}

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const queue = [...files];

async function worker() {
  for (let file = queue.shift(); file; file = queue.shift()) {
    const r = await runFile(file);
    const summary = parseSummary(r.output);
    const rel = relative(root, r.file);
    let filePassed = 0;
    let fileFailed = 0;
    if (summary) {
      filePassed = summary.passed;
      fileFailed = summary.total - summary.passed;
      skipped += summary.skipped;
    }
    // A non-zero exit with no failed test reported (a crash, an unhandled
    // rejection after the summary) still fails the file.
    if (r.code !== 0 && fileFailed === 0) fileFailed = 1;
    passed += filePassed;
    failed += fileFailed;
    const status = fileFailed > 0 ? 'FAIL' : 'ok  ';
    process.stdout.write(`${status} ${rel} (${filePassed} passed, ${fileFailed} failed, ${r.ms} ms)\n`);
    if (fileFailed > 0) failures.push(r);
  }
}

await Promise.all(Array.from({ length: jobs }, worker));

for (const r of failures) {
  process.stdout.write(`\n===== ${relative(root, r.file)} (exit ${r.code ?? r.signal}) =====\n${r.output}\n`);
}
if (files.length === 0 || passed + failed === 0) {
  process.stdout.write('\nno tests were run: that counts as a failure\n');
  failed = Math.max(failed, 1);
}
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 ? 1 : 0);
