import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { closestName, makeDiagnostic, sortDiagnostics, SourceFile, type Diagnostic, type TextRange } from '../diagnostics/index.ts';
import { describeError, type FileSystem } from '../sources/index.ts';
import { CONFIG_KEYS, RULE_LEVELS, configSchema, type RuleLevel } from './config-schema.ts';
import { locateJson, pointerSegment, type JsonLocations } from './json-locate.ts';

/**
 * The lint configuration in effect for a blueprint: `mbp.config.json` and
 * the files it `extends` (paths relative to the extending file; each
 * `extends` entry applies in order, then the file's own `rules` win).
 * Only lint rules can be re-levelled: compiler checks (MBPnnnn) are the
 * language's rules, not style, so naming one is an error that says so.
 */
export interface LintConfig {
  /** Levels set by configuration, by lint rule id; rules not named keep their default severity. */
  readonly levels: ReadonlyMap<string, RuleLevel>;
  /** Every configuration file read, the one asked for first. */
  readonly files: readonly string[];
  /** Their text, so renderers can show configuration problems in context. */
  readonly sources: readonly SourceFile[];
  /** Problems in the configuration files (unreadable, not JSON, schema, unknown rules, `extends` cycles). */
  readonly diagnostics: readonly Diagnostic[];
}

export interface ConfigOptions {
  /** Ids of every lint rule, for validation and did-you-mean. */
  readonly knownRules: readonly string[];
}

export const EMPTY_CONFIG: LintConfig = Object.freeze({ levels: new Map(), files: [], sources: [], diagnostics: [] });

let validator: ValidateFunction | undefined;
function validate(doc: unknown): readonly ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: true, verbose: true }).compile(configSchema);
  return validator(doc) ? [] : (validator.errors ?? []);
}

const COMPILER_CODE = /^MBP\d{4}$/;

/** Where an `extends` entry led from, so a problem with the target is shown at the entry. */
interface Via {
  readonly file: string;
  readonly range: TextRange;
}

class Loader {
  readonly diagnostics: Diagnostic[] = [];
  readonly sources: SourceFile[] = [];
  readonly files: string[] = [];
  private readonly done = new Map<string, ReadonlyMap<string, RuleLevel>>();

  constructor(private readonly fs: FileSystem, private readonly options: ConfigOptions) {}

  load(file: string, chain: readonly Via[], via: Via | undefined): ReadonlyMap<string, RuleLevel> {
    const cycleStart = chain.findIndex((c) => c.file === file);
    if (cycleStart >= 0 && via !== undefined) {
      const base = path.dirname(via.file);
      const show = (f: string): string => path.relative(base, f) || path.basename(f);
      const cycle = [...chain.slice(cycleStart).map((c) => show(c.file)), show(file)].join(' → ');
      this.diagnostics.push(makeDiagnostic('MBP3085', via.file, via.range, { cycle }));
      return new Map();
    }
    const cached = this.done.get(file);
    if (cached !== undefined) return cached;

    const source = this.read(file, via);
    if (source === undefined) return this.finish(file, new Map());
    let doc: unknown;
    try {
      doc = JSON.parse(source.text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const at = /position (\d+)/.exec(reason);
      const offset = at ? Number(at[1]) : 0;
      this.diagnostics.push(makeDiagnostic('MBP3081', file, { start: offset, end: Math.min(offset + 1, source.text.length) }, { reason: reason.replace(/^JSON\.parse: /, '') }));
      return this.finish(file, new Map());
    }
    const where = locateJson(source.text);
    const problems = validate(doc);
    for (const p of dedupe(problems)) this.reportSchemaProblem(file, where, p);
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return this.finish(file, new Map());

    const config = doc as { extends?: unknown; rules?: unknown };
    const levels = new Map<string, RuleLevel>();
    const here: Via = { file, range: where.get('')?.value ?? { start: 0, end: 0 } };
    const bases = typeof config.extends === 'string' ? [config.extends] : Array.isArray(config.extends) ? config.extends : [];
    bases.forEach((entry, i) => {
      if (typeof entry !== 'string' || entry === '') return;
      const pointer = typeof config.extends === 'string' ? '/extends' : `/extends${pointerSegment(i)}`;
      const entryVia: Via = { file, range: where.get(pointer)?.value ?? here.range };
      const target = path.resolve(path.dirname(file), entry);
      for (const [rule, level] of this.load(target, [...chain, { file, range: entryVia.range }], entryVia)) levels.set(rule, level);
    });
    if (typeof config.rules === 'object' && config.rules !== null && !Array.isArray(config.rules)) {
      for (const [rule, level] of Object.entries(config.rules)) {
        const located = where.get(`/rules${pointerSegment(rule)}`);
        if (!this.isKnownRule(file, rule, located?.key ?? here.range)) continue;
        if ((RULE_LEVELS as readonly unknown[]).includes(level)) levels.set(rule, level as RuleLevel);
      }
    }
    return this.finish(file, levels);
  }

  private finish(file: string, levels: ReadonlyMap<string, RuleLevel>): ReadonlyMap<string, RuleLevel> {
    this.done.set(file, levels);
    return levels;
  }

  private read(file: string, via: Via | undefined): SourceFile | undefined {
    const fail = (reason: string): undefined => {
      this.diagnostics.push(makeDiagnostic('MBP3080', via?.file ?? file, via?.range ?? { start: 0, end: 0 }, { reason: via ? `${reason}: ${file}` : reason }));
      return undefined;
    };
    let bytes: Uint8Array;
    try {
      const stat = this.fs.stat(file);
      if (stat === undefined) return fail('no such file');
      if (stat.kind !== 'file') return fail('not a regular file');
      bytes = this.fs.readFile(file);
    } catch (error) {
      return fail(describeError(error));
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return fail('the file is not valid UTF-8');
    }
    const source = new SourceFile(file, text);
    this.files.push(file);
    this.sources.push(source);
    return source;
  }

  private isKnownRule(file: string, rule: string, range: TextRange): boolean {
    if (this.options.knownRules.includes(rule)) return true;
    if (COMPILER_CODE.test(rule)) {
      this.diagnostics.push(makeDiagnostic('MBP3084', file, range, { rule }));
      return false;
    }
    this.diagnostics.push(unknownRule('MBP3083', file, range, rule, this.options.knownRules, JSON.stringify));
    return false;
  }

  private reportSchemaProblem(file: string, where: JsonLocations, e: ErrorObject): void {
    const params = e.params as Record<string, unknown>;
    const at = where.get(e.instancePath);
    const range = at?.value ?? { start: 0, end: 0 };
    const name = e.instancePath === '' ? 'the configuration' : `\`${pointerToDotted(e.instancePath)}\``;
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String(params.additionalProperty);
        const keyAt = where.get(`${e.instancePath}${pointerSegment(key)}`)?.key ?? range;
        const close = closestName(key, CONFIG_KEYS);
        const help = close !== undefined ? `did you mean \`${close}\`? The keys are ${listWords(CONFIG_KEYS)}` : `the keys are ${listWords(CONFIG_KEYS)}`;
        const fixes = close !== undefined ? [{ title: `write \`${close}\``, edits: [{ file, range: keyAt, text: JSON.stringify(close) }] }] : [];
        this.diagnostics.push(makeDiagnostic('MBP3082', file, keyAt, { problem: `unknown key \`${key}\`` }, { help, fixes }));
        return;
      }
      case 'enum': {
        const found = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
        const data = typeof e.data === 'string' ? e.data : undefined;
        // `warn` (ESLint's spelling) is too short for edit distance to find `warning`; a prefix is as telling.
        const close = data === undefined ? undefined : (closestName(data, RULE_LEVELS) ?? RULE_LEVELS.find((l) => data !== '' && l.startsWith(data.toLowerCase())));
        const help = close !== undefined ? `did you mean "${close}"? The levels are ${listWords(RULE_LEVELS, '"')}` : `the levels are ${listWords(RULE_LEVELS, '"')}`;
        const fixes = close !== undefined ? [{ title: `write "${close}"`, edits: [{ file, range, text: JSON.stringify(close) }] }] : [];
        this.diagnostics.push(makeDiagnostic('MBP3082', file, range, { problem: `${name} is ${JSON.stringify(found)}, not a level` }, { help, fixes }));
        return;
      }
      case 'anyOf':
        this.diagnostics.push(makeDiagnostic('MBP3082', file, range, { problem: `${name} must be a path or a list of paths` }));
        return;
      case 'type':
        this.diagnostics.push(makeDiagnostic('MBP3082', file, range, { problem: `${name} must be ${params.type === 'object' ? 'a JSON object' : `a ${String(params.type)}`}` }));
        return;
      case 'minLength':
        this.diagnostics.push(makeDiagnostic('MBP3082', file, range, { problem: `${name} must not be empty` }));
        return;
      default:
        this.diagnostics.push(makeDiagnostic('MBP3082', file, range, { problem: `${name} ${e.message ?? 'is invalid'}` }));
    }
  }
}

/** One problem per place: `anyOf` reports each failed branch besides itself, which says the same thing several times. */
function dedupe(errors: readonly ErrorObject[]): ErrorObject[] {
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  return errors.filter((e) => e.keyword === 'anyOf' || ![...anyOfPaths].some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`)));
}

/** `/rules/unused-let` → `rules.unused-let`. */
function pointerToDotted(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function listWords(words: readonly string[], quote = '`'): string {
  return words.map((w) => `${quote}${w}${quote}`).join(', ');
}

/**
 * An unknown rule id (configuration or disable comment): did-you-mean with a
 * fix-it writing the closest id, and the list of every lint rule.
 */
export function unknownRule(
  code: 'MBP3083' | 'MBP3090',
  file: string,
  range: TextRange,
  rule: string,
  knownRules: readonly string[],
  quote: (id: string) => string = (id) => id,
): Diagnostic {
  const close = closestName(rule, knownRules);
  const rules = listWords(knownRules);
  const help = close !== undefined ? `did you mean \`${close}\`? The lint rules are ${rules}` : undefined;
  const fixes = close !== undefined ? [{ title: `write \`${close}\``, edits: [{ file, range, text: quote(close) }] }] : [];
  return makeDiagnostic(code, file, range, { rule, rules }, { ...(help !== undefined ? { help } : {}), fixes });
}

/** Reads a configuration file and everything it extends. Never throws: problems are diagnostics. */
export function loadConfigFile(fs: FileSystem, file: string, options: ConfigOptions): LintConfig {
  const loader = new Loader(fs, options);
  const levels = loader.load(file, [], undefined);
  return { levels, files: loader.files, sources: loader.sources, diagnostics: sortDiagnostics(loader.diagnostics) };
}
