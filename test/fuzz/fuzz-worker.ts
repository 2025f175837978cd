import { parentPort, workerData } from 'node:worker_threads';
import { loadCorpus, runFuzz, type FuzzOptions } from './fuzz-run.ts';

/** Worker entry of the fuzz test: runs the loop and posts the failures back. */
const data = workerData as { options: FuzzOptions; heartbeat: SharedArrayBuffer };
const started = Date.now();
const failures = runFuzz(data.options, loadCorpus(), data.heartbeat);
parentPort?.postMessage({ failures, ms: Date.now() - started });
