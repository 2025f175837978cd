import path from 'node:path';
import { checkFilesAsync, type CheckOptions } from '../../compiler/index.ts';
import { countDiagnostics, renderDiagnostics, renderJson, renderSarif, renderSummary } from '../../compiler/diagnostics/index.ts';
import { describeLintRule } from '../../compiler/lint/index.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CliIO } from '../io.ts';
import { terminalStyle } from '../terminal-style.ts';
import type { CheckFormat } from './check.ts';

export interface CheckCommandOptions {
  readonly format: CheckFormat;
  /** False with `--no-color`. */
  readonly color: boolean;
  /** `--config FILE`: the lint configuration for every blueprint, instead of the nearest `mbp.config.json`. */
  readonly config?: string;
  /** The tool version SARIF reports. */
  readonly version?: string;
  /** `--param NAME=VALUE`, repeatable (already validated by the option parser). */
  readonly params?: readonly string[];
  /** `--params FILE`: a JSON object of param values. */
  readonly paramsFile?: string;
  /** `--inventory FILE`: also check against this inventory (MBP4xxx). */
  readonly inventory?: string;
}

/** `mbp check`: the report goes to stdout (it is the command's output), and the exit code says whether there are errors. */
export async function runCheck(paths: readonly string[], options: CheckCommandOptions, io: CliIO): Promise<ExitCode> {
  const config = options.config !== undefined ? { lintConfig: path.resolve(io.cwd, options.config) } : {};
  const params = {
    ...(options.params && options.params.length > 0 ? { paramFlags: options.params } : {}),
    ...(options.paramsFile !== undefined ? { paramsFile: path.resolve(io.cwd, options.paramsFile) } : {}),
  };
  let inventoryChecks: CheckOptions['inventoryChecks'];
  if (options.inventory !== undefined) {
    const [{ JsonFileInventoryStore, InventoryError }, { checkAgainstInventory }] = await Promise.all([
      import('../../runtime/inventory/index.ts'),
      import('../../compiler/inventory-checks/index.ts'),
    ]);
    try {
      // A read takes no lock: the store only ever replaces the file by a rename.
      const inventory = await new JsonFileInventoryStore(path.resolve(io.cwd, options.inventory)).read();
      inventoryChecks = (checked) => checkAgainstInventory(checked, inventory);
    } catch (error) {
      if (!(error instanceof InventoryError)) throw error;
      io.stderr.write(`error: ${error.message}\n`);
      return ExitCode.Errors;
    }
  }
  const result = await checkFilesAsync(io.fs, paths.map((p) => path.resolve(io.cwd, p)), { ...config, ...params, tsHooks: { cwd: io.cwd }, ...(inventoryChecks !== undefined ? { inventoryChecks } : {}) });
  const counts = countDiagnostics(result.diagnostics);
  if (options.format === 'json') {
    io.stdout.write(renderJson(result.diagnostics, result.sources, { cwd: io.cwd }));
  } else if (options.format === 'sarif') {
    io.stdout.write(renderSarif(result.diagnostics, result.sources, { cwd: io.cwd, toolVersion: options.version ?? 'unknown', describeRule: describeLintRule }));
  } else {
    const style = terminalStyle(io.stdout, io.env, options.color);
    const report = renderDiagnostics(result.diagnostics, result.sources, { cwd: io.cwd, ...style });
    if (report !== '') io.stdout.write(`${report}\n`);
    io.stdout.write(renderSummary(result.files.length, counts, style));
  }
  return counts.errors > 0 ? ExitCode.Errors : ExitCode.Success;
}
