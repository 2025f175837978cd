// The run journal: an append-only JSON-lines file per run, written before
// and after every side effect, read back for resume and for `mbp runs`.
export * from './records.ts';
export { JournalWriter, DEFAULT_FSYNC_INTERVAL_MS, type FsyncMode, type JournalOptions } from './writer.ts';
export { nodeJournalFs, type JournalFs } from './journal-fs.ts';
export { makeHeader, currentUser, REDACTED, type RunHeaderInput } from './header.ts';
export { RUNS_FOLDER, JOURNAL_EXTENSION, runsDirectory, runsDirectoryForInventory, journalPath, isRunId, newRunId, runIdTime, compareRunsNewestFirst } from './layout.ts';
export { parseJournal, readJournalFile, JournalCorruptError, type ParsedJournal } from './reader.ts';
export { analyzeJournal, resumeStateOf, inDoubtMessage, type ResumeAnalysis, type InDoubtStep, type RerunStep, type ResolvedStep } from './analyze.ts';
export { resolveStep, appendRecord, ResolveRefusedError, type ResolveStepInput } from './resolve.ts';
export { journalObserver, runEndOf, FAILPOINT_AFTER_APPEND, type JournalObserverOptions } from './observer.ts';
export {
  listRuns,
  readRun,
  resumeChainOf,
  stepHistoryOf,
  RunNotFoundError,
  type RunSummary,
  type RunDetail,
  type RunState,
  type StepHistory,
  type StepFinal,
  type AttemptHistory,
} from './runs.ts';
