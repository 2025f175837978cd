import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runOutput } from '../../cli/display/index.ts';
import type { CliIO } from '../../cli/io.ts';
import { MemoryFileSystem } from '../../compiler/sources/index.ts';
import { applyResolution } from '../../runtime/apply/index.ts';
import { resolvePlan } from '../../runtime/resolve/index.ts';
import { arrayBlueprint, compileInDir, demoHardware, makeTempDir, type TempDir } from '../support/index.ts';
import { VirtualTerminal } from './virtual-terminal.ts';

// The live display starts before the apply layer makes the run id; `onStart`
// hands it over, and the header shows it from then on.
const test = suite('run id in the live header');
let temp: TempDir;
test.before.each(() => {
  temp = makeTempDir();
});
test.after.each(() => temp.cleanup());

function ttyIO(): { io: CliIO; out: () => string } {
  let text = '';
  const io: CliIO = {
    stdout: { write: (s) => void (text += s), isTTY: true, columns: 120, rows: 30 },
    stderr: { write: () => undefined, isTTY: true },
    env: { NO_COLOR: '1' },
    cwd: '/',
    fs: new MemoryFileSystem({}),
  };
  return { io, out: () => text };
}

test('applyResolution calls onStart with the run id before any step, and the live header shows it', async () => {
  const plan = await compileInDir(temp.path, arrayBlueprint(), 'lone.mbp');
  const { store, hardware } = await demoHardware(temp.path);
  const tty = ttyIO();
  const out = runOutput(tty.io, { format: 'text', title: 'Applying lone.mbp', now: Date.now });
  const order: string[] = [];
  try {
    const outcome = await applyResolution({
      plan,
      resolution: resolvePlan(plan, await store.read(), {}).resolution,
      store,
      hardware,
      journalDir: temp.path,
      observers: [...out.observers, { onEvent: (e) => void order.push(e.type) }],
      onStart: (id) => {
        order.push(`onStart ${id}`);
        out.onStart(id);
      },
    });
    assert.is(outcome.status, 'succeeded');
    assert.is(order[0], `onStart ${outcome.runId}`, 'onStart comes first, with the run id the outcome reports');
    out.close();
    const screen = new VirtualTerminal(120);
    screen.write(tty.out());
    const header = screen.text().split('\n').find((l) => l.startsWith('Applying lone.mbp'));
    assert.ok(header, screen.text());
    assert.match(header!, ` run ${outcome.runId}`);
  } finally {
    out.close();
    await hardware.close();
  }
});

test('without onStart the header has no run id (the display does not make one up)', () => {
  const tty = ttyIO();
  const out = runOutput(tty.io, { format: 'text', title: 'Applying lone.mbp', now: () => 0 });
  out.close();
  assert.not.match(tty.out(), ' run ');
});

test.run();
