import path from 'node:path';
import type { Plan } from '../../compiler/plan/index.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CommandIO } from '../io.ts';
import { approve, interruptions, reportError, prepareRun, runStart, secretsFor } from './apply-run.ts';
import type { DestroyCommandOptions } from './destroy.ts';

/**
 * The owner blueprint's plan, for its way back: compiled quietly with the
 * given params; a blueprint that does not compile is refused, naming the
 * file and its first error (unless `--skip-hooks`, which needs no plan).
 */
async function ownerPlan(io: CommandIO, file: string, name: string, opts: DestroyCommandOptions): Promise<{ plan: Plan } | { error: string; hint: string }> {
  const shown = path.relative(io.cwd, file) || file;
  const how = `fix it (or pass its params with --param/--params), or pass --skip-hooks to release every server of ${name} without running its pre_destroy and deprovision hooks`;
  try {
    const { compileBlueprint } = await import('../../compiler/lower/index.ts');
    const r = await compileBlueprint(io.fs, file, {
      cwd: io.cwd,
      paramFlags: opts.param ?? [],
      ...(opts.params !== undefined ? { paramsFile: path.resolve(io.cwd, opts.params) } : {}),
    });
    if (r.plan !== undefined) return { plan: r.plan };
    const first = r.diagnostics.find((d) => d.severity === 'error') ?? r.diagnostics[0];
    const where = first === undefined ? shown : path.relative(io.cwd, path.resolve(io.cwd, first.file)) || first.file;
    return { error: `the blueprint that owns ${name}, ${shown}, does not compile: ${first ? `${where}: ${first.code} ${first.message}` : 'no diagnostic'}`, hint: how };
  } catch (error) {
    return { error: `the blueprint that owns ${name}, ${shown}, cannot be read: ${(error as Error).message ?? String(error)}`, hint: how };
  }
}

/** `mbp destroy INFRA`. */
export async function runDestroy(io: CommandIO, name: string, opts: DestroyCommandOptions & { readonly color?: boolean }): Promise<number> {
  const json = opts.format === 'json';
  const start = runStart(io, opts, 'mbp destroy');
  if ('exit' in start) return start.exit;
  const { speed, invPath, store } = start;
  try {
    const prepared = await prepareRun(io, store, invPath);
    if ('exit' in prepared) return prepared.exit;
    const { apply, systemClock } = prepared;
    const preview = await apply.destroyPreview(store, name);
    const owner = path.resolve(path.dirname(invPath), preview.infrastructure.blueprint.path);
    const shown = path.relative(io.cwd, owner) || owner;
    const compiled = await ownerPlan(io, owner, name, opts);
    const plan = 'plan' in compiled ? compiled.plan : undefined;
    if (plan?.infrastructures[name]?.prevent_destroy === true) {
      return reportError(io, new apply.DestroyRefusedError(`infrastructure ${name} has prevent_destroy = true`, `set prevent_destroy = false in ${shown} and apply it, then run mbp destroy ${name} again`), json);
    }
    const skipHooks = opts.skipHooks === true;
    if ('error' in compiled && !skipHooks) return reportError(io, new apply.DestroyRefusedError(compiled.error, compiled.hint), json);

    const hooks = skipHooks ? { preDestroy: [], deprovision: [] } : apply.destroyHooks(plan, preview.infrastructure);
    const names = preview.servers.map((s) => s.name);
    if (json) {
      io.stdout.write(`${JSON.stringify({ event: 'plan', destroy: name, servers: names, skip_hooks: skipHooks, hooks: { pre_destroy: hooks.preDestroy, deprovision: hooks.deprovision } })}\n`);
    } else {
      const what = `${preview.servers.length} server(s), ${preview.infrastructure.subnets.length} subnet(s) and ${preview.infrastructure.networks.filter((n) => n.vlan !== null).length} VLAN(s)`;
      io.stdout.write(`Destroying ${name} releases ${what}: ${names.join(', ') || 'no servers'}.\n`);
      if (skipHooks) io.stdout.write('Hooks skipped (--skip-hooks): no pre_destroy or deprovision hook runs; servers are released as they are.\n');
      else {
        const listed = [...hooks.preDestroy.map((h) => `${h} (pre_destroy, once)`), ...hooks.deprovision.map((h) => `${h} (deprovision, per instance)`)];
        io.stdout.write(listed.length > 0 ? `Hooks that run first: ${listed.join(', ')}.\n` : 'No pre_destroy or deprovision hook to run.\n');
      }
    }
    const ok = await approve(io, opts.autoApprove, `Destroy ${name}? Only 'yes' is accepted: `, 'destroy');
    if (ok !== true) return ok;
    const hardware = await apply.openSimulatedHardware(await store.read(), invPath, { speed });
    const { runOutput } = await import('../display/index.ts');
    // On a terminal the live display owns the screen until `out.close()`: the run writes through `out.io`.
    const out = runOutput(io, { format: opts.format, title: `Destroying ${name}`, ...(opts.color !== undefined ? { color: opts.color } : {}), now: systemClock.now });
    const stop = interruptions(out.io);
    try {
      const outcome = await apply.destroyInfrastructure({
        infrastructure: name,
        store,
        hardware,
        journalDir: path.dirname(invPath),
        speed,
        ...(plan !== undefined ? { plan } : {}),
        skipHooks,
        secrets: secretsFor(io, opts.secrets, apply),
        signal: stop.signal,
        observers: out.observers,
        command: ['mbp', 'destroy', name],
      });
      out.close();
      if (json) io.stdout.write(`${JSON.stringify({ event: 'done', run: outcome.runId, status: outcome.status, released: outcome.released, ...(outcome.resumed ? { resumed: outcome.resumed } : {}) })}\n`);
      else {
        if (outcome.resumed) io.stdout.write(`Resumed run ${outcome.resumed}.\n`);
        io.stdout.write(`Destroy ${outcome.status} (run ${outcome.runId}): released ${outcome.released.length} server(s).\n`);
        if (outcome.status !== 'succeeded') io.stdout.write(`Run mbp destroy ${name} again to finish: what is left is still recorded.\n`);
      }
      return outcome.status === 'succeeded' ? ExitCode.Success : outcome.status === 'interrupted' ? ExitCode.Interrupted : ExitCode.Errors;
    } finally {
      out.close();
      stop.dispose();
      await hardware.close();
    }
  } catch (error) {
    return reportError(io, error, json);
  }
}
