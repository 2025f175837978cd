import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-harness.ts';

// `mbp inventory …` against real files in a temp dir (the store's lock and
// atomic writes are real); the command runs in-process.
function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'mbp-cli-inv-'));
}

test('a missing inventory is an error that says how to create one', async () => {
  const dir = tempDir();
  try {
    const r = await runCli(['inventory', 'show'], { cwd: dir });
    assert.is(r.code, 1);
    assert.match(r.stderr, /mbp inventory init/);
    assert.not.ok(existsSync(join(dir, '.mbp/inventory.json')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('init --demo creates the file once and refuses to overwrite it', async () => {
  const dir = tempDir();
  try {
    const first = await runCli(['inventory', 'init', '--demo'], { cwd: dir });
    assert.is(first.code, 0, first.stderr);
    assert.match(first.stdout, /Created \.mbp\/inventory\.json: 2 datacenter\(s\), \d+ server\(s\)/);
    const before = readFileSync(join(dir, '.mbp/inventory.json'));
    const second = await runCli(['inventory', 'init', '--demo'], { cwd: dir });
    assert.is(second.code, 1);
    assert.match(second.stderr, /already exists/);
    assert.equal(readFileSync(join(dir, '.mbp/inventory.json')), before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--inventory and MBP_INVENTORY choose the file', async () => {
  const dir = tempDir();
  try {
    assert.is((await runCli(['inventory', 'init', '--inventory', 'site.json'], { cwd: dir })).code, 0);
    assert.ok(existsSync(join(dir, 'site.json')));
    const viaEnv = await runCli(['inventory', 'show', '--format', 'json'], { cwd: dir, env: { MBP_INVENTORY: 'site.json' } });
    assert.is(viaEnv.code, 0, viaEnv.stderr);
    assert.is(JSON.parse(viaEnv.stdout).path, 'site.json');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('server quarantine and return change the status, and show reports it', async () => {
  const dir = tempDir();
  try {
    await runCli(['inventory', 'init', '--demo'], { cwd: dir });
    const q = await runCli(['inventory', 'server', 'quarantine', 'srv-0003', '--reason', 'bad dimm', '--format', 'json'], { cwd: dir });
    assert.is(q.code, 0, q.stderr);
    const change = JSON.parse(q.stdout);
    assert.is(change.from, 'available');
    assert.is(change.to, 'quarantined');
    const shown = JSON.parse((await runCli(['inventory', 'show', '--servers', '--format', 'json'], { cwd: dir })).stdout);
    assert.is(shown.servers.find((s: { name: string }) => s.name === 'srv-0003').status, 'quarantined');
    const back = await runCli(['inventory', 'server', 'return', '3'], { cwd: dir });
    assert.is(back.code, 0, back.stderr);
    assert.match(back.stdout, /quarantined → available/);
    const unknown = await runCli(['inventory', 'server', 'retire', 'srv-9999'], { cwd: dir });
    assert.is(unknown.code, 1);
    assert.match(unknown.stderr, /srv-9999/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('validate reports a hand-broken file and leaves it byte for byte as it was', async () => {
  const dir = tempDir();
  try {
    await runCli(['inventory', 'init', '--demo'], { cwd: dir });
    const file = join(dir, '.mbp/inventory.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.servers[2].status = 'borked';
    writeFileSync(file, JSON.stringify(doc));
    const before = readFileSync(file);
    const r = await runCli(['inventory', 'validate'], { cwd: dir });
    assert.is(r.code, 1);
    assert.match(r.stdout, /servers\[2\]\.status/);
    const q = await runCli(['inventory', 'server', 'quarantine', '1'], { cwd: dir });
    assert.is(q.code, 1);
    assert.equal(readFileSync(file), before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unknown subcommand is a usage error', async () => {
  const r = await runCli(['inventory', 'bogus']);
  assert.is(r.code, 64);
});

test.run();
