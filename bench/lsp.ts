/**
 * Language server benchmark. Starts `mbp lsp` as a child process and drives
 * it through a real client (test/lsp/lsp-client.ts) on the generated
 * ~10,000-line blueprint: 100 edits at seeded random positions (one
 * character typed, then taken back), and after each edit:
 *   - the time from sending the edit to the diagnostics published for that
 *     version (the debounce included),
 *   - the latency of a completion request where the character was typed,
 *   - the latency of a hover on a reference (`network = wan`),
 *   - and, separately, completion sent at once after an edit, before the
 *     debounce ran out (answered from the last check and the new text),
 *   - and bursts of fast typing (5 characters 10 ms apart, inside the
 *     debounce, so checked once): from the last keystroke to the diagnostics
 *     of the burst's last version,
 * printed as p50 and p95 with the server's memory (process.memoryUsage()
 * through a custom request, and its peak RSS from /proc).
 *
 *   node --import tsx bench/lsp.ts [--lines N] [--edits N] [--seed N] [--cpu-prof DIR]
 *
 * `--cpu-prof DIR` writes a V8 CPU profile of the server into DIR
 * (`node --cpu-prof`, written when the server exits) and prints the
 * functions with the most self time in it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CompletionRequest, HoverRequest } from 'vscode-languageserver-protocol';
import { DEFAULT_DEBOUNCE_MS, MEMORY_REQUEST } from '../editor/lsp/index.ts';
import { makeTempDir } from '../test/support/index.ts';
import { createRandom } from '../test/support/random.ts';
import { LspSession, uriOf } from '../test/lsp/lsp-client.ts';
import { generateBlueprint } from './generate-blueprint.ts';
import { arg, median, ms, percentile, printMachine, printTable } from './support.ts';

const lines = Number(arg('--lines', '10000'));
const edits = Number(arg('--edits', '100'));
const seed = Number(arg('--seed', '20240601'));
const cpuProfDir = arg('--cpu-prof', '');
const WARM_UP = 5;

printMachine();
const generated = generateBlueprint(lines);
const temp = makeTempDir('mbp-bench-lsp-');
const file = path.join(temp.path, 'bench.mbp');
fs.writeFileSync(file, generated.text);
const uri = uriOf(file);
const textLines = generated.text.split('\n');
const references = textLines.flatMap((line, index) => (line.includes('network = wan') ? [index] : []));

function peakRssMiB(pid: number | undefined): string {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kib) ? `${(kib / 1024).toFixed(0)} MiB` : 'unknown';
  } catch {
    return 'unknown (no /proc)';
  }
}

const started = performance.now();
const session = await LspSession.start({
  root: temp.path,
  ...(cpuProfDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(cpuProfDir)}`] } : {}),
});
const startMs = performance.now() - started;
let t0 = performance.now();
const first = await session.open(file, generated.text);
const openMs = performance.now() - t0;

const random = createRandom(seed);
const diagnostics: number[] = [];
const completion: number[] = [];
const hover: number[] = [];
try {
  for (let i = 0; i < WARM_UP + edits; i++) {
    const line = random.int(textLines.length);
    const character = random.int((textLines[line]?.length ?? 0) + 1);
    const at = { line, character };

    t0 = performance.now();
    const version = await session.change(file, [{ range: { start: at, end: at }, text: 'x' }]);
    await session.waitForDiagnostics(uri, (p) => p.version === version, { includePast: true, timeoutMs: 120_000 });
    const diagnosticsMs = performance.now() - t0;

    t0 = performance.now();
    await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character: character + 1 } });
    const completionMs = performance.now() - t0;

    const refLine = references[random.int(references.length)]!;
    t0 = performance.now();
    await session.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: refLine, character: textLines[refLine]!.indexOf('network = wan') + 'network = '.length + 1 },
    });
    const hoverMs = performance.now() - t0;

    // Take the character back; its check is not counted.
    const undo = await session.change(file, [{ range: { start: at, end: { line, character: character + 1 } }, text: '' }]);
    await session.waitForDiagnostics(uri, (p) => p.version === undo, { includePast: true, timeoutMs: 120_000 });
    if (i < WARM_UP) continue;
    diagnostics.push(diagnosticsMs);
    completion.push(completionMs);
    hover.push(hoverMs);
  }
  // Completion asked at once after typing (as an editor does on `.`), while the edit's check waits for the debounce.
  const eager: number[] = [];
  for (let i = 0; i < Math.max(1, edits / 5); i++) {
    const line = random.int(textLines.length);
    const at = { line, character: random.int((textLines[line]?.length ?? 0) + 1) };
    const version = await session.change(file, [{ range: { start: at, end: at }, text: 'x' }]);
    t0 = performance.now();
    await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character: at.character + 1 } });
    eager.push(performance.now() - t0);
    await session.waitForDiagnostics(uri, (p) => p.version === version, { includePast: true, timeoutMs: 120_000 });
    const undo = await session.change(file, [{ range: { start: at, end: { line, character: at.character + 1 } }, text: '' }]);
    await session.waitForDiagnostics(uri, (p) => p.version === undo, { includePast: true, timeoutMs: 120_000 });
  }
  // Bursts: what a fast typist waits for after the last key.
  const burst: number[] = [];
  for (let i = 0; i < Math.max(1, edits / 5); i++) {
    const line = random.int(textLines.length);
    const at = { line, character: random.int((textLines[line]?.length ?? 0) + 1) };
    let version = 0;
    for (let k = 0; k < 5; k++) {
      if (k > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const here = { line, character: at.character + k };
      t0 = performance.now();
      version = await session.change(file, [{ range: { start: here, end: here }, text: 'x' }]);
    }
    await session.waitForDiagnostics(uri, (p) => p.version === version, { includePast: true, timeoutMs: 120_000 });
    burst.push(performance.now() - t0);
    const undo = await session.change(file, [{ range: { start: at, end: { line, character: at.character + 5 } }, text: '' }]);
    await session.waitForDiagnostics(uri, (p) => p.version === undo, { includePast: true, timeoutMs: 120_000 });
  }
  const memory = (await session.connection.sendRequest(MEMORY_REQUEST)) as NodeJS.MemoryUsage;
  const row = (xs: readonly number[]): string => `p50 ${ms(median(xs))}, p95 ${ms(percentile(xs, 95))}, max ${ms(Math.max(...xs))}`;
  printTable('language server on the generated blueprint', [
    ['blueprint', `${generated.lines} lines, ${(generated.text.length / 1e6).toFixed(2)} MB, ${first.diagnostics.length} diagnostics when opened`],
    ['edits', `${edits} at random positions (seed ${seed}), after ${WARM_UP} warm-up edits; debounce ${DEFAULT_DEBOUNCE_MS} ms`],
    ['server start to initialized', ms(startMs)],
    ['open to first diagnostics', ms(openMs)],
    ['edit → diagnostics', `${row(diagnostics)} (goal: p95 under 100 ms; the ${DEFAULT_DEBOUNCE_MS} ms debounce included)`],
    ['  the same, less the debounce', row(diagnostics.map((x) => x - DEFAULT_DEBOUNCE_MS))],
    ['last key of a burst → diagnostics', `${row(burst)} (n=${burst.length}; 5 keys 10 ms apart, checked once)`],
    ['completion', `${row(completion)} (goal: p95 under 50 ms)`],
    ['hover', `${row(hover)} (goal: p95 under 50 ms)`],
    ['completion right after an edit', `${row(eager)} (n=${eager.length}; answered from the last check)`],
    ['server memory', `RSS ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB, peak RSS ${peakRssMiB(session.child.pid)}`],
  ]);
} finally {
  await session.stop();
  temp.cleanup();
}
if (cpuProfDir) printProfile(cpuProfDir);

/** The functions with the most self time in the newest `.cpuprofile` of `dir`. */
function printProfile(dir: string, top = 25): void {
  const newest = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  if (!newest) return;
  // The largest profile is the server's (the launcher writes a small one of its own).
  const profile = JSON.parse(fs.readFileSync(newest, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
    samples: number[];
    timeDeltas: number[];
  };
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id)!;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*?\/(node_modules|editor|compiler|grammar|stdlib|runtime)\//, '$1/')}`;
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
  printTable(`server CPU profile ${newest} (self time, ${ms(total / 1000)} sampled)`, rows.map(([k, us]) => [k, `${ms(us / 1000)} (${((100 * us) / total).toFixed(1)}%)`]));
}
