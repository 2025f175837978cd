import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir, type TempDir } from '../support/temp-dir.ts';
import { VirtualTerminal } from '../cli/virtual-terminal.ts';
import { SimulatedWorld } from './simulated-world.ts';
import { CURSOR_CONTROL, childEnv, MBP_BIN, mbpUnderPty } from './under-pty.ts';

// What `mbp apply` writes where a person or a script reads it, through the
// real executable on the simulated datacenter: a pipe whose reader leaves
// after one line must not stop the run, and a real pseudo-terminal (util-linux
// `script`) gets the live display unless CI=true.


/** Two infrastructures, three instances (front/web[0], back/db[0..1]), no SSH step: each run takes about a second. */
const BLUEPRINT = fileURLToPath(new URL('./fixtures/two-infrastructures.mbp', import.meta.url));

const out = suite('apply output on a pipe and a terminal');
let temp: TempDir;

/** A fresh project with the blueprint and a demo inventory. */
function project(name: string): SimulatedWorld {
  const dir = path.join(temp.path, name);
  fs.mkdirSync(dir);
  fs.copyFileSync(BLUEPRINT, path.join(dir, 'shop.mbp'));
  const world = new SimulatedWorld(dir);
  const init = world.mbp('inventory', 'init', '--demo');
  assert.is(init.code, 0, init.stderr);
  return world;
}

function deployed(world: SimulatedWorld): { status: (string | undefined)[]; instances: string[]; runEnd: unknown } {
  const infras = ['front', 'back'].map((name) => world.inventory().infrastructures.find((i) => i.name === name));
  const journal = world.journals().at(-1) ?? [];
  return {
    status: infras.map((i) => i?.status),
    instances: infras.flatMap((i) => i?.instances ?? []).map((i) => i.status),
    runEnd: journal.find((r) => (r as { type: string }).type === 'run-end'),
  };
}

out.before(() => {
  temp = makeTempDir();
});
out.after(() => temp.cleanup());

out('a reader that closes the pipe after one line does not stop the run: it finishes and records its state', async () => {
  const world = project('pipe');
  const child = spawn(process.execPath, [MBP_BIN, 'apply', 'shop.mbp', '--auto-approve'], { cwd: world.dir, env: childEnv({}) });
  let seen = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  // Like `| head -1`: read the first line, then close the read end; later writes fail with EPIPE.
  child.stdout.on('data', (d: Buffer) => {
    seen += d.toString();
    if (seen.includes('\n')) child.stdout.destroy();
  });
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(guard);
  assert.not.match(seen, /Apply succeeded/, 'the pipe was closed before the run ended');
  assert.is(code, 0, `the exit code is the run's: ${stderr}`);
  assert.not.match(stderr, /EPIPE|internal error/);
  const state = deployed(world);
  assert.equal(state.status, ['deployed', 'deployed']);
  assert.equal(state.instances, ['active', 'active', 'active']);
  assert.ok(state.runEnd, 'the journal has the run end record');
  assert.is((state.runEnd as { status: string }).status, 'succeeded');
});

/** `mbp apply` under a real pseudo-terminal of 100×40, as a person at a terminal runs it. */
function underPty(world: SimulatedWorld, env: Record<string, string>): { code: number | null; output: string } {
  return mbpUnderPty(world.dir, ['apply', 'shop.mbp', '--auto-approve'], env);
}

out('on a terminal: the live display redraws in place, a bar per array, and ends with the summary', () => {
  const world = project('pty');
  const { code, output } = underPty(world, {});
  assert.is(code, 0, output);
  assert.match(output, /\x1b\[2K/, 'erases lines');
  assert.match(output, /\x1b\[\d*A/, 'moves the cursor up');
  const screen = new VirtualTerminal(100);
  screen.write(output);
  const lines = screen.text().split('\n');
  assert.is(lines.filter((l) => l.startsWith('Applying shop.mbp')).length, 1, `one header left, no stale frame:\n${screen.text()}`);
  const header = lines.findIndex((l) => l.startsWith('Applying shop.mbp'));
  const summary = lines.slice(header + 1, header + 5).sort();
  assert.match(summary[0]!, /^ {2}back\/db\s+█+ {2}2\/2$/, screen.text());
  assert.match(summary[1]!, /^ {2}back\/pre_deploy\s+█+ {2}2\/2 steps$/);
  assert.match(summary[2]!, /^ {2}front\/pre_deploy\s+█+ {2}2\/2 steps$/);
  assert.match(summary[3]!, /^ {2}front\/web\s+█+ {2}1\/1$/);
  assert.match(lines[header + 5]!, /^Apply succeeded \(run /);
  assert.equal(deployed(world).status, ['deployed', 'deployed']);
});

out('CI=true under the same terminal: the plain line log, no cursor control', () => {
  const world = project('pty-ci');
  const { code, output } = underPty(world, { CI: 'true' });
  assert.is(code, 0, output);
  assert.not.match(output, CURSOR_CONTROL);
  assert.match(output, /back\/db\[1\]\/install_os: done in /);
  assert.match(output, /Apply succeeded \(run /);
});

out.run();
