/**
 * Front-end benchmark (issue: parse within 10x of JSON.parse; full check
 * within 20x). Generates the ~100,000-line blueprint and its JSON twin, then
 * times, in one process and one run:
 *   - JSON.parse of the twin,
 *   - parse to AST (lex, layout, parse, CST to AST),
 *   - the full `mbp check` pipeline on the same text,
 * each over several repetitions after a warm-up, and prints sizes, lines per
 * second, the ratios and peak memory.
 *
 * The host is shared, so each row gives the median and the minimum of the
 * wall times and the median CPU time of the process (GC helper threads
 * included): under load the minimum and the CPU time move far less than the
 * median, and the ratios are given for both.
 *
 *   node --import tsx bench/front-end.ts [--lines N] [--reps N]
 */
import { performance } from 'node:perf_hooks';
import { parse } from '../grammar/index.ts';
import { checkText } from '../compiler/index.ts';
import { generateBlueprint } from './generate-blueprint.ts';
import { arg, median, ms, peakRssMiB, printMachine, printTable } from './support.ts';

const lines = Number(arg('--lines', '100000'));
const reps = Number(arg('--reps', '5'));

printMachine();
const gen = generateBlueprint(lines);

interface Timing {
  readonly median: number;
  readonly min: number;
  readonly cpu: number;
}

function time(fn: () => unknown): Timing {
  fn(); // warm-up: JIT and the parser's one-time self-analysis
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { median: median(wall), min: Math.min(...wall), cpu: median(cpu) };
}

function show(t: Timing): string {
  return `${ms(t.median)} (min ${ms(t.min)}, CPU ${ms(t.cpu)})`;
}

function ratio(t: Timing, base: Timing, goal: number): string {
  return `${(t.median / base.median).toFixed(2)}x by median, ${(t.min / base.min).toFixed(2)}x by min (goal: within ${goal}x)`;
}

const json = time(() => JSON.parse(gen.json));
let diagCount = 0;
const parsed = time(() => {
  const r = parse(gen.text, 'bench.mbp');
  diagCount = r.diagnostics.length;
});
let checkDiags = 0;
const checked = time(() => {
  checkDiags = checkText(gen.text, 'bench.mbp').diagnostics.length;
});

printTable('front end on the generated blueprint', [
  ['blueprint', `${gen.lines} lines, ${(gen.text.length / 1e6).toFixed(2)} MB`],
  ['JSON twin', `${(gen.json.length / 1e6).toFixed(2)} MB`],
  ['repetitions', `${reps} after a warm-up`],
  ['JSON.parse', show(json)],
  ['parse to AST', `${show(parsed)}, ${Math.round(gen.lines / (parsed.median / 1000)).toLocaleString('en')} lines/s`],
  ['parse / JSON.parse', ratio(parsed, json, 10)],
  ['full check', show(checked)],
  ['check / JSON.parse', ratio(checked, json, 20)],
  ['diagnostics', `${diagCount} from parse, ${checkDiags} from check (expected 0 errors)`],
  ['peak RSS', `${peakRssMiB().toFixed(0)} MiB`],
]);
