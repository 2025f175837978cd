import path from 'node:path';
import type { CommandIO } from '../io.ts';
import { ExitCode } from '../exit-codes.ts';
import {
  formatInventorySummary,
  importServers,
  initInventory,
  resolveInventoryPath,
  setServerStatus,
  showInventory,
  validateInventory,
} from './inventory-impl.ts';

interface Common {
  readonly inventory?: string;
  readonly format: 'text' | 'json';
}

function inventoryPath(io: CommandIO, opts: Common): string {
  return resolveInventoryPath({ ...(opts.inventory !== undefined ? { flag: opts.inventory } : {}), env: io.env, cwd: io.cwd });
}

function shown(io: CommandIO, file: string): string {
  const rel = path.relative(io.cwd, file);
  return rel.startsWith('..') ? file : rel || '.';
}

function json(io: CommandIO, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Inventory errors carry their own advice (`hint`, already part of the
 * message) and exit code (3 for a lock that could not be taken).
 */
async function guarded(io: CommandIO, opts: Common, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (error) {
    const e = error as { message?: string; hint?: string; exitCode?: number };
    if (typeof e.exitCode !== 'number' || typeof e.message !== 'string') throw error;
    if (opts.format === 'json') json(io, { ok: false, error: { message: e.message, ...(e.hint ? { hint: e.hint } : {}) } });
    else io.stderr.write(`error: ${e.message}\n`);
    return e.exitCode;
  }
}

export function runInit(io: CommandIO, opts: Common, demo: boolean): Promise<number> {
  return guarded(io, opts, async () => {
    const r = await initInventory(inventoryPath(io, opts), { demo });
    if (opts.format === 'json') json(io, { ok: true, ...r, path: shown(io, r.path) });
    else {
      io.stdout.write(
        `Created ${shown(io, r.path)}: ${r.datacenters} datacenter(s), ${r.servers} server(s)${demo ? ' (simulated)' : ''}.\n`,
      );
      if (!demo) io.stdout.write('Add servers with `mbp inventory import FILE`, or start from `mbp inventory init --demo`.\n');
    }
    return ExitCode.Success;
  });
}

export function runShow(io: CommandIO, opts: Common, servers: boolean): Promise<number> {
  return guarded(io, opts, async () => {
    const s = await showInventory(inventoryPath(io, opts));
    if (opts.format === 'json') json(io, { ...s, path: shown(io, s.path) });
    else io.stdout.write(formatInventorySummary({ ...s, path: shown(io, s.path) }, { servers }));
    return ExitCode.Success;
  });
}

export function runValidate(io: CommandIO, opts: Common): Promise<number> {
  return guarded(io, opts, async () => {
    const r = await validateInventory(inventoryPath(io, opts));
    if (opts.format === 'json') json(io, { ...r, path: shown(io, r.path) });
    else if (r.valid) io.stdout.write(`✓ ${shown(io, r.path)} is valid (serial ${r.serial}).\n`);
    else {
      io.stdout.write(`✗ ${shown(io, r.path)} has ${r.problems.length} problem(s):\n`);
      for (const p of r.problems) io.stdout.write(`  ${p.path || '(file)'}: ${p.message}\n`);
      io.stdout.write('Fix the file by hand (mbp never rewrites an invalid inventory), then validate again.\n');
    }
    return r.valid ? ExitCode.Success : ExitCode.Errors;
  });
}

export function runImport(io: CommandIO, opts: Common, file: string): Promise<number> {
  return guarded(io, opts, async () => {
    const r = await importServers(inventoryPath(io, opts), path.resolve(io.cwd, file));
    if (opts.format === 'json') json(io, { ok: true, ...r, path: shown(io, r.path), file });
    else io.stdout.write(`Imported ${r.imported.length} server(s) from ${file} into ${shown(io, r.path)} (serial ${r.serial}).\n`);
    return ExitCode.Success;
  });
}

export function runServerAction(
  io: CommandIO,
  opts: Common & { reason?: unknown },
  action: 'quarantine' | 'return' | 'maintenance' | 'retire',
  server: string,
): Promise<number> {
  return guarded(io, opts, async () => {
    const reason = typeof opts.reason === 'string' ? { reason: opts.reason } : {};
    const r = await setServerStatus(inventoryPath(io, opts), server, action, reason);
    if (opts.format === 'json') json(io, { ok: true, ...r });
    else if (!r.changed) io.stdout.write(`Server ${r.name} (id ${r.id}) is already ${r.to}; nothing changed.\n`);
    else io.stdout.write(`Server ${r.name} (id ${r.id}): ${r.from} → ${r.to} (serial ${r.serial}).\n`);
    return ExitCode.Success;
  });
}

export function runUnlock(io: CommandIO, opts: Common & { force?: unknown }, run: string): Promise<number> {
  return guarded(io, opts, async () => {
    // Loaded here, not at the top: only this command needs the apply runtime.
    const { unlockInventoryRun, formatUnlock } = await import('./inventory-unlock.ts');
    const r = await unlockInventoryRun(inventoryPath(io, opts), run, io.cwd, { force: opts.force === true });
    if (opts.format === 'json') json(io, { ok: true, ...r });
    else io.stdout.write(formatUnlock(r));
    return ExitCode.Success;
  });
}
