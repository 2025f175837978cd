import path from 'node:path';
import { canonicalJson, type Value } from '../../stdlib/index.ts';
import { displayPath, renderDiagnostics, renderJson, sortDiagnostics, type Diagnostic } from '../../compiler/diagnostics/index.ts';
import { checkAgainstInventory, shortageDiagnostics } from '../../compiler/inventory-checks/index.ts';
import { compileBlueprint } from '../../compiler/lower/index.ts';
import { describeError } from '../../compiler/sources/index.ts';
import { InventoryError, JsonFileInventoryStore, resolveInventoryPath, type Inventory } from '../../runtime/inventory/index.ts';
import { hasChanges, ownerPath, renderResolution, resolvePlan, savedPlanToJson, type ResolveOptions } from '../../runtime/resolve/index.ts';
import { ExitCode } from '../exit-codes.ts';
import { writeOutputFile } from './compile.ts';
import type { CliIO } from '../io.ts';
import { terminalStyle } from '../terminal-style.ts';
import type { PlanCommandOptions } from './plan.ts';

const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error');

/**
 * `mbp plan`: compiles (errors → exit 1), reads the inventory without
 * locking or writing it, checks the blueprint against it (MBP4xxx),
 * resolves the plan, and shows the result: text for a person or the
 * resolution as JSON on stdout, diagnostics on stderr. `--out` saves plan
 * and resolution when nothing is an error.
 */
export async function runPlan(file: string, options: PlanCommandOptions, io: CliIO): Promise<ExitCode> {
  const entry = path.resolve(io.cwd, file);
  const paramsFile = options.params !== undefined ? path.resolve(io.cwd, options.params) : undefined;
  const style = terminalStyle(io.stderr, io.env, options.color);
  let sources: ReadonlyMap<string, import('../../compiler/diagnostics/index.ts').SourceFile> = new Map();
  const report = (diagnostics: readonly Diagnostic[]): void => {
    if (diagnostics.length === 0) return;
    const sorted = sortDiagnostics([...diagnostics]);
    if (options.format === 'json') io.stderr.write(renderJson(sorted, sources, { cwd: io.cwd }));
    else io.stderr.write(`${renderDiagnostics(sorted, sources, { cwd: io.cwd, ...style })}\n`);
  };

  const compiled = await compileBlueprint(io.fs, entry, {
    cwd: io.cwd,
    paramFlags: options.param,
    ...(paramsFile !== undefined ? { paramsFile } : {}),
  });
  sources = compiled.sources;
  if (compiled.plan === undefined) {
    report(compiled.diagnostics);
    return ExitCode.Errors;
  }
  const plan = compiled.plan;

  const inventoryFile = resolveInventoryPath({ ...(options.inventory !== undefined ? { flag: options.inventory } : {}), env: io.env, cwd: io.cwd });
  let inventory: Inventory;
  try {
    // A read takes no lock and writes nothing: the store only ever replaces the file by a rename.
    inventory = await new JsonFileInventoryStore(inventoryFile).read();
  } catch (error) {
    if (!(error instanceof InventoryError)) throw error;
    report(compiled.diagnostics);
    io.stderr.write(`error: ${error.message}\n`);
    return error.exitCode as ExitCode;
  }

  let deployOptions: ResolveOptions['deployOptions'];
  if (options.deployOptions !== undefined) {
    const names = Object.keys(plan.infrastructures);
    const infrastructure = options.infrastructure ?? (names.length === 1 ? names[0] : undefined);
    if (infrastructure === undefined) {
      io.stderr.write(`error: --deploy-options is for one infrastructure and the blueprint declares ${names.length > 0 ? names.join(', ') : 'none'}: name it with --infrastructure NAME\n`);
      return ExitCode.Usage;
    }
    const optionsFile = path.resolve(io.cwd, options.deployOptions);
    let text: string;
    try {
      text = new TextDecoder().decode(io.fs.readFile(optionsFile));
    } catch (error) {
      io.stderr.write(`error: cannot read the deploy options ${displayPath(optionsFile, io.cwd)}: ${describeError(error)}\n`);
      return ExitCode.Errors;
    }
    deployOptions = { infrastructure, json: text, source: displayPath(optionsFile, io.cwd) };
  }

  const checked = compiled.checked;
  const inventoryDiagnostics = checked !== undefined ? checkAgainstInventory(checked, inventory, { capacity: false }) : [];
  if (hasErrors(inventoryDiagnostics)) {
    report([...compiled.diagnostics, ...inventoryDiagnostics]);
    return ExitCode.Errors;
  }

  const { resolution, problems } = resolvePlan(plan, inventory, {
    allowReplace: options.allowReplace === true,
    targets: options.target,
    ...(options.replace !== undefined && options.replace.length > 0 ? { replace: options.replace } : {}),
    ...(options.infrastructure !== undefined ? { infrastructure: options.infrastructure } : {}),
    ...(deployOptions !== undefined ? { deployOptions } : {}),
    owner: ownerPath(entry, inventoryFile),
  });
  const placed = checked !== undefined ? shortageDiagnostics(checked, problems) : { diagnostics: [], unplaced: [] };
  const remaining = problems.filter((p) => p.code !== 'insufficient_servers' || placed.unplaced.includes(p));
  report([...compiled.diagnostics, ...inventoryDiagnostics, ...placed.diagnostics]);
  const failed = placed.diagnostics.length > 0 || remaining.some((p) => p.severity === 'error');

  const shownInventory = displayPath(inventoryFile, io.cwd);
  if (options.format === 'json') {
    io.stdout.write(`${canonicalJson({ ...resolution, problems } as unknown as Value, 2)}\n`);
  } else {
    io.stdout.write(renderResolution(resolution, remaining, { color: terminalStyle(io.stdout, io.env, options.color).color, inventory: shownInventory }));
  }
  if (failed) return remaining.some((p) => p.code === 'unknown_replace') ? ExitCode.Usage : ExitCode.Errors;

  if (options.out !== undefined) {
    const target = path.resolve(io.cwd, options.out);
    try {
      await writeOutputFile(io, target, savedPlanToJson(plan, resolution));
    } catch (error) {
      io.stderr.write(`error: cannot write the plan to ${displayPath(target, io.cwd)}: ${describeError(error)}\n`);
      return ExitCode.Errors;
    }
    if (options.format === 'text') io.stdout.write(`\nSaved the plan to ${displayPath(target, io.cwd)}. Apply exactly this plan with: mbp apply ${displayPath(target, io.cwd)}\n`);
  }
  return options.detailedExitcode === true && hasChanges(resolution.summary) ? ExitCode.Changes : ExitCode.Success;
}
