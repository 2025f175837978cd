import fs from 'node:fs';
import path from 'node:path';
import { brokenCases, createRandom, exampleFiles, goldenCases, mixSeeds, REPO_ROOT } from '../support/index.ts';
import { checkMutant, signature } from './check-mutant.ts';
import { minimise } from './minimise.ts';
import { buildVocabulary, mutate, type Mutant } from './mutators.ts';

/**
 * The fuzz loop, separate from the test so it can run in a worker thread
 * watched for hangs. Before each check it publishes the input it is about to
 * check in a shared buffer (a heartbeat), so a watchdog on another thread can
 * name the input the front end got stuck on.
 */
export interface FuzzOptions {
  readonly seed: number;
  readonly iterations: readonly number[];
  readonly maxReported: number;
}

export interface Failure {
  readonly iteration: number;
  readonly input: string;
  readonly steps: readonly string[];
  readonly mutant: Uint8Array;
  readonly minimised: Uint8Array;
  readonly problems: readonly string[];
}

export interface Corpus {
  readonly inputs: readonly { readonly name: string; readonly bytes: Uint8Array }[];
  readonly vocabulary: readonly string[];
}

/** Every example, golden case and annotated broken case, read now (they are found by folder). */
export function loadCorpus(): Corpus {
  const inputs = [...exampleFiles(), ...goldenCases(), ...brokenCases()].map((file) => ({
    name: path.relative(REPO_ROOT, file),
    bytes: new Uint8Array(fs.readFileSync(file)),
  }));
  return { inputs, vocabulary: buildVocabulary(inputs.map((i) => new TextDecoder().decode(i.bytes))) };
}

/** The mutant of one iteration: a pure function of the seed, the iteration and the corpus. */
export function mutantOf(corpus: Corpus, seed: number, iteration: number): Mutant & { readonly input: string } {
  const rng = createRandom(mixSeeds(seed, iteration));
  const input = rng.pick(corpus.inputs);
  return { ...mutate(input.bytes, rng, corpus.vocabulary), input: input.name };
}

/** Layout of the shared heartbeat buffer: counters, then the bytes being checked. */
export const HEARTBEAT_HEADER = 4; // Int32 slots: beat, iteration, byte length, minimising (0/1)
export const HEARTBEAT_CAPACITY = 1 << 20;

export function heartbeatBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEARTBEAT_HEADER * 4 + HEARTBEAT_CAPACITY);
}

export interface Heartbeat {
  readonly beat: number;
  readonly iteration: number;
  readonly minimising: boolean;
  /** The input under check (cut at the buffer's capacity). */
  readonly bytes: Uint8Array;
}

export function readHeartbeat(buffer: SharedArrayBuffer): Heartbeat {
  const header = new Int32Array(buffer, 0, HEARTBEAT_HEADER);
  const length = Math.min(Atomics.load(header, 2), HEARTBEAT_CAPACITY);
  return {
    beat: Atomics.load(header, 0),
    iteration: Atomics.load(header, 1),
    minimising: Atomics.load(header, 3) === 1,
    bytes: new Uint8Array(buffer, HEARTBEAT_HEADER * 4, length).slice(),
  };
}

function publisher(buffer: SharedArrayBuffer | undefined): (iteration: number, minimising: boolean, bytes: Uint8Array) => void {
  if (buffer === undefined) return () => {};
  const header = new Int32Array(buffer, 0, HEARTBEAT_HEADER);
  const payload = new Uint8Array(buffer, HEARTBEAT_HEADER * 4, HEARTBEAT_CAPACITY);
  return (iteration, minimising, bytes) => {
    const length = Math.min(bytes.length, HEARTBEAT_CAPACITY);
    payload.set(bytes.subarray(0, length));
    Atomics.store(header, 1, iteration);
    Atomics.store(header, 2, length);
    Atomics.store(header, 3, minimising ? 1 : 0);
    Atomics.add(header, 0, 1);
  };
}

/** Runs the iterations; stops after `maxReported` distinct violations, each minimised. */
export function runFuzz(options: FuzzOptions, corpus: Corpus, heartbeat?: SharedArrayBuffer): Failure[] {
  const publish = publisher(heartbeat);
  const failures: Failure[] = [];
  const seen = new Set<string>();
  for (const iteration of options.iterations) {
    const mutant = mutantOf(corpus, options.seed, iteration);
    publish(iteration, false, mutant.bytes);
    const problems = checkMutant(mutant.bytes);
    if (problems.length === 0) continue;
    // A mutant is reported when it breaks an invariant in a way not seen yet; it is minimised for that way.
    const fresh = problems.find((p) => !seen.has(signature(p)));
    if (fresh === undefined) continue;
    for (const p of problems) seen.add(signature(p));
    const key = signature(fresh);
    const minimised = minimise(mutant.bytes, (candidate) => {
      publish(iteration, true, candidate);
      return checkMutant(candidate).some((p) => signature(p) === key);
    });
    failures.push({ iteration, input: mutant.input, steps: mutant.steps, mutant: mutant.bytes, minimised, problems: [fresh, ...problems.filter((p) => p !== fresh)] });
    if (failures.length >= options.maxReported) break;
  }
  return failures;
}
