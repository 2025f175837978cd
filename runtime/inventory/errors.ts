/**
 * Errors of the inventory layer. Each `message` is complete for a person: what
 * went wrong, where, and (last line) what to do next; `hint` repeats that last
 * line for structured output, and `exitCode` is the CLI's exit status (see
 * DESIGN.md section 6: 3 for a lock timeout, 1 otherwise).
 */

/** One problem in an inventory document, `path` in `servers[3].status` form ('' for the whole document). */
export interface InventoryProblem {
  readonly path: string;
  readonly message: string;
}

export abstract class InventoryError extends Error {
  abstract readonly code: string;
  readonly exitCode: number = 1;
  constructor(
    summary: string,
    readonly hint: string,
  ) {
    super(`${summary}\n${hint}`);
    this.name = new.target.name;
  }
}

export const INIT_HINT = 'Run `mbp inventory init` to create one (`--demo` for a simulated datacenter), or point --inventory or MBP_INVENTORY at an existing file.';

export class InventoryNotFoundError extends InventoryError {
  readonly code = 'inventory-not-found';
  constructor(readonly path: string) {
    super(`No inventory file at ${path}.`, INIT_HINT);
  }
}

export class InventoryExistsError extends InventoryError {
  readonly code = 'inventory-exists';
  constructor(readonly path: string) {
    super(`An inventory already exists at ${path}; it was left as it is.`, 'Remove or move it yourself if you really mean to start over, or choose another path with --inventory.');
  }
}

const FIX_FILE_HINT = 'Fix the file by hand (or restore it from a backup), then run `mbp inventory validate`; mbp does not write to it until it loads cleanly.';

/** The file is not JSON at all (corrupt or truncated). */
export class InventoryCorruptError extends InventoryError {
  readonly code = 'inventory-corrupt';
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`The inventory file ${path} is not valid JSON: ${detail}.`, FIX_FILE_HINT);
  }
}

const MAX_LISTED_PROBLEMS = 10;

export function formatProblems(problems: readonly InventoryProblem[]): string {
  const shown = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => `  ${p.path === '' ? '(document)' : p.path}: ${p.message}`);
  if (problems.length > MAX_LISTED_PROBLEMS) shown.push(`  … and ${problems.length - MAX_LISTED_PROBLEMS} more`);
  return shown.join('\n');
}

/**
 * The document breaks the schema or a cross reference. `origin` tells a bad
 * file (the user's to fix) from a transaction that produced a bad document
 * (a bug in the caller; nothing was written).
 */
export class InventoryInvalidError extends InventoryError {
  readonly code = 'inventory-invalid';
  constructor(
    readonly path: string,
    readonly problems: readonly InventoryProblem[],
    readonly origin: 'file' | 'transaction',
  ) {
    super(
      origin === 'file'
        ? `The inventory file ${path} is not valid:\n${formatProblems(problems)}`
        : `A change to the inventory ${path} was rejected because the result would not be valid:\n${formatProblems(problems)}`,
      origin === 'file' ? FIX_FILE_HINT : 'Nothing was written; the inventory is unchanged. This is a bug in the command that made the change: please report it.',
    );
  }
}

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  /** ISO 8601 time the lock was taken. */
  readonly time: string;
}

export class LockTimeoutError extends InventoryError {
  readonly code = 'inventory-lock-timeout';
  override readonly exitCode = 3;
  constructor(
    readonly lockPath: string,
    readonly holder: LockHolder | null,
    readonly waitedMs: number,
    sameHost: boolean,
  ) {
    super(
      holder === null
        ? `Could not take the inventory lock ${lockPath} within ${waitedMs} ms: the lock file exists but names no holder yet.`
        : `Could not take the inventory lock ${lockPath} within ${waitedMs} ms: it is held by pid ${holder.pid} on ${holder.host} (${holder.command}) since ${holder.time}.`,
      sameHost || holder === null
        ? 'Wait for that command to finish and retry, or raise the lock timeout.'
        : `That process runs on another host, so mbp cannot tell whether it is alive; if it is gone, delete ${lockPath} by hand.`,
    );
  }
}

export class NestedTransactionError extends InventoryError {
  readonly code = 'inventory-nested-transaction';
  constructor() {
    super('An inventory transaction was started inside another one; it would wait for its own lock forever.', 'Do the work inside the outer transaction instead. This is a bug: please report it.');
  }
}

export class IllegalTransitionError extends InventoryError {
  readonly code = 'illegal-transition';
  constructor(
    readonly serverId: number,
    readonly from: string,
    readonly to: string,
    readonly allowed: readonly string[],
    why?: string,
    hint?: string,
  ) {
    super(
      `Server ${serverId} cannot go from ${from} to ${to}${why === undefined ? '' : ` (${why})`}.`,
      hint ?? (allowed.length === 0 ? `A ${from} server cannot change state.` : `From ${from} it can go to: ${allowed.join(', ')}.`),
    );
  }
}

export class ServerNotFoundError extends InventoryError {
  readonly code = 'server-not-found';
  constructor(readonly server: string) {
    super(`No server ${server} in the inventory.`, 'Give a server id or name; `mbp inventory show` lists them.');
  }
}

/** A server import file with bad rows; nothing was imported. */
export class ImportError extends InventoryError {
  readonly code = 'import-invalid';
  constructor(
    readonly file: string,
    readonly problems: readonly InventoryProblem[],
  ) {
    super(`Nothing was imported from ${file}:\n${formatProblems(problems)}`, 'Fix those rows and import the file again; the import is all or nothing.');
  }
}
