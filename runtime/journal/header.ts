import os from 'node:os';
import { JOURNAL_FORMAT, type HeaderRecord } from './records.ts';

export const REDACTED = 'REDACTED';

/** What the caller knows about the run; who, where and how default to this process. */
export interface RunHeaderInput {
  readonly runId: string;
  readonly resumes?: string;
  readonly doubtsFrom?: string;
  readonly who?: string;
  readonly host?: string;
  readonly pid?: number;
  readonly cwd?: string;
  readonly command?: readonly string[];
  readonly blueprint?: { readonly path: string; readonly sha256: string };
  readonly params?: Readonly<Record<string, unknown>>;
  /** Names of params whose values must not reach the file. */
  readonly secretParams?: readonly string[];
}

export function currentUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    // No passwd entry (some containers): the environment is the next best witness.
    return process.env.USER ?? process.env.LOGNAME ?? `uid ${process.getuid?.() ?? '?'}`;
  }
}

export function makeHeader(input: RunHeaderInput, at: number): HeaderRecord {
  const secret = new Set(input.secretParams ?? []);
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input.params ?? {})) params[k] = secret.has(k) ? REDACTED : v;
  return {
    type: 'header',
    format: JOURNAL_FORMAT,
    run: input.runId,
    ...(input.resumes === undefined ? {} : { resumes: input.resumes }),
    ...(input.doubtsFrom === undefined ? {} : { doubtsFrom: input.doubtsFrom }),
    who: input.who ?? currentUser(),
    host: input.host ?? os.hostname(),
    pid: input.pid ?? process.pid,
    cwd: input.cwd ?? process.cwd(),
    command: input.command ?? process.argv.slice(1),
    ...(input.blueprint === undefined ? {} : { blueprint: input.blueprint }),
    params,
    startedAt: new Date(at).toISOString(),
    at,
  };
}
