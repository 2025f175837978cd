import path from 'node:path';
import { checkFiles } from '../../compiler/index.ts';
import { countDiagnostics, renderDiagnostics, renderJson, renderSummary } from '../../compiler/diagnostics/index.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CliIO } from '../io.ts';
import { terminalStyle } from '../terminal-style.ts';
import type { CheckFormat } from './check.ts';

export interface CheckCommandOptions {
  readonly format: CheckFormat;
  /** False with `--no-color`. */
  readonly color: boolean;
}

/** `mbp check`: the report goes to stdout (it is the command's output), and the exit code says whether there are errors. */
export async function runCheck(paths: readonly string[], options: CheckCommandOptions, io: CliIO): Promise<ExitCode> {
  const result = checkFiles(io.fs, paths.map((p) => path.resolve(io.cwd, p)));
  const counts = countDiagnostics(result.diagnostics);
  if (options.format === 'json') {
    io.stdout.write(renderJson(result.diagnostics, result.sources, { cwd: io.cwd }));
  } else {
    const style = terminalStyle(io.stdout, io.env, options.color);
    const report = renderDiagnostics(result.diagnostics, result.sources, { cwd: io.cwd, ...style });
    if (report !== '') io.stdout.write(`${report}\n`);
    io.stdout.write(renderSummary(result.files.length, counts, style));
  }
  return counts.errors > 0 ? ExitCode.Errors : ExitCode.Success;
}
