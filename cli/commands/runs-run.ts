import os from 'node:os';
import path from 'node:path';
import { isProcessAlive, JsonFileInventoryStore, resolveInventoryPath } from '../../runtime/inventory/index.ts';
import { currentUser, listRuns, readRun, resolveStep, type RunSummary, type StepHistory, type StepResolution } from '../../runtime/journal/index.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CommandIO } from '../io.ts';

interface Common {
  readonly inventory?: string;
  readonly format: 'text' | 'json';
}

const invPathOf = (io: CommandIO, opts: Common): string =>
  resolveInventoryPath({ ...(opts.inventory !== undefined ? { flag: opts.inventory } : {}), env: io.env, cwd: io.cwd });

function fail(io: CommandIO, error: unknown): number {
  const e = error as { message?: string; exitCode?: number };
  io.stderr.write(`error: ${e.message ?? String(error)}\n`);
  return typeof e.exitCode === 'number' ? e.exitCode : ExitCode.Errors;
}

/** `mbp output [NAME]`: what activation recorded. */
export async function runOutput(io: CommandIO, name: string | undefined, opts: Common & { readonly infrastructure?: string }): Promise<number> {
  try {
    const inv = await new JsonFileInventoryStore(invPathOf(io, opts)).read();
    const infras = inv.infrastructures.filter((i) => opts.infrastructure === undefined || i.name === opts.infrastructure);
    const all: { infra: string; key: string; value: unknown }[] = [];
    for (const i of infras) for (const [key, value] of Object.entries(i.outputs)) all.push({ infra: i.name, key, value });
    let chosen = all;
    if (name !== undefined) {
      const [infra, key] = name.includes('.') ? name.split('.', 2) : [undefined, name];
      chosen = all.filter((o) => o.key === key && (infra === undefined || o.infra === infra));
      if (chosen.length === 0) {
        io.stderr.write(`error: no output named ${name}; recorded: ${all.map((o) => `${o.infra}.${o.key}`).join(', ') || 'none (apply a blueprint first)'}\n`);
        return ExitCode.Errors;
      }
      if (chosen.length > 1) {
        io.stderr.write(`error: ${name} is an output of several infrastructures: name one as INFRA.${name} (${chosen.map((o) => `${o.infra}.${o.key}`).join(', ')})\n`);
        return ExitCode.Usage;
      }
      const v = chosen[0]!.value;
      io.stdout.write(opts.format === 'json' ? `${JSON.stringify(v, null, 2)}\n` : `${typeof v === 'string' ? v : JSON.stringify(v)}\n`);
      return ExitCode.Success;
    }
    if (opts.format === 'json') {
      io.stdout.write(`${JSON.stringify(Object.fromEntries(infras.map((i) => [i.name, i.outputs])), null, 2)}\n`);
    } else if (all.length === 0) io.stdout.write('No outputs recorded (apply a blueprint that declares `output` first).\n');
    else for (const o of all) io.stdout.write(`${o.infra}.${o.key} = ${JSON.stringify(o.value)}\n`);
    return ExitCode.Success;
  } catch (error) {
    return fail(io, error);
  }
}

const when = (ms: number | undefined): string => (ms === undefined ? '-' : new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z'));

function summaryRow(r: RunSummary): string {
  const h = r.header;
  const steps = Object.entries(r.steps).map(([k, n]) => `${n} ${k}`).join(', ');
  return `${r.id}  ${when(r.startedAt)}  ${h?.who ?? '?'}@${h?.host ?? '?'}  ${(h?.command ?? []).join(' ')}  ${r.state}${steps ? `  (${steps})` : ''}`;
}

/** The run a listed run continues (`resumes`) or took the doubts of (`doubtsFrom`: not a resume, that run had ended failed). */
function linkNote(r: RunSummary): string {
  if (r.header?.resumes !== undefined) return `  resumes ${r.header.resumes}`;
  return r.header?.doubtsFrom === undefined ? '' : `  carries doubts of ${r.header.doubtsFrom}`;
}

/** A run as `mbp runs --format json` lists it; the links only when set. */
const listEntry = (r: RunSummary): Record<string, unknown> => ({
  id: r.id,
  started_at: when(r.startedAt),
  who: r.header?.who,
  host: r.header?.host,
  command: r.header?.command,
  status: r.state,
  steps: r.steps,
  ...(r.header?.resumes === undefined ? {} : { resumes: r.header.resumes }),
  ...(r.header?.doubtsFrom === undefined ? {} : { doubts_from: r.header.doubtsFrom }),
});

/** `mbp runs`. */
export async function runList(io: CommandIO, opts: Common): Promise<number> {
  try {
    const runs = listRuns(path.dirname(invPathOf(io, opts)));
    if (opts.format === 'json') {
      io.stdout.write(`${JSON.stringify(runs.map(listEntry), null, 2)}\n`);
    } else if (runs.length === 0) io.stdout.write('No runs yet.\n');
    else for (const r of runs) io.stdout.write(`${summaryRow(r)}${linkNote(r)}\n`);
    return ExitCode.Success;
  } catch (error) {
    return fail(io, error);
  }
}

function stepLines(s: StepHistory, locate: (id: string) => string | undefined): string[] {
  const out = [`${s.id}: ${s.final}${s.reason ? ` (${s.reason})` : ''}`];
  for (const a of s.attempts) {
    out.push(`  attempt ${a.attempt}: ${when(a.startedAt)}${a.durationMs !== undefined ? ` ${(a.durationMs / 1000).toFixed(2)}s` : ''} ${a.outcome ?? 'running'}${a.error ? `: ${a.error}` : ''}`);
    if (a.error) {
      const at = locate(s.id);
      if (at) out.push(`    --> ${at}`);
    }
  }
  if (s.outputs && Object.keys(s.outputs).length > 0) out.push(`  outputs: ${JSON.stringify(s.outputs)}`);
  for (const l of s.logs) out.push(`  | ${l}`);
  return out;
}

/** Where a step is written in its blueprint, from the plan compiled again (quietly); none when it cannot be. */
async function stepLocator(io: CommandIO, blueprint: string | undefined): Promise<(id: string) => string | undefined> {
  if (blueprint === undefined) return () => undefined;
  try {
    const { compileBlueprint } = await import('../../compiler/lower/index.ts');
    const r = await compileBlueprint(io.fs, path.resolve(io.cwd, blueprint), { cwd: io.cwd });
    const where = new Map((r.plan?.steps ?? []).map((s) => [s.id, `${s.source.file}:${s.source.start.line}:${s.source.start.column}`]));
    return (id) => where.get(id);
  } catch {
    return () => undefined;
  }
}

/** `mbp runs show ID`. */
export async function runShow(io: CommandIO, id: string, opts: Common): Promise<number> {
  try {
    const run = readRun(path.dirname(invPathOf(io, opts)), id);
    if (opts.format === 'json') {
      io.stdout.write(`${JSON.stringify({ id: run.id, header: run.header, status: run.state, steps: run.stepHistory }, null, 2)}\n`);
      return ExitCode.Success;
    }
    const locate = await stepLocator(io, run.header?.blueprint?.path);
    io.stdout.write(`${summaryRow(run)}\n`);
    if (run.header?.resumes) io.stdout.write(`resumes ${run.header.resumes}\n`);
    if (run.header?.doubtsFrom) io.stdout.write(`carries over the unresolved steps in doubt of ${run.header.doubtsFrom} (a failed run; not resumed)\n`);
    for (const s of run.stepHistory) io.stdout.write(`${stepLines(s, locate).join('\n')}\n`);
    return ExitCode.Success;
  } catch (error) {
    return fail(io, error);
  }
}

/** The plan steps that read `stepId`'s outputs (an element `ID[key]` of a `for_each` is read through `ID`); undefined when the blueprint does not compile. */
async function outputReaders(io: CommandIO, blueprint: string, stepId: string): Promise<string[] | undefined> {
  try {
    const { compileBlueprint } = await import('../../compiler/lower/index.ts');
    const { stepOutputsRead } = await import('../../compiler/plan/index.ts');
    const r = await compileBlueprint(io.fs, blueprint, { cwd: io.cwd });
    if (r.plan === undefined) return undefined;
    const read = new Set([stepId, stepId.replace(/\[[^\]]*\]$/, '')]);
    return r.plan.steps
      .filter((s) => s.id !== stepId && [...Object.values(s.args), s.when, s.for_each].some((ir) => ir !== undefined && stepOutputsRead(ir).some((id) => read.has(id))))
      .map((s) => s.id);
  } catch {
    return undefined;
  }
}

/** `mbp runs resolve RUN STEP --done|--not-done`. */
export async function runResolve(io: CommandIO, runId: string, stepId: string, opts: { readonly done?: boolean; readonly notDone?: boolean; readonly note?: string; readonly inventory?: string }): Promise<number> {
  if (opts.done !== true && opts.notDone !== true) {
    io.stderr.write('error: say what you found: --done (it happened) or --not-done (run it again)\n');
    return ExitCode.Usage;
  }
  const resolution: StepResolution = opts.done === true ? 'done' : 'not-done';
  try {
    const dir = path.dirname(invPathOf(io, { ...opts, format: 'text' }));
    if (resolution === 'done') {
      const header = readRun(dir, runId).header;
      const blueprint = header?.blueprint === undefined ? undefined : path.resolve(header.cwd, header.blueprint.path);
      const readers = blueprint === undefined ? [] : await outputReaders(io, blueprint, stepId);
      if (readers === undefined) io.stderr.write(`warning: could not compile ${blueprint} to check which steps read the outputs of ${stepId}; a step that does will fail on resume\n`);
      else if (readers.length > 0) {
        io.stderr.write(
          `error: ${readers.join(', ')} read${readers.length === 1 ? 's' : ''} the outputs of ${stepId}, and a step marked done by hand has none: it cannot be skipped. Undo its effect by hand and record --not-done to run it again.\n`,
        );
        return ExitCode.Errors;
      }
    }
    const host = os.hostname();
    const record = resolveStep({
      dir,
      runId,
      stepId,
      resolution,
      who: currentUser(),
      ...(opts.note === undefined ? {} : { note: opts.note }),
      at: Date.now(),
      alive: (h) => h.host === host && isProcessAlive(h.pid),
    });
    io.stdout.write(
      `Recorded in run ${runId}: ${stepId} ${record.resolution === 'done' ? 'happened; the next apply resumes the run without running it again (it has no outputs)' : 'did not happen; the next apply resumes the run and runs it again'}.\n`,
    );
    return ExitCode.Success;
  } catch (error) {
    return fail(io, error);
  }
}
