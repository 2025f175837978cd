import path from 'node:path';
import readline from 'node:readline';
import type { Plan } from '../../compiler/plan/index.ts';
import { JsonFileInventoryStore, resolveInventoryPath, type InventoryStore } from '../../runtime/inventory/index.ts';
import type { Clock } from '../../runtime/clock/index.ts';
import type { Resolution, ResolveProblem } from '../../runtime/resolve/index.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CommandIO } from '../io.ts';
import type { ApplyCommandOptions } from './apply.ts';
import { compileForCli } from './compile.ts';
import { mappedKeys, networkFor, readSshEndpointMap } from './apply-network.ts';

/** The simulated datacenter's default speed: about a second for a local install instead of twelve minutes. */
export const DEFAULT_SIM_SPEED = 0.001;

const APPROVE_PROMPT = "Apply these changes? Only 'yes' is accepted: ";

export function inventoryPath(io: CommandIO, flag: string | undefined): string {
  return resolveInventoryPath({ ...(flag !== undefined ? { flag } : {}), env: io.env, cwd: io.cwd });
}

/** Errors that carry their own advice and exit code (inventory errors: 3 for the lock). */
export function reportError(io: CommandIO, error: unknown, json: boolean): number {
  const e = error as { message?: string; hint?: string; exitCode?: number };
  const message = e.message ?? String(error);
  if (json) io.stdout.write(`${JSON.stringify({ event: 'error', message, ...(e.hint ? { hint: e.hint } : {}) })}\n`);
  else io.stderr.write(`error: ${message}${e.hint && !message.includes(e.hint) ? `\n${e.hint}` : ''}\n`);
  return typeof e.exitCode === 'number' ? e.exitCode : ExitCode.Errors;
}

export function parseSpeed(text: string | undefined): number | string {
  if (text === undefined) return DEFAULT_SIM_SPEED;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? n : `--speed ${text}: expected a number ≥ 0 (1 real time, 0.001 fast, 0 instant)`;
}

/** Asks on the terminal; only `yes` approves. Without a terminal: refuses unless --auto-approve. */
export async function approve(io: CommandIO, autoApprove: boolean | undefined, prompt: string, what: string): Promise<true | number> {
  if (autoApprove === true) return true;
  if (!io.stdout.isTTY || !process.stdin.isTTY) {
    io.stderr.write(`error: refusing to ${what} without a terminal to confirm on; pass --auto-approve to ${what} without asking\n`);
    return ExitCode.Errors;
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const answer = await new Promise<string>((resolve) => rl.question(prompt, resolve));
  rl.close();
  if (answer.trim() !== 'yes') {
    io.stderr.write(`Cancelled: nothing was changed (only 'yes' is accepted).\n`);
    return ExitCode.Errors;
  }
  return true;
}

/**
 * Ctrl-C and SIGTERM abort the run's signal: nothing new starts, running
 * steps stop, the inventory records where things are, exit 130. The
 * process-wide handler (exit at once) is set aside meanwhile; a second
 * Ctrl-C still exits at once.
 */
export function interruptions(io: CommandIO): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const saved = process.rawListeners('SIGINT') as ((...args: unknown[]) => void)[];
  process.removeAllListeners('SIGINT');
  const handler = (name: NodeJS.Signals) => (): void => {
    if (controller.signal.aborted) {
      io.stderr.write('\nmbp: interrupted again: exiting without waiting; run `mbp apply` to resume\n');
      process.exit(130);
    }
    io.stderr.write(`\nmbp: ${name}: stopping cleanly (running steps end, the inventory records the state); again to exit at once\n`);
    controller.abort(new Error(`${name} received`));
  };
  const int = handler('SIGINT');
  const term = handler('SIGTERM');
  process.on('SIGINT', int);
  process.on('SIGTERM', term);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', int);
      process.off('SIGTERM', term);
      for (const l of saved) process.on('SIGINT', l);
    },
  };
}

/** `--secrets FILE` first, then `MBP_SECRET_<NAME>`. */
export function secretsFor(io: CommandIO, file: string | undefined, apply: typeof import('../../runtime/apply/index.ts')) {
  const env = apply.envSecrets(io.env);
  return file === undefined ? env : apply.chainSecrets(apply.fileSecrets(path.resolve(io.cwd, file)), env);
}

/**
 * What `mbp apply` and `mbp destroy` do before anything else, once the
 * apply runtime is loaded: the run's heap policy (garbage collected sooner
 * than V8 would choose, runtime/apply/heap-policy.ts: peak memory, not
 * speed, is what a big run runs short of), then the tidying of runs killed
 * before (their reservations, the servers they reserved), whose journals
 * are `runs/` beside the inventory file. An exit code when
 * MBP_HEAP_GROWING_PERCENT is not a percent.
 */
export async function prepareRun(io: CommandIO, store: InventoryStore, invPath: string): Promise<{ apply: typeof import('../../runtime/apply/index.ts'); systemClock: Clock } | { exit: number }> {
  const apply = await import('../../runtime/apply/index.ts');
  const heap = apply.useRunHeapPolicy(io.env);
  if (typeof heap === 'object') {
    io.stderr.write(`error: ${heap.error}\n`);
    return { exit: ExitCode.Usage };
  }
  const { systemClock } = await import('../../runtime/clock/index.ts');
  for (const line of await apply.reconcileAbandonedRuns(store, systemClock, path.dirname(invPath))) io.stderr.write(`reconciled: ${line}\n`);
  return { apply, systemClock };
}

/** What `mbp apply` and `mbp destroy` start from: the simulated speed and the inventory (path and store), or a usage error already reported. */
export function runStart(io: CommandIO, opts: { readonly speed?: string; readonly inventory?: string }, command: string): { speed: number; invPath: string; store: JsonFileInventoryStore } | { exit: number } {
  const speed = parseSpeed(opts.speed);
  if (typeof speed === 'string') {
    io.stderr.write(`error: ${speed}\n`);
    return { exit: ExitCode.Usage };
  }
  const invPath = inventoryPath(io, opts.inventory);
  return { speed, invPath, store: new JsonFileInventoryStore(invPath, { command }) };
}

function printProblems(io: CommandIO, problems: readonly ResolveProblem[]): boolean {
  let errors = false;
  for (const p of problems) {
    if (p.severity === 'error') errors = true;
    io.stderr.write(`${p.severity}: ${p.message}${p.hint ? `\n  hint: ${p.hint}` : ''}\n`);
  }
  return errors;
}

async function loadPlan(
  io: CommandIO,
  file: string,
  opts: ApplyCommandOptions,
  store: InventoryStore,
  invPath: string,
): Promise<{ plan: Plan; resolution: Resolution } | { exit: number }> {
  const resolve = await import('../../runtime/resolve/index.ts');
  const abs = path.resolve(io.cwd, file);
  const inventory = await store.read();
  if (!abs.endsWith('.mbp')) {
    let text: string | undefined;
    try {
      text = new TextDecoder().decode(io.fs.readFile(abs));
    } catch {
      text = undefined;
    }
    if (text !== undefined && text.trimStart().startsWith('{')) {
      const parsed = resolve.parseSavedPlan(text);
      if (!parsed.ok) {
        io.stderr.write(`error: ${file} is not a usable saved plan:\n${parsed.problems.map((p) => `  ${p}`).join('\n')}\n`);
        return { exit: ExitCode.Errors };
      }
      const stale = resolve.stalenessProblems(parsed.saved.resolution, inventory);
      if (stale.length > 0) {
        printProblems(io, stale);
        io.stderr.write(`error: the saved plan ${file} is stale: the inventory changed since it was made. Run \`mbp plan --out ${file}\` again and review it.\n`);
        return { exit: ExitCode.Errors };
      }
      return { plan: parsed.saved.plan, resolution: parsed.saved.resolution };
    }
  }
  const compiled = await compileForCli(file, { param: opts.param, ...(opts.params !== undefined ? { params: opts.params } : {}), color: opts.color }, opts.format, io);
  if ('exit' in compiled) return compiled;
  const plan = compiled.plan;
  let deployOptions: { infrastructure: string; json: unknown; source: string } | undefined;
  if (opts.deployOptions !== undefined) {
    const names = Object.keys(plan.infrastructures);
    const infra = opts.infrastructure ?? (names.length === 1 ? names[0] : undefined);
    if (infra === undefined) {
      io.stderr.write(`error: --deploy-options applies to one infrastructure; name it with --infrastructure (one of ${names.join(', ')})\n`);
      return { exit: ExitCode.Usage };
    }
    const source = path.resolve(io.cwd, opts.deployOptions);
    deployOptions = { infrastructure: infra, json: new TextDecoder().decode(io.fs.readFile(source)), source: opts.deployOptions };
  }
  const { resolution, problems } = resolve.resolvePlan(plan, inventory, {
    allowReplace: opts.allowReplace === true,
    ...(opts.target.length > 0 ? { targets: opts.target } : {}),
    ...(opts.replace.length > 0 ? { replace: opts.replace } : {}),
    ...(opts.infrastructure !== undefined ? { infrastructure: opts.infrastructure } : {}),
    ...(deployOptions ? { deployOptions } : {}),
    owner: resolve.ownerPath(path.resolve(io.cwd, plan.blueprint.path), invPath),
  });
  if (printProblems(io, problems)) return { exit: problems.some((p) => p.code === 'unknown_replace') ? ExitCode.Usage : ExitCode.Errors };
  return { plan, resolution };
}

/** `mbp apply FILE|PLANFILE`. */
export async function runApply(io: CommandIO, file: string, opts: ApplyCommandOptions): Promise<number> {
  const json = opts.format === 'json';
  const start = runStart(io, opts, 'mbp apply');
  if ('exit' in start) return start.exit;
  const { speed, invPath, store } = start;
  try {
    const prepared = await prepareRun(io, store, invPath);
    if ('exit' in prepared) return prepared.exit;
    const { apply, systemClock } = prepared;
    // Where the journals of killed runs were read from: this run writes its own there too.
    const journalDir = path.dirname(invPath);
    const loaded = await loadPlan(io, file, opts, store, invPath);
    if ('exit' in loaded) return loaded.exit;
    const { plan, resolution } = loaded;
    const resolve = await import('../../runtime/resolve/index.ts');
    if (json) io.stdout.write(`${JSON.stringify({ event: 'plan', summary: resolution.summary })}\n`);
    else io.stdout.write(`${resolve.renderResolution(resolution)}\n`);
    // A run left to finish (stopped, killed, or reopened by `mbp runs resolve`) is resumed even when nothing changed.
    const pending = apply.pendingApply(journalDir, plan.blueprint.path, resolution);
    if (pending !== undefined) {
      if (json) io.stdout.write(`${JSON.stringify({ event: 'pending', run: pending })}\n`);
      else io.stdout.write(`${resolve.hasChanges(resolution.summary) ? 'Also, ' : 'No changes to the blueprint, but '}run ${pending} has steps left to finish: resuming it.\n`);
    } else if (!resolve.hasChanges(resolution.summary)) {
      if (json) io.stdout.write(`${JSON.stringify({ event: 'done', status: 'no-op' })}\n`);
      else io.stdout.write('No changes: what is deployed matches the blueprint.\n');
      return ExitCode.Success;
    }
    const ok = await approve(io, opts.autoApprove, APPROVE_PROMPT, 'apply');
    if (ok !== true) return ok;

    const { nodeKeyFactory } = await import('../../runtime/steps/index.ts');
    const map = opts.sshEndpointMap === undefined ? undefined : readSshEndpointMap(path.resolve(io.cwd, opts.sshEndpointMap));
    const hardware = await apply.openSimulatedHardware(await store.read(), invPath, {
      speed,
      ...(opts.seed !== undefined ? { seed: Number(opts.seed) } : {}),
      ...(map ? { keys: mappedKeys(map, nodeKeyFactory) } : {}),
    });
    const { network, drivers } = await networkFor(io.cwd, invPath, { acceptHostKey: opts.acceptHostKey ?? [], ...(opts.sshKey !== undefined ? { sshKey: opts.sshKey } : {}) }, map);
    const { runOutput, layoutOf } = await import('../display/index.ts');
    // On a terminal the live display owns the screen until `out.close()`: the run writes through `out.io`.
    const out = runOutput(io, { format: opts.format, title: `Applying ${file}`, layout: layoutOf(plan, resolution), color: opts.color, now: systemClock.now });
    const stop = interruptions(out.io);
    try {
      const outcome = await apply.applyResolution({
        plan,
        resolution,
        store,
        hardware,
        journalDir,
        speed,
        onStart: out.onStart,
        signal: stop.signal,
        secrets: secretsFor(io, opts.secrets, apply),
        network,
        ...(opts.fsync ? { fsync: opts.fsync } : {}),
        observers: out.observers,
        command: ['mbp', 'apply', ...process.argv.slice(3)],
        onCommit: (action, serial, detail) => {
          if (json) out.io.stdout.write(`${JSON.stringify({ event: 'commit', action, serial, ...(detail ? { detail } : {}) })}\n`);
          else out.io.stdout.write(`inventory: ${action} committed (serial ${serial}${detail ? `, ${detail}` : ''})\n`);
        },
      });
      out.close();
      const after = await store.read();
      const outputs = Object.fromEntries(after.infrastructures.filter((i) => i.name in resolution.infrastructures).map((i) => [i.name, i.outputs]));
      if (json) io.stdout.write(`${JSON.stringify({ event: 'done', run: outcome.runId, status: outcome.status, failed_instances: outcome.failedInstances, quarantined: outcome.quarantined, in_doubt: outcome.inDoubt, ...(outcome.resumed ? { resumed: outcome.resumed } : {}), ...(outcome.doubtsFrom ? { doubts_from: outcome.doubtsFrom } : {}), outputs })}\n`);
      else {
        if (outcome.resumed) io.stdout.write(`Resumed run ${outcome.resumed}.\n`);
        // Not "Resumed": that run had ended; say what keeps the steps skipped and how to settle them.
        if (outcome.doubtsFrom) {
          io.stdout.write(`Carried over ${outcome.inDoubt.length} unresolved step(s) in doubt from run ${outcome.doubtsFrom} (it ended failed; not resumed): they stay skipped until you check each one and record what you found with \`mbp runs resolve ${outcome.runId} STEP --done\` (it happened) or \`--not-done\` (run it again). Details: mbp runs show ${outcome.doubtsFrom}\n`);
        }
        for (const d of outcome.inDoubt) io.stdout.write(`in doubt: ${d}\n`);
        if (outcome.failedInstances.length > 0) io.stdout.write(`Failed instances: ${outcome.failedInstances.join(', ')}\n`);
        if (outcome.quarantined.length > 0) io.stdout.write(`Quarantined after repeated failures: ${outcome.quarantined.join(', ')}\n`);
        const c = outcome.result.counts;
        io.stdout.write(`Apply ${outcome.status} (run ${outcome.runId}): ${c.succeeded} step(s) succeeded, ${c.failed} failed, ${c.skipped} skipped. Details: mbp runs show ${outcome.runId}\n`);
        for (const [infra, outs] of Object.entries(outputs)) for (const [k, v] of Object.entries(outs)) io.stdout.write(`  ${infra}.${k} = ${JSON.stringify(v)}\n`);
        if (outcome.status === 'interrupted') io.stdout.write('Interrupted: run `mbp apply` again to resume.\n');
      }
      return outcome.status === 'succeeded' ? ExitCode.Success : outcome.status === 'interrupted' ? ExitCode.Interrupted : ExitCode.Errors;
    } finally {
      out.close();
      stop.dispose();
      await drivers.close();
      await hardware.close();
    }
  } catch (error) {
    return reportError(io, error, json);
  }
}
