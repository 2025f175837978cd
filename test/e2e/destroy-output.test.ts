import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir, type TempDir } from '../support/temp-dir.ts';
import { VirtualTerminal } from '../cli/virtual-terminal.ts';
import { SimulatedWorld } from './simulated-world.ts';
import { CURSOR_CONTROL, mbpUnderPty } from './under-pty.ts';

// `mbp destroy` reports its run as `mbp apply` does (cli/display): the live
// display on a real pseudo-terminal (util-linux `script`), the plain log
// under CI=true on the same terminal.

/** Two infrastructures, three instances (front/web[0], back/db[0..1]), no SSH step. */
const BLUEPRINT = fileURLToPath(new URL('./fixtures/two-infrastructures.mbp', import.meta.url));

const out = suite('destroy output on a terminal');
let temp: TempDir;
out.before(() => {
  temp = makeTempDir();
});
out.after(() => temp.cleanup());

/** A project with `shop.mbp` applied (through the plain log). */
function applied(name: string): SimulatedWorld {
  const dir = path.join(temp.path, name);
  fs.mkdirSync(dir);
  fs.copyFileSync(BLUEPRINT, path.join(dir, 'shop.mbp'));
  const world = new SimulatedWorld(dir);
  const init = world.mbp('inventory', 'init', '--demo');
  assert.is(init.code, 0, init.stderr);
  const apply = world.mbp('apply', 'shop.mbp', '--auto-approve');
  assert.is(apply.code, 0, apply.stdout + apply.stderr);
  return world;
}

/** `mbp destroy back` under a real pseudo-terminal of 100×40. */
function destroyUnderPty(world: SimulatedWorld, env: Record<string, string>): { code: number | null; output: string } {
  return mbpUnderPty(world.dir, ['destroy', 'back', '--auto-approve'], env);
}

out('on a terminal: the live display, one header, then the result line; the servers are released', () => {
  const world = applied('pty');
  const { code, output } = destroyUnderPty(world, {});
  assert.is(code, 0, output);
  assert.match(output, CURSOR_CONTROL, 'redraws in place');
  const screen = new VirtualTerminal(100);
  screen.write(output);
  const lines = screen.text().split('\n');
  assert.is(lines.filter((l) => l.startsWith('Destroying back')).length, 2, `the confirmation line and one live header, no stale frame:\n${screen.text()}`);
  assert.ok(lines.some((l) => /^Destroy succeeded \(run .*\): released 2 server\(s\)\.$/.test(l)), screen.text());
  assert.not.match(screen.text(), /back\/db\[0\]\/release: started/, 'no plain log lines');
  assert.equal(world.inventory().infrastructures.map((i) => i.name), ['front']);
});

out('negative control: CI=true under the same terminal gives the plain log, no cursor control', () => {
  const world = applied('pty-ci');
  const { code, output } = destroyUnderPty(world, { CI: 'true' });
  assert.is(code, 0, output);
  assert.not.match(output, CURSOR_CONTROL);
  assert.match(output, /back\/db\[0\]\/release: (started|done)/);
  assert.match(output, /Destroy succeeded \(run /);
});

out.run();
