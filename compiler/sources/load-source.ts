import { makeDiagnostic, SourceFile, type Diagnostic } from '../diagnostics/index.ts';
import { describeError, errorCode, type FileSystem } from './file-system.ts';
import { firstInvalidUtf8Byte } from './utf8.ts';

const MIB = 1024 * 1024;

/** Larger files are refused before being read: no hand-written blueprint comes near it. */
export const MAX_SOURCE_BYTES = 32 * MIB;

export interface LoadOptions {
  readonly maxBytes?: number;
}

export type LoadResult =
  | { readonly ok: true; readonly source: SourceFile }
  | {
      readonly ok: false;
      readonly diagnostics: readonly Diagnostic[];
      /** The text as far as it could be decoded, only to show an error in context; never compile it. */
      readonly display?: SourceFile;
    };

const AT_START = { start: 0, end: 0 } as const;
const ASCII_WHITESPACE = /^[ \t\r\n\f\v]*$/;

function fail(diagnostic: Diagnostic, display?: SourceFile): LoadResult {
  return display ? { ok: false, diagnostics: [diagnostic], display } : { ok: false, diagnostics: [diagnostic] };
}

function formatLimit(bytes: number): string {
  return bytes % MIB === 0 ? `${bytes / MIB} MiB (${bytes} bytes)` : `${bytes} bytes`;
}

function readBytes(fs: FileSystem, path: string, maxBytes: number): Uint8Array | Diagnostic {
  try {
    const stat = fs.stat(path);
    if (stat === undefined) return makeDiagnostic('MBP1050', path, AT_START);
    if (stat.kind === 'directory') return makeDiagnostic('MBP1052', path, AT_START);
    if (stat.kind === 'other') return makeDiagnostic('MBP1058', path, AT_START);
    if (stat.size > maxBytes) return makeDiagnostic('MBP1056', path, AT_START, { size: `${stat.size} bytes`, limit: formatLimit(maxBytes) });
    const bytes = fs.readFile(path);
    // Checked again: some files (/proc, growing logs) report a size other than what they hold.
    if (bytes.length > maxBytes) return makeDiagnostic('MBP1056', path, AT_START, { size: `${bytes.length} bytes`, limit: formatLimit(maxBytes) });
    return bytes;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return makeDiagnostic('MBP1050', path, AT_START);
    if (code === 'EISDIR') return makeDiagnostic('MBP1052', path, AT_START);
    return makeDiagnostic('MBP1051', path, AT_START, { reason: describeError(error) });
  }
}

function startsWithUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/**
 * Reads one blueprint file as text. Refuses (with one MBP105x diagnostic):
 * a missing or unreadable path, a directory or special file, a file over
 * `maxBytes`, a binary file (any NUL byte), text that is not UTF-8 (pointing at
 * the first bad byte), and an empty file (nothing but ASCII whitespace; a file
 * of comments only is reported by the checker, which has the lexer). A UTF-8
 * byte order mark is dropped silently, and offsets count from after it.
 */
export function loadSource(fs: FileSystem, path: string, options: LoadOptions = {}): LoadResult {
  const bytes = readBytes(fs, path, options.maxBytes ?? MAX_SOURCE_BYTES);
  if (!(bytes instanceof Uint8Array)) return fail(bytes);

  // UTF-16 text is full of NULs but is better reported as "not UTF-8".
  const nul = startsWithUtf16Bom(bytes) ? -1 : bytes.indexOf(0);
  if (nul >= 0) return fail(makeDiagnostic('MBP1054', path, AT_START, { byteOffset: nul }));

  let text: string;
  try {
    // The decoder drops a leading UTF-8 BOM itself (ignoreBOM is false).
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = Math.max(0, firstInvalidUtf8Byte(bytes));
    const offset = new TextDecoder('utf-8').decode(bytes.subarray(0, bad)).length;
    const display = new SourceFile(path, new TextDecoder('utf-8').decode(bytes));
    const byte = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
    return fail(makeDiagnostic('MBP1053', path, { start: offset, end: offset + 1 }, { byte, byteOffset: bad }), display);
  }

  if (ASCII_WHITESPACE.test(text)) return fail(makeDiagnostic('MBP1055', path, AT_START));
  return { ok: true, source: new SourceFile(path, text) };
}
