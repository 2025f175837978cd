import path from 'node:path';
import { unlockRun, type UnlockOutcome } from '../../runtime/apply/index.ts';
import { systemClock } from '../../runtime/clock/index.ts';
import { openStore, type CommandOptions } from './inventory-impl.ts';

/**
 * `mbp inventory unlock RUN [--force]` as a plain function, like the other
 * operator commands (inventory-impl.ts), in its own file so that only this
 * command loads the apply runtime.
 */

export interface UnlockResult extends UnlockOutcome {
  /** What to run next, one line per infrastructure the run was changing (blueprint paths as seen from `cwd`). */
  readonly next: readonly string[];
}

/** Drops run `run`'s reservation and tidies its servers (runtime/apply/unlock.ts); `cwd` is where paths in `next` are shown from. */
export async function unlockInventoryRun(file: string, run: string, cwd: string, opts: CommandOptions & { readonly force?: boolean } = {}): Promise<UnlockResult> {
  const store = openStore(file, `mbp inventory unlock ${run}`, opts);
  const outcome = await unlockRun(store, opts.clock ?? systemClock, run, { force: opts.force === true });
  return { ...outcome, next: nextSteps(outcome, path.dirname(store.location), cwd) };
}

/** A destroy left its record `destroying`: run the destroy again. Anything else resumes by applying its blueprint (paths in records are relative to the inventory file). */
function nextSteps(outcome: UnlockOutcome, inventoryDir: string, cwd: string): string[] {
  const names = [...new Set(outcome.dropped.map((r) => r.infrastructure))];
  return names.map((name) => {
    const record = outcome.infrastructures.find((i) => i.name === name);
    if (record === undefined) return `${name}: nothing was recorded for it; \`mbp apply\` its blueprint to deploy it afresh`;
    if (record.status === 'destroying') return `${name}: \`mbp destroy ${name}\` finishes the destroy run ${outcome.run} started`;
    const blueprint = path.resolve(inventoryDir, record.blueprint.path);
    return `${name}: \`mbp apply ${path.relative(cwd, blueprint) || blueprint}\` resumes what run ${outcome.run} left (\`mbp runs show ${outcome.run}\` shows where it stopped)`;
  });
}

/** Plain text for a person: what was dropped, what became of each server, what to do next. */
export function formatUnlock(r: UnlockResult): string {
  const out = [`Unlocked run ${r.run}:`];
  for (const d of r.dropped) out.push(`  dropped its reservation of ${d.infrastructure} (pid ${d.pid} on ${d.host}, since ${d.created_at})`);
  for (const line of r.servers) out.push(`  ${line}`);
  out.push('Next:', ...r.next.map((line) => `  ${line}`));
  return `${out.join('\n')}\n`;
}
