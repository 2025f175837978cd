import { readFile, stat } from 'node:fs/promises';
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
 * The last document a store read or wrote, with the file's stamp (inode, size,
 * modification and change times in nanoseconds) at that moment. While the
 * stamp is unchanged the file holds that document, already validated: a
 * transaction's re-read then costs a `stat` instead of a parse and a full
 * validation (with 100,000 servers, most of a commit).
 */
export interface LoadedInventory {
  stamp: string;
  doc: Inventory;
}

/** The file's stamp, or undefined when it does not exist. */
async function stampOf(filename: string): Promise<string | undefined> {
  try {
    const s = await stat(filename, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * lowdb adapter for the inventory file. `read` validates every load (null when
 * the file does not exist, as lowdb's own adapters do); `write` replaces the
 * file atomically, and only after a successful `read` on this adapter, so a
 * file that failed to load is never overwritten with something derived from
 * nothing.
 *
 * With a `cache` (the store's, for transactions only), `read` returns the
 * cached document itself when the file's stamp says it is still the one on
 * disk, and `write` records what it wrote: callers must not modify it.
 */
export class InventoryFileAdapter implements Adapter<Inventory> {
  #lastReadOk = false;

  constructor(
    readonly filename: string,
    private readonly cache?: { current?: LoadedInventory },
  ) {}

  async read(): Promise<Inventory | null> {
    this.#lastReadOk = false;
    // Stamped before reading: a change in between makes the next stamp differ, so it is re-read then.
    const stamp = this.cache === undefined ? undefined : await stampOf(this.filename);
    const cached = this.cache?.current;
    if (stamp !== undefined && cached?.stamp === stamp) {
      this.#lastReadOk = true;
      return cached.doc;
    }
    let text: string;
    try {
      text = await readFile(this.filename, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    const inv = parseInventoryText(text, this.filename);
    this.#lastReadOk = true;
    if (this.cache !== undefined) this.cache.current = stamp === undefined ? undefined : { stamp, doc: inv };
    return inv;
  }

  /**
   * A document the caller owns: a copy of the cached one while the file's
   * stamp says it is still on disk (a copy costs a fraction of a parse and a
   * full validation), else the file parsed and validated. Leaves the cache as
   * it was: a document handed out may be modified, so it is never cached.
   */
  async readOwned(): Promise<Inventory | null> {
    const cached = this.cache?.current;
    if (cached !== undefined && (await stampOf(this.filename)) === cached.stamp) {
      this.#lastReadOk = true;
      return structuredClone(cached.doc);
    }
    return new InventoryFileAdapter(this.filename).read();
  }

  async write(data: Inventory): Promise<void> {
    this.#assertLoaded();
    const problems = findInventoryProblems(data);
    if (problems.length > 0) throw new InventoryInvalidError(this.filename, problems, 'transaction');
    await this.#replace(data);
  }

  /** `write` for a document the caller has just validated (a transaction's, by `prepareCommit`): validating twice doubled a commit's cost. */
  async writeValidated(data: Inventory): Promise<void> {
    this.#assertLoaded();
    await this.#replace(data);
  }

  #assertLoaded(): void {
    if (!this.#lastReadOk) {
      throw new Error(`refusing to write ${this.filename}: it was not loaded successfully first (the inventory is only created by \`mbp inventory init\`)`);
    }
  }

  async #replace(data: Inventory): Promise<void> {
    if (this.cache !== undefined) this.cache.current = undefined;
    await replaceFileAtomically(this.filename, serializeInventory(data));
    if (this.cache !== undefined) {
      const stamp = await stampOf(this.filename);
      this.cache.current = stamp === undefined ? undefined : { stamp, doc: data };
    }
  }
}
