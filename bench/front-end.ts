/**
 * Front-end benchmark (issue: parse within 10x of JSON.parse; full check
 * within 20x). Generates the ~100,000-line blueprint and its JSON twin, then
 * times, in one process and one run:
 *   - JSON.parse of the twin,
 *   - parse to AST (lex, layout, parse, CST to AST),
 *   - the full `mbp check` pipeline on the same text,
 * each as the median of several repetitions after a warm-up, and prints
 * sizes, lines per second, the ratios and peak memory.
 *
 *   node --import tsx bench/front-end.ts [--lines N] [--reps N]
 */
import { performance } from 'node:perf_hooks';
import { parse } from '../grammar/index.ts';
import { checkText } from '../compiler/index.ts';
import { generateBlueprint } from './generate-blueprint.ts';
import { arg, median, peakRssMiB, printMachine, printTable } from './support.ts';

const lines = Number(arg('--lines', '100000'));
const reps = Number(arg('--reps', '5'));

printMachine();
const gen = generateBlueprint(lines);

function time(fn: () => unknown): number[] {
  fn(); // warm-up: JIT and the parser's one-time self-analysis
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

const jsonMs = median(time(() => JSON.parse(gen.json)));
let diagCount = 0;
const parseMs = median(
  time(() => {
    const r = parse(gen.text, 'bench.mbp');
    diagCount = r.diagnostics.length;
  }),
);
let checkDiags = 0;
const checkMs = median(
  time(() => {
    checkDiags = checkText(gen.text, 'bench.mbp').diagnostics.length;
  }),
);

printTable('front end on the generated blueprint', [
  ['blueprint', `${gen.lines} lines, ${(gen.text.length / 1e6).toFixed(2)} MB`],
  ['JSON twin', `${(gen.json.length / 1e6).toFixed(2)} MB`],
  ['JSON.parse (median)', `${jsonMs.toFixed(1)} ms`],
  ['parse to AST (median)', `${parseMs.toFixed(1)} ms, ${Math.round(gen.lines / (parseMs / 1000)).toLocaleString('en')} lines/s`],
  ['parse / JSON.parse', `${(parseMs / jsonMs).toFixed(2)}x (goal: within 10x)`],
  ['full check (median)', `${checkMs.toFixed(1)} ms`],
  ['check / JSON.parse', `${(checkMs / jsonMs).toFixed(2)}x (goal: within 20x)`],
  ['diagnostics', `${diagCount} from parse, ${checkDiags} from check (expected 0 errors)`],
  ['peak RSS', `${peakRssMiB().toFixed(0)} MiB`],
]);
