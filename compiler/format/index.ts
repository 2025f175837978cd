/**
 * The formatter: one canonical layout for blueprints (docs/language.md,
 * "Formatting"), used by `mbp fmt` and by the language server.
 */
export { format, type FormatResult } from './format.ts';
export { formatFiles, type FormattedFile, type FormatFilesResult } from './format-files.ts';
export { unifiedDiff } from './unified-diff.ts';
export { NodeFileWriter, type FileWriter } from './atomic-write.ts';
