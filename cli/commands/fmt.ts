import path from 'node:path';
import type { Command } from 'commander';
import type { FileWriter, FormatFilesResult } from '../../compiler/format/index.ts';
import type { FileSystem } from '../../compiler/sources/index.ts';
import { ExitCode } from '../exit-codes.ts';
import type { CliIO, CommandIO } from '../io.ts';
import { examples, formatOption } from '../options.ts';
import { terminalStyle } from '../terminal-style.ts';

export const FMT_FORMATS = ['text', 'json'] as const;
export type FmtFormat = (typeof FMT_FORMATS)[number];

export interface FmtOptions {
  readonly format: FmtFormat;
  /** Write nothing; list the files that would change. */
  readonly check: boolean;
  /** Write nothing; print a unified diff of the changes. */
  readonly diff: boolean;
  /** False with `--no-color`. */
  readonly color: boolean;
}

export function register(program: Command, io: CommandIO): void {
  program
    .command('fmt')
    .summary('rewrite blueprints in the canonical layout')
    .description(
      'Rewrite .mbp blueprints in place in the one canonical layout (indentation, spacing, aligned `=`,\n' +
        'blank lines), keeping every comment; the names of the files changed are printed. A directory\n' +
        'stands for every *.mbp file below it. A file with syntax errors is left untouched and its errors\n' +
        'are reported (exit 1). With --check or --diff nothing is written, and the exit code is 1 when a\n' +
        'file is not formatted, so CI can enforce the layout.',
    )
    .argument('<paths...>', 'blueprint files, or directories to search for *.mbp files')
    .option('--check', 'write nothing; list the files that are not formatted and exit 1 if there are any')
    .option('--diff', 'write nothing; print the changes as a unified diff and exit 1 if there are any')
    .addOption(formatOption(FMT_FORMATS))
    .addHelpText(
      'after',
      examples([
        ['mbp fmt .', 'format every .mbp file below the current directory'],
        ['mbp fmt --check infra/', 'in CI: fail and list the files that need formatting'],
        ['mbp fmt --diff main.mbp', 'show what formatting would change, write nothing'],
        ['mbp fmt --format json --check .', '{ "files": [{ "file", "changed" }], ... } on stdout'],
      ]),
    )
    .action(async (paths: string[], options: { format: FmtFormat; check?: boolean; diff?: boolean }, command: Command) => {
      const { color } = command.optsWithGlobals<{ color: boolean }>();
      const fmtOptions = { format: options.format, check: options.check === true, diff: options.diff === true, color };
      io.setExitCode(await runFmt(paths, fmtOptions, io));
    });
}

/**
 * Where rewritten files go: the file system itself when it can write
 * (an editor's buffers), the disk when it is the disk, nowhere otherwise
 * (a read-only test file system must never lead to writing the real disk).
 */
async function writerFor(fs: FileSystem): Promise<FileWriter | undefined> {
  if (typeof (fs as Partial<FileWriter>).replaceFile === 'function') return fs as FileSystem & FileWriter;
  const [{ NodeFileSystem }, { NodeFileWriter }] = await Promise.all([
    import('../../compiler/sources/index.ts'),
    import('../../compiler/format/index.ts'),
  ]);
  return fs instanceof NodeFileSystem ? new NodeFileWriter() : undefined;
}

/** `mbp fmt`: stdout carries the file list, the diff or the JSON document; errors go to stderr. */
export async function runFmt(paths: readonly string[], options: FmtOptions, io: CliIO, writer?: FileWriter): Promise<ExitCode> {
  const [{ formatFiles, unifiedDiff }, { displayPath, renderDiagnostics, toJsonReport }, { describeError }] = await Promise.all([
    import('../../compiler/format/index.ts'),
    import('../../compiler/diagnostics/index.ts'),
    import('../../compiler/sources/index.ts'),
  ]);
  const result = formatFiles(io.fs, paths.map((p) => path.resolve(io.cwd, p)));
  const shown = (file: string): string => displayPath(file, io.cwd);
  const dryRun = options.check || options.diff;
  const changed = result.files.filter((f) => f.changed);
  const diffOf = (f: FormatFilesResult['files'][number]): string => unifiedDiff(f.original, f.formatted, `a/${shown(f.file)}`, `b/${shown(f.file)}`);

  const writeFailures: string[] = [];
  if (!dryRun && changed.length > 0) {
    const target = writer ?? (await writerFor(io.fs));
    for (const f of changed) {
      try {
        if (target === undefined) throw new Error('this file system cannot be written to');
        target.replaceFile(f.file, f.formatted);
      } catch (error) {
        writeFailures.push(`mbp fmt: cannot write ${shown(f.file)}: ${describeError(error)}\n`);
      }
    }
  }

  if (options.format === 'json') {
    const report = toJsonReport(result.diagnostics, result.sources, { cwd: io.cwd });
    const document = {
      format_version: '1',
      files: result.files.map((f) => ({
        file: shown(f.file),
        changed: f.changed,
        ...(options.diff && f.changed ? { diff: diffOf(f) } : {}),
      })),
      error_count: report.error_count,
      diagnostics: report.diagnostics,
    };
    io.stdout.write(JSON.stringify(document, null, 2) + '\n');
  } else {
    if (options.diff) for (const f of changed) io.stdout.write(diffOf(f));
    else for (const f of changed) io.stdout.write(`${shown(f.file)}\n`);
    if (result.diagnostics.length > 0) {
      const style = terminalStyle(io.stderr, io.env, options.color);
      io.stderr.write(`${renderDiagnostics(result.diagnostics, result.sources, { cwd: io.cwd, ...style })}\n`);
    }
    const failed = result.files.filter((f) => f.failed).length;
    if (failed > 0) io.stderr.write(`mbp fmt: ${failed === 1 ? '1 file was' : `${failed} files were`} left unformatted because of errors; fix them and run mbp fmt again\n`);
    if (options.check && !options.diff && changed.length > 0) {
      io.stderr.write(`mbp fmt: ${changed.length === 1 ? '1 file is' : `${changed.length} files are`} not formatted; run 'mbp fmt' on ${changed.length === 1 ? 'it' : 'them'} to fix\n`);
    }
  }
  for (const failure of writeFailures) io.stderr.write(failure);

  const errors = result.diagnostics.some((d) => d.severity === 'error') || writeFailures.length > 0;
  return errors || (dryRun && changed.length > 0) ? ExitCode.Errors : ExitCode.Success;
}
