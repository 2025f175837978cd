import { existsSync, readFileSync } from 'node:fs';
import type { HardwareState } from './state.ts';

/*
 * The change log beside the state file (docs/simulated-datacenter.md,
 * "Durability"): JSON lines, each `{"seq":N,"sets":[{"path":[...],"value":...}]}`.
 * A record sets one whole entity (a server, a switch port, a boot config, a
 * volume, a completion) to its value after the change, or deletes it
 * (`null`): replaying a record twice, or one the snapshot already holds, is
 * harmless. The snapshot stores the last `seq` it covers as `log_seq`.
 */

/** Where an entity lives in the state: what one record replaces as a whole. */
export type StatePath =
  | readonly ['servers', string]
  | readonly ['switches', string, 'ports', string]
  | readonly ['boot_configs', string]
  | readonly ['iscsi_targets', string]
  | readonly ['completions', string];

export interface ChangeRecord {
  readonly path: StatePath;
  /** The entity after the change; null when the change deleted it. */
  readonly value: unknown;
}

/** One line: the changes one append carried, replayed all or none (a torn line is dropped whole). */
export interface ChangeLogLine {
  readonly seq: number;
  readonly sets: readonly ChangeRecord[];
}

export function changeLogPath(statePath: string): string {
  return `${statePath}.log`;
}

const FLAT: ReadonlySet<string> = new Set(['servers', 'boot_configs', 'iscsi_targets', 'completions']);

export function pathKey(path: StatePath): string {
  return path.join('\u0000');
}

export function valueAt(state: HardwareState, path: StatePath): unknown {
  if (path[0] === 'switches') return state.switches[path[1]]?.ports[path[3]] ?? null;
  return (state[path[0]] as Record<string, unknown>)[path[1]] ?? null;
}

function setAt(state: HardwareState, path: StatePath, value: unknown): void {
  const record: Record<string, unknown> = path[0] === 'switches' ? (state.switches[path[1]] ??= { ports: {} }).ports : state[path[0]];
  const key = path[0] === 'switches' ? path[3] : path[1];
  if (value === null) delete record[key];
  else record[key] = value;
}

/** Applies the lines the snapshot does not hold yet (seq above its `log_seq`). */
export function replayChangeLog(state: HardwareState, lines: readonly ChangeLogLine[]): void {
  for (const line of lines) {
    if (line.seq <= state.log_seq) continue;
    for (const set of line.sets) setAt(state, set.path, set.value);
    state.log_seq = line.seq;
  }
}

/**
 * The log's complete lines. The last line is dropped unless a newline ends
 * it: an append the process died in, whose call had not returned. Any other
 * bad line is damage, an error naming the file and line.
 */
export function readChangeLog(file: string): ChangeLogLine[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.pop();
  return lines.map((text, i) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw damaged(file, i + 1, `not valid JSON (${(error as Error).message})`);
    }
    const problem = findLineProblem(parsed);
    if (problem !== null) throw damaged(file, i + 1, problem);
    return parsed as ChangeLogLine;
  });
}

function damaged(file: string, line: number, problem: string): Error {
  return new Error(`simulated datacenter change log ${file} is damaged at line ${line}: ${problem}; move the state file and its log away to start from a fresh datacenter`);
}

function findLineProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const line = value as Record<string, unknown>;
  if (!Number.isInteger(line['seq'])) return 'seq is not an integer';
  if (!Array.isArray(line['sets'])) return 'sets is not a list';
  for (const set of line['sets'] as unknown[]) {
    if (typeof set !== 'object' || set === null) return 'a record is not an object';
    const { path, value: entity } = set as Record<string, unknown>;
    if (!isStatePath(path)) return `${JSON.stringify(path)} is not the path of a server, port, boot config, iSCSI volume or completion`;
    if (entity !== null && (typeof entity !== 'object' || Array.isArray(entity))) return `the value at ${path.join('.')} is not an object or null`;
  }
  return null;
}

function isStatePath(path: unknown): path is StatePath {
  if (!Array.isArray(path) || !path.every((part) => typeof part === 'string' && part !== '__proto__')) return false;
  if (path.length === 2) return FLAT.has(path[0] as string);
  return path.length === 4 && path[0] === 'switches' && path[2] === 'ports';
}
