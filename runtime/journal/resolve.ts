import fs from 'node:fs';
import { analyzeJournal } from './analyze.ts';
import { readJournalFile } from './reader.ts';
import type { HeaderRecord, StepResolution, StepResolvedRecord } from './records.ts';
import { listRuns, readRun, resumeChainOf } from './runs.ts';

/**
 * `mbp runs resolve RUN STEP --done|--not-done`: a person's word on a step a
 * killed run left in doubt, appended to the run's journal for the next
 * resume to honour (`analyzeJournal`). Refused, with the reason, unless the
 * step is in doubt in that run and the run is the one a resume continues.
 */

export class ResolveRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResolveRefusedError';
  }
}

/** Runs a resume would continue in place of `run`: the later ones of the same command and blueprint. */
function sameKind(a: HeaderRecord | undefined, b: HeaderRecord | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  // `mbp apply BLUEPRINT …` resumes the same blueprint's applies; `mbp destroy INFRA` the same infrastructure's destroys.
  const verb = (h: HeaderRecord): string | undefined => h.command.find((c) => c === 'apply' || c === 'destroy');
  const target = (h: HeaderRecord): string | undefined => (verb(h) === 'destroy' ? h.command[h.command.indexOf('destroy') + 1] : h.blueprint?.path);
  return verb(a) === verb(b) && target(a) === target(b);
}

export interface ResolveStepInput {
  /** The inventory's directory (journals in its `runs/`). */
  readonly dir: string;
  readonly runId: string;
  readonly stepId: string;
  readonly resolution: StepResolution;
  readonly who: string;
  readonly note?: string;
  readonly at: number;
  /** Whether the process a header names still runs (knowable on its own host only). */
  readonly alive: (header: HeaderRecord) => boolean;
}

/** Checks the step is in doubt in the run a resume would continue, then appends the record; returns it. */
export function resolveStep(input: ResolveStepInput): StepResolvedRecord {
  const run = readRun(input.dir, input.runId);
  if (run.state === 'incomplete' && run.header !== undefined && input.alive(run.header)) {
    throw new ResolveRefusedError(`run ${run.id} is still running (pid ${run.header.pid} on ${run.header.host}): wait for it to end, or stop it`);
  }
  const runs = listRuns(input.dir);
  const later = runs.slice(0, runs.findIndex((r) => r.id === run.id)).filter((r) => sameKind(r.header, run.header));
  if (later.length > 0) {
    throw new ResolveRefusedError(`run ${run.id} is not the latest of its kind: ${later[0]!.id} came after it, and a resume continues only the latest; resolve the step there: mbp runs resolve ${later[0]!.id} ${input.stepId} --${input.resolution}`);
  }
  const analysis = analyzeJournal(resumeChainOf(run, runs).flatMap((r) => readJournalFile(r.file).records));
  if (!analysis.uncertain.some((u) => u.id === input.stepId)) {
    const where = analysis.finished.has(input.stepId) ? 'it is done' : analysis.failed.some((f) => f.id === input.stepId) ? 'it failed, and the next apply runs it again' : analysis.rerun.some((r) => r.id === input.stepId) ? 'it is idempotent: the next apply runs it again' : 'no attempt of it was left unfinished';
    const inDoubt = analysis.uncertain.map((u) => u.id);
    throw new ResolveRefusedError(`step ${input.stepId} is not in doubt in run ${run.id} (${where}); ${inDoubt.length > 0 ? `in doubt there: ${inDoubt.join(', ')}` : 'no step is in doubt there'}`);
  }
  const record: StepResolvedRecord = {
    type: 'step-resolved',
    id: input.stepId,
    resolution: input.resolution,
    who: input.who,
    ...(input.note === undefined ? {} : { note: input.note }),
    at: input.at,
  };
  appendRecord(run.file, record);
  return record;
}

/**
 * Appends one record to a journal no process writes any more, durably. A
 * torn last line (the writer was killed mid-write) is cut off first: after
 * it, the new line would be a damaged line in the middle of the file.
 */
export function appendRecord(file: string, record: StepResolvedRecord): void {
  const fd = fs.openSync(file, 'r+');
  try {
    const size = fs.fstatSync(fd).size;
    const text = fs.readFileSync(fd, 'utf8');
    const keep = Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1));
    if (keep < size) fs.ftruncateSync(fd, keep);
    const line = Buffer.from(`${JSON.stringify(record)}\n`);
    let offset = 0;
    while (offset < line.length) offset += fs.writeSync(fd, line, offset, line.length - offset, keep + offset);
    fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
