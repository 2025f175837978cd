import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Severity, TextRange } from './diagnostic.ts';
import { SourceFile } from './source-file.ts';
import { codeEntry } from './codes.ts';
import { displayPath } from './display-path.ts';
import { sortDiagnostics } from './sort-diagnostics.ts';
import type { SourceLookup } from './render-text.ts';

/**
 * `mbp check --format sarif`: SARIF 2.1.0 for code-scanning services. One run;
 * `tool.driver.rules` lists each code or lint rule that appears, sorted by id;
 * locations are relative to the working directory (`%SRCROOT%`), columns in
 * UTF-16 code units, end positions exclusive (as in the JSON document).
 *
 * `partialFingerprints["mbpLineHash/v1"]` identifies a finding by its rule and
 * the trimmed text of the lines it covers, plus a counter among identical
 * hashes in the same file: it does not change when lines are inserted or
 * removed elsewhere in the file, so a service tracks the finding across edits.
 */
export interface SarifRuleInfo {
  /** Short title (the code table's `title`, a lint rule's summary). */
  readonly title: string;
  /** Longer explanation (a lint rule's "why"); defaults to the title. */
  readonly description?: string;
  /** How to fix it, as plain text. */
  readonly help?: string;
  /** The same in Markdown, when the help has examples. */
  readonly helpMarkdown?: string;
  readonly defaultSeverity: Severity;
}

export interface SarifRenderOptions {
  /** URIs are relative to this directory, which is `%SRCROOT%`. */
  readonly cwd: string;
  readonly toolVersion: string;
  readonly informationUri?: string;
  /**
   * Describes a code that is not in the code table (lint rules). Codes of the
   * table are described from it.
   */
  readonly describeRule?: (code: string) => SarifRuleInfo | undefined;
}

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SARIF_FINGERPRINT_KEY = 'mbpLineHash/v1';
const DEFAULT_INFORMATION_URI = 'https://github.com/metal-blueprint/mbp';
const SRCROOT = '%SRCROOT%';

// Loosely typed on purpose: the tests validate the document against the official schema.
type Json = Record<string, unknown>;

const LEVEL: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'note' };
const UNREADABLE = new SourceFile('', '');

/** `duplicate port index` → `DuplicatePortIndex` (SARIF wants an identifier-like `name`). */
function ruleName(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function describe(code: string, options: SarifRenderOptions): SarifRuleInfo {
  const entry = codeEntry(code);
  if (entry !== undefined) {
    // A table help with placeholders reads badly outside a diagnostic: keep it only when it is plain.
    const help = entry.help !== undefined && !/\{\w+\}/.test(entry.help) ? entry.help : undefined;
    return { title: entry.title, ...(help !== undefined ? { help } : {}), defaultSeverity: entry.severity };
  }
  return options.describeRule?.(code) ?? { title: code, defaultSeverity: 'warning' };
}

function reportingDescriptor(code: string, info: SarifRuleInfo): Json {
  const help = info.help ?? info.description ?? info.title;
  return {
    id: code,
    // A lint rule's kebab-case id is already a name (`unused-let` → `UnusedLet`); a code's title says more than `MBP3001`.
    name: ruleName(/^[a-z]/.test(code) ? code : info.title) || code,
    shortDescription: { text: info.title },
    fullDescription: { text: info.description ?? info.title },
    help: { text: help, ...(info.helpMarkdown !== undefined ? { markdown: info.helpMarkdown } : {}) },
    defaultConfiguration: { level: LEVEL[info.defaultSeverity] },
  };
}

/** Each path segment percent-encoded, so a space or `#` in a file name stays a valid URI reference. */
function relativeUri(shown: string): string {
  return shown.split('/').map(encodeURIComponent).join('/');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function toSarifLog(diagnostics: readonly Diagnostic[], sources: SourceLookup, options: SarifRenderOptions): Json {
  const sourceOf = (file: string): SourceFile => sources.get(file) ?? UNREADABLE;

  const artifactLocation = (file: string): Json => {
    const shown = displayPath(file, options.cwd);
    // Outside the working directory on another drive (Windows): no base to be relative to.
    if (path.isAbsolute(shown)) return { uri: pathToFileURL(shown).href };
    return { uri: relativeUri(shown), uriBaseId: SRCROOT };
  };

  const region = (file: string, range: TextRange): Json => {
    const source = sourceOf(file);
    const start = source.positionAt(range.start);
    const end = source.positionAt(Math.max(range.start, range.end));
    return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
  };

  const physicalLocation = (file: string, range: TextRange): Json => ({
    artifactLocation: artifactLocation(file),
    region: region(file, range),
  });

  /** The text a finding covers, whitespace-trimmed per line, independent of where the lines are. */
  const lineKey = (d: Diagnostic): string => {
    const source = sourceOf(d.file);
    const first = source.positionAt(d.range.start).line;
    const last = source.positionAt(Math.max(d.range.start, d.range.end)).line;
    const lines: string[] = [];
    for (let line = first; line <= last; line++) lines.push(source.lineText(line).trim());
    return `${d.code}\n${lines.join('\n')}`;
  };

  const sorted = sortDiagnostics(diagnostics);
  const codes = [...new Set(sorted.map((d) => d.code))].sort();
  const ruleIndex = new Map(codes.map((code, i) => [code, i]));
  const occurrences = new Map<string, number>();

  const results = sorted.map((d) => {
    const hash = sha256(lineKey(d));
    const seenKey = `${d.file}\n${hash}`;
    const occurrence = (occurrences.get(seenKey) ?? 0) + 1;
    occurrences.set(seenKey, occurrence);
    const result: Json = {
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code),
      level: LEVEL[d.severity],
      message: { text: d.help !== undefined ? `${d.message}\nhelp: ${d.help}` : d.message },
      locations: [{ physicalLocation: physicalLocation(d.file, d.range) }],
      partialFingerprints: { [SARIF_FINGERPRINT_KEY]: `${hash.slice(0, 32)}:${occurrence}` },
    };
    if (d.related.length > 0) {
      result.relatedLocations = d.related.map((r, i) => ({
        id: i + 1,
        message: { text: r.message },
        physicalLocation: physicalLocation(r.file, r.range),
      }));
    }
    if (d.fixes.length > 0) {
      result.fixes = d.fixes.map((f) => {
        const files = [...new Set(f.edits.map((e) => e.file))];
        return {
          description: { text: f.title },
          artifactChanges: files.map((file) => ({
            artifactLocation: artifactLocation(file),
            replacements: f.edits
              .filter((e) => e.file === file)
              .map((e) => ({ deletedRegion: region(file, e.range), insertedContent: { text: e.text } })),
          })),
        };
      });
    }
    return result;
  });

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mbp',
            fullName: 'Metal Blueprint',
            version: options.toolVersion,
            informationUri: options.informationUri ?? DEFAULT_INFORMATION_URI,
            rules: codes.map((code) => reportingDescriptor(code, describe(code, options))),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(options.cwd.endsWith(path.sep) ? options.cwd : options.cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: true }],
        results,
      },
    ],
  };
}

/** The SARIF log, indented two spaces, ending with a newline. */
export function renderSarif(diagnostics: readonly Diagnostic[], sources: SourceLookup, options: SarifRenderOptions): string {
  return JSON.stringify(toSarifLog(diagnostics, sources, options), null, 2) + '\n';
}
