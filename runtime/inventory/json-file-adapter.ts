import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { replaceFileAtomically } from './atomic-write.ts';
import { InventoryCorruptError, InventoryInvalidError } from './errors.ts';
import type { Inventory } from './types.ts';
import { findInventoryProblems } from './validate.ts';

/** Compact JSON, one trailing newline: the file is a database, not a document to read by eye (`mbp inventory show` is). */
export function serializeInventory(inv: Inventory): string {
  return `${JSON.stringify(inv)}\n`;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/** Parses and validates an inventory document; throws an error naming the field (or position) otherwise. */
export function parseInventoryText(text: string, location: string): Inventory {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (e) {
    const message = (e as Error).message;
    const position = /position (\d+)/.exec(message);
    let detail: string;
    const at = position?.[1] === undefined ? undefined : Number(position[1]);
    if (body.trim() === '') detail = 'the file is empty';
    else if (/end of JSON input/i.test(message) || (at !== undefined && at >= body.trimEnd().length)) {
      detail = 'it ends in the middle of a value (the file looks truncated)';
    }
    else if (at !== undefined) detail = `${message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '')} at ${lineAndColumn(body, at)}`;
    else detail = message;
    throw new InventoryCorruptError(location, detail);
  }
  const problems = findInventoryProblems(doc);
  if (problems.length > 0) throw new InventoryInvalidError(location, problems, 'file');
  return doc as Inventory;
}

/**
 * lowdb adapter for the inventory file. `read` validates every load (null when
 * the file does not exist, as lowdb's own adapters do); `write` replaces the
 * file atomically, and only after a successful `read` on this adapter, so a
 * file that failed to load is never overwritten with something derived from
 * nothing.
 */
export class InventoryFileAdapter implements Adapter<Inventory> {
  #lastReadOk = false;

  constructor(readonly filename: string) {}

  async read(): Promise<Inventory | null> {
    this.#lastReadOk = false;
    let text: string;
    try {
      text = await readFile(this.filename, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    const inv = parseInventoryText(text, this.filename);
    this.#lastReadOk = true;
    return inv;
  }

  async write(data: Inventory): Promise<void> {
    if (!this.#lastReadOk) {
      throw new Error(`refusing to write ${this.filename}: it was not loaded successfully first (the inventory is only created by \`mbp inventory init\`)`);
    }
    const problems = findInventoryProblems(data);
    if (problems.length > 0) throw new InventoryInvalidError(this.filename, problems, 'transaction');
    await replaceFileAtomically(this.filename, serializeInventory(data));
  }
}
