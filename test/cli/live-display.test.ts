import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LiveDisplay, liveFrame, outputMode, RunProgress, runOutput, type DisplayLayout } from '../../cli/display/index.ts';
import type { CliIO } from '../../cli/io.ts';
import { MemoryFileSystem } from '../../compiler/sources/index.ts';
import type { ExecEvent } from '../../runtime/executor/index.ts';
import { VirtualTerminal } from './virtual-terminal.ts';

// The live display of `mbp apply` on a fake terminal (isTTY, 80 columns) fed
// synthetic executor events; what it wrote is played on a virtual screen, so
// the assertions are about what a person sees, scrollback included.

const STEPS = ['bind', 'install_os', 'wait_ready'];
const instances = (array: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ key: `edge/${array}[${i}]`, steps: STEPS.map((s) => `edge/${array}[${i}]/${s}`) }));
const LAYOUT: DisplayLayout = {
  arrays: [
    { name: 'edge/control', instances: instances('control', 3) },
    { name: 'edge/worker', instances: instances('worker', 10) },
  ],
  phases: [
    { name: 'edge/pre_deploy', steps: ['edge/subnets', 'edge/vlans'] },
    { name: 'edge/post_deploy', steps: ['edge/post_deploy/join/init'] },
  ],
};

const open: LiveDisplay[] = [];

class Fixture {
  now = 1_000;
  readonly terminal: VirtualTerminal;
  raw = '';
  readonly display: LiveDisplay;
  constructor(options: { columns?: number; rows?: number; color?: boolean; layout?: DisplayLayout } = {}) {
    const columns = options.columns ?? 80;
    this.terminal = new VirtualTerminal(columns);
    const stream = {
      write: (t: string) => {
        this.raw += t;
        this.terminal.write(t);
      },
      isTTY: true,
      columns,
      rows: options.rows ?? 40,
    };
    this.display = new LiveDisplay({
      stream,
      title: 'Applying edge.mbp',
      style: { color: options.color ?? false, ascii: false },
      now: () => this.now,
      frameMs: 0,
      layout: options.layout ?? LAYOUT,
    });
    open.push(this.display);
  }
  event(e: ExecEvent): void {
    this.display.onEvent(e);
  }
  start(id: string, attempt = 1): void {
    this.event({ type: 'start', id, attempt, idempotent: true, at: this.now });
  }
  succeed(id: string): void {
    this.event({ type: 'success', id, attempt: 1, outputs: {}, durationMs: 10, at: this.now });
  }
  fail(id: string, error = 'boom'): void {
    this.event({ type: 'failure', id, attempt: 2, error, timedOut: false, durationMs: 10, at: this.now });
  }
  /** Every step of an instance, started and succeeded. */
  provision(key: string): void {
    for (const s of STEPS) {
      this.start(`${key}/${s}`);
      this.succeed(`${key}/${s}`);
    }
  }
  screen(): string {
    this.display.flush();
    return this.terminal.text();
  }
  line(prefix: string): string {
    const found = this.screen().split('\n').filter((l) => l.trimStart().startsWith(`${prefix} `));
    assert.is(found.length, 1, `one line starting with ${prefix}:\n${this.terminal.text()}`);
    return found[0]!;
  }
}

const t = suite('live display');
// Each display holds a process 'exit' listener (to show the cursor) until it is closed.
t.after.each(() => {
  for (const d of open.splice(0)) d.close();
});

t('a bar per array and a line per phase, with totals from the layout before any event', () => {
  const f = new Fixture();
  const lines = f.screen().split('\n');
  assert.match(lines[0]!, /^Applying edge\.mbp {2}0\.0s$/);
  assert.equal(
    lines.slice(1).map((l) => l.trim().split(/\s+/)[0]),
    ['edge/pre_deploy', 'edge/control', 'edge/worker', 'edge/post_deploy'],
    'pre_deploy first, the arrays, then post_deploy',
  );
  assert.match(f.line('edge/worker'), /░{10,} {2}0\/10$/);
  assert.match(f.line('edge/pre_deploy'), / 0\/2 steps$/);
});

t('bars advance as instances finish; a failed instance counts at once, in its own glyph', () => {
  const f = new Fixture();
  for (let i = 0; i < 6; i++) f.provision(`edge/worker[${i}]`);
  f.start('edge/worker[6]/bind');
  f.fail('edge/worker[6]/bind');
  const worker = f.line('edge/worker');
  assert.match(worker, / 6\/10 {2}1 failed$/);
  const bar = /(█*)(▓*)(░*)/u.exec(worker.replace(/^\s*edge\/worker\s+/, ''))!;
  const cells = bar[0].length;
  assert.ok(cells >= 8, worker);
  assert.is(bar[1]!.length, Math.round(0.6 * cells), 'six tenths done');
  assert.is(bar[1]!.length + bar[2]!.length, Math.round(0.7 * cells), 'one tenth failed');
  assert.match(f.line('edge/control'), / 0\/3$/);
  // An instance is not done while one of its steps is still to run.
  f.start('edge/worker[7]/bind');
  f.succeed('edge/worker[7]/bind');
  assert.match(f.line('edge/worker'), / 6\/10 {2}1 failed$/);
});

t('failures and retries are printed above the live area and stay there as it redraws', () => {
  const f = new Fixture();
  f.start('edge/worker[2]/install_os');
  f.event({ type: 'retry', id: 'edge/worker[2]/install_os', attempt: 1, error: 'bmc timeout', timedOut: true, durationMs: 5, delayMs: 2000, at: f.now });
  f.screen();
  f.start('edge/worker[2]/install_os', 2);
  f.fail('edge/worker[2]/install_os', 'image checksum mismatch');
  for (let i = 0; i < 5; i++) {
    f.now += 100;
    f.provision(`edge/control[${i % 3}]`);
    f.screen();
  }
  const lines = f.screen().split('\n');
  const retry = lines.findIndex((l) => l.includes('edge/worker[2]/install_os: attempt 1 failed (bmc timeout); retrying in 2.0s'));
  const failure = lines.findIndex((l) => l.includes('edge/worker[2]/install_os: FAILED after 2 attempt(s): image checksum mismatch'));
  const header = lines.findIndex((l) => l.startsWith('Applying edge.mbp'));
  assert.ok(retry >= 0 && failure > retry, lines.join('\n'));
  assert.ok(header > failure, 'the live area is below the kept lines');
  assert.is(lines.filter((l) => l.startsWith('Applying edge.mbp')).length, 1, 'no stale frame is left behind');
  assert.is(lines.filter((l) => l.includes('FAILED')).length, 1, 'each failure once');
});

t('text written through the run I/O goes above the live area too', () => {
  const f = new Fixture();
  f.screen();
  f.display.above('inventory: reserve committed (serial 2, 13 server(s))\n');
  const lines = f.screen().split('\n');
  assert.is(lines[0], 'inventory: reserve committed (serial 2, 13 server(s))');
  assert.match(lines[1]!, /^Applying edge\.mbp/);
});

t('the running steps: oldest first with their age, at most 8, then "and N more"', () => {
  const f = new Fixture();
  for (let i = 0; i < 10; i++) {
    f.start(`edge/worker[${i}]/install_os`);
    f.now += 1000;
  }
  f.start('edge/control[0]/bind');
  const running = f.screen().split('\n').filter((l) => l.startsWith('  ▸ '));
  assert.is(running.length, 8);
  assert.match(running[0]!, /^ {2}▸ edge\/worker\[0\]\/install_os {2}10\.0s$/);
  assert.match(running[7]!, /edge\/worker\[7\]\/install_os {2}3\.0s$/);
  assert.match(f.screen(), /\n {4}… and 3 more$/);
  assert.match(f.line('edge/worker'), /10 running$/);
  // A short terminal lists fewer, so the frame still fits.
  const small = new Fixture({ rows: 12 });
  for (let i = 0; i < 10; i++) small.start(`edge/worker[${i}]/install_os`);
  const frame = small.screen().split('\n');
  assert.ok(frame.length <= 11, frame.join('\n'));
  assert.match(frame.at(-1)!, /… and \d+ more/);
});

t('lines are cut to the terminal width instead of wrapping', () => {
  const f = new Fixture({ columns: 40 });
  f.start('edge/worker[3]/provision/os/a_very_long_step_name_that_goes_on');
  const lines = f.screen().split('\n');
  for (const l of lines) assert.ok(l.length < 40, `${l.length}: ${l}`);
  assert.ok(lines.some((l) => /▸ …[^ ]*goes_on {2}0\.0s$/.test(l)), 'the end of a long step id is kept');
});

t('on close the live area becomes the final summary and the cursor is shown again', () => {
  const f = new Fixture();
  for (let i = 0; i < 3; i++) f.provision(`edge/control[${i}]`);
  f.start('edge/worker[0]/bind');
  f.now += 65_000;
  f.screen();
  f.display.close();
  f.display.close();
  const lines = f.terminal.text().split('\n');
  assert.equal(lines[0], 'Applying edge.mbp  1m05s');
  assert.match(lines[2]!, /edge\/control\s+█+ {2}3\/3$/);
  assert.not.ok(lines.some((l) => l.includes('▸')), 'no running list in the summary');
  assert.is(lines.length, 5);
  assert.ok(f.raw.startsWith('\x1b[?25l'), 'the cursor is hidden while live');
  assert.ok(f.raw.endsWith('\x1b[?25h'), 'and shown at the end');
  // After close, events change nothing and text is written as is.
  f.fail('edge/worker[0]/bind');
  f.display.above('after\n');
  assert.is(f.terminal.text().split('\n').length, 6);
});

t('an interruption: the header says it is stopping, the summary names what was stopped', () => {
  const f = new Fixture();
  const ids = [...Array.from({ length: 10 }, (_, i) => `edge/worker[${i}]/install_os`), 'edge/control[0]/bind'];
  for (const id of ids) f.start(id);
  f.event({ type: 'interrupt', reason: 'SIGINT received', at: f.now });
  assert.match(f.screen().split('\n').find((l) => l.startsWith('Applying'))!, /^Applying edge\.mbp {2}0\.0s {2}interrupted: stopping the running steps$/);
  assert.match(f.screen(), /interrupted \(SIGINT received\): waiting for running steps to stop/);
  for (const id of ids) f.event({ type: 'stopped', id, attempt: 1, ran: true, error: 'aborted', durationMs: 1, at: f.now });
  f.display.close();
  const text = f.terminal.text();
  assert.match(f.terminal.text(), /edge\/worker\s+▓+ {2}0\/10 {2}10 stopped\n/);
  assert.match(text, /interrupted \(SIGINT received\): 11 running step\(s\) stopped:\n {4}edge\/worker\[0\]\/install_os\n/);
  assert.match(text, /\n {4}… and 3 more$/);
});

t('without a layout (destroy) arrays and instances appear as their nodes run', () => {
  const f = new Fixture({ layout: { arrays: [], phases: [] } });
  f.start('edge/web[0]/release');
  f.start('edge/web[1]/release');
  f.succeed('edge/web[0]/release');
  f.start('edge/pre_destroy/drain/run');
  assert.match(f.line('edge/web'), / 1\/2 {2}1 running$/);
  assert.match(f.line('edge/pre_destroy'), / 0\/1 steps {2}1 running$/);
});

t('for_each elements and hook steps count for the step they belong to', () => {
  const p = new RunProgress(LAYOUT);
  const at = 0;
  p.apply({ type: 'start', id: 'edge/post_deploy/join/init[a]', attempt: 1, idempotent: true, at });
  p.apply({ type: 'success', id: 'edge/post_deploy/join/init[a]', attempt: 1, outputs: {}, durationMs: 1, at });
  let post = p.tallies().phases.find((x) => x.name === 'edge/post_deploy')!;
  assert.equal([post.total, post.done], [1, 0], 'the element alone does not finish the step');
  p.apply({ type: 'success', id: 'edge/post_deploy/join/init', attempt: 1, outputs: {}, durationMs: 1, at });
  post = p.tallies().phases.find((x) => x.name === 'edge/post_deploy')!;
  assert.equal([post.total, post.done], [1, 1]);
  assert.is(p.tallies().phases.length, 2, 'no phase invented for the element');
});

t('colour: styled with it, no SGR code without it; the cursor moves either way', () => {
  const plain = new Fixture({ color: false });
  plain.fail('edge/worker[0]/bind');
  plain.screen();
  assert.not.match(plain.raw, /\x1b\[[0-9;]*m/);
  assert.match(plain.raw, /\x1b\[2K/);
  const coloured = new Fixture({ color: true });
  coloured.fail('edge/worker[0]/bind');
  coloured.screen();
  assert.match(coloured.raw, /\x1b\[31medge\/worker\[0\]\/bind: FAILED/);
});

t('liveFrame is a pure function of the progress and the options', () => {
  const p = new RunProgress(LAYOUT);
  const options = { title: 'T', style: { color: false, ascii: true }, width: 79, now: 5000, started: 0 };
  assert.is(liveFrame(p, options), liveFrame(p, options));
  assert.match(liveFrame(p, options), /edge\/worker\s+-{8,} {2}0\/10/);
});

const memoryIO = (isTTY: boolean, env: Record<string, string>): { io: CliIO; out: () => string } => {
  let text = '';
  const io: CliIO = {
    stdout: { write: (s) => void (text += s), isTTY, columns: 80, rows: 24 },
    stderr: { write: () => undefined, isTTY },
    env,
    cwd: '/',
    fs: new MemoryFileSystem({}),
  };
  return { io, out: () => text };
};

t('which output: live only on a terminal, outside CI, with a cursor to move', () => {
  const tty = memoryIO(true, {}).io.stdout;
  assert.is(outputMode(tty, {}, 'text'), 'live');
  assert.is(outputMode(memoryIO(false, {}).io.stdout, {}, 'text'), 'log');
  assert.is(outputMode(tty, { CI: 'true' }, 'text'), 'log');
  assert.is(outputMode(tty, { CI: '1' }, 'text'), 'log');
  assert.is(outputMode(tty, { CI: 'false' }, 'text'), 'live');
  assert.is(outputMode(tty, { TERM: 'dumb' }, 'text'), 'log');
  assert.is(outputMode(tty, {}, 'json'), 'json');
  assert.is(outputMode(memoryIO(false, {}).io.stdout, { FORCE_COLOR: '1' }, 'text'), 'log', 'FORCE_COLOR colours, it does not make a terminal');
});

t('runOutput: the plain log writes straight through; the live display takes the run I/O above itself', () => {
  const failure: ExecEvent = { type: 'failure', id: 'a/b[0]/c', attempt: 1, error: 'x', timedOut: false, durationMs: 1, at: 0 };
  const plain = memoryIO(false, {});
  const log = runOutput(plain.io, { format: 'text', title: 'T', now: () => 0 });
  assert.is(log.mode, 'log');
  assert.is(log.io, plain.io);
  log.observers[0]!.onEvent!(failure);
  assert.is(plain.out(), 'a/b[0]/c: FAILED after 1 attempt(s): x\n');

  const tty = memoryIO(true, { NO_COLOR: '' });
  const live = runOutput(tty.io, { format: 'text', title: 'T', now: () => 0 });
  assert.is(live.mode, 'live');
  live.io.stdout.write('inventory: reserve committed\n');
  live.observers[0]!.onEvent!(failure);
  live.close();
  const screen = new VirtualTerminal(80);
  screen.write(tty.out());
  assert.equal(screen.text().split('\n').slice(0, 3), ['inventory: reserve committed', 'a/b[0]/c: FAILED after 1 attempt(s): x', 'T  0.0s']);
  assert.not.match(tty.out(), /\x1b\[[0-9;]*m/, 'NO_COLOR (even empty) keeps colour out of the live display');
});

t.run();
