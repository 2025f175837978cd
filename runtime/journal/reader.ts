import fs from 'node:fs';
import type { JournalRecord } from './records.ts';

export class JournalCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    why: string,
  ) {
    super(`${file}:${line}: the run journal is damaged (${why}); only its last line may be cut short by a crash`);
    this.name = 'JournalCorruptError';
  }
}

export interface ParsedJournal {
  readonly records: readonly JournalRecord[];
  /** The last line was cut short (the writer died mid-write) and was left out. */
  readonly torn: boolean;
}

/**
 * Reads journal text. A last line without its newline, or that is not a JSON
 * object, is a torn write and is dropped; damage anywhere else is an error.
 */
export function parseJournal(text: string, file = '<journal>'): ParsedJournal {
  const lines = text.split('\n');
  // After the last newline: '' when the file ends cleanly, else a torn write.
  let torn = lines.pop() !== '';
  const records: JournalRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const record = parseRecord(line);
    if (record !== undefined) {
      records.push(record);
      continue;
    }
    // Without an fsync a power loss can leave a zero-filled or half-written last line.
    if (i === lines.length - 1) {
      torn = true;
      break;
    }
    throw new JournalCorruptError(file, i + 1, line.trim() === '' ? 'an empty line' : 'a line that is not a journal record');
  }
  return { records, torn };
}

function parseRecord(line: string): JournalRecord | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { type?: unknown }).type === 'string') return value as JournalRecord;
  } catch {
    // not JSON
  }
  return undefined;
}

export function readJournalFile(file: string): ParsedJournal {
  return parseJournal(fs.readFileSync(file, 'utf8'), file);
}
