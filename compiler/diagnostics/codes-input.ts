import { defineCodes } from './code-table.ts';

/**
 * MBP1050–MBP1099: input files that cannot be read as a blueprint, before any
 * parsing. The location header already names the file, so messages do not
 * repeat the path; the help says what to do about it.
 */
export const inputCodes = defineCodes({
  MBP1050: {
    severity: 'error',
    title: 'file not found',
    message: 'no such file or directory',
    help: 'check the path for typos; `mbp check` takes .mbp files and directories that contain them',
  },
  MBP1051: {
    severity: 'error',
    title: 'file cannot be read',
    message: 'cannot read the file: {reason}',
    help: 'check that the file exists and that you have permission to read it',
  },
  MBP1052: {
    severity: 'error',
    title: 'path is a directory',
    message: 'expected a .mbp file but this is a directory',
    help: 'name a .mbp file inside it; `mbp check DIR` checks every .mbp file below a directory',
  },
  MBP1053: {
    severity: 'error',
    title: 'file is not UTF-8',
    message: 'the file is not valid UTF-8: byte 0x{byte} at byte offset {byteOffset} is not part of a UTF-8 character',
    help: 'blueprints must be UTF-8; re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8 in.mbp > out.mbp`)',
  },
  MBP1054: {
    severity: 'error',
    title: 'binary file',
    message: 'this looks like a binary file, not a blueprint (it contains a NUL byte at byte offset {byteOffset})',
    help: 'pass blueprint source files (.mbp text files) only',
  },
  MBP1055: {
    severity: 'error',
    title: 'empty file',
    message: 'the file is empty: it has no declarations',
    help: 'add a declaration (e.g. `infrastructure NAME { ... }`) or delete the file',
  },
  MBP1056: {
    severity: 'error',
    title: 'file too large',
    message: 'the file is too large ({size}); the limit is {limit}',
    help: 'split the blueprint into modules with `import "./other.mbp" as name`',
  },
  MBP1057: {
    severity: 'error',
    title: 'no blueprints in directory',
    message: 'no .mbp files found in this directory',
    help: 'blueprint files must end in `.mbp`; hidden directories and node_modules are skipped',
  },
  MBP1058: {
    severity: 'error',
    title: 'not a regular file',
    message: 'expected a .mbp file but this is not a regular file (a device, socket or pipe)',
    help: 'pass a .mbp file or a directory that contains some',
  },
});
