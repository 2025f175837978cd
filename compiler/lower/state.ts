import path from 'node:path';
import type { Span } from '../../grammar/index.ts';
import type { FileReader } from '../../stdlib/index.ts';
import type { MbpSymbol, Program } from '../binder/index.ts';
import { displayPath, makeDiagnostic, type Code, type Diagnostic, type DiagnosticExtras, type MessageArgs } from '../diagnostics/index.ts';
import type { Ir, SourceLocation } from '../plan/index.ts';
import type { LowerFacts } from './facts.ts';

/** What every part of the lowering shares: the program, its facts, param values, and where problems go. */
export class LowerState {
  readonly diagnostics: Diagnostic[] = [];
  /** Module-level lets, lowered once. */
  readonly letCache = new Map<MbpSymbol, Ir>();
  /** Lets being lowered (a cycle is the checker's to report; this only stops the recursion). */
  readonly letsInProgress = new Set<MbpSymbol>();

  readonly program: Program;

  constructor(
    readonly facts: LowerFacts,
    readonly cwd: string,
    readonly files: FileReader | undefined,
  ) {
    this.program = facts.program;
  }

  report(code: Code, file: string, span: Span, args: MessageArgs = {}, extras: DiagnosticExtras = {}): void {
    this.diagnostics.push(makeDiagnostic(code, file, span, args, extras));
  }

  /** An internal problem: a construct the checker should have refused, or a bug here. */
  internal(file: string, span: Span, detail: string): void {
    this.report('MBP9001', file, span, { stage: 'lowering', detail });
  }

  location(file: string, span: Span): SourceLocation {
    const source = this.program.files.get(file)?.source;
    const start = source?.positionAt(span.start) ?? { line: 1, column: 1 };
    const end = source?.positionAt(span.end) ?? { line: 1, column: 1 };
    return {
      file: this.shown(file),
      start: { line: start.line, column: start.column },
      end: { line: end.line, column: end.column },
    };
  }

  /** A path as the plan writes it: relative to the working directory, `/`-separated. */
  shown(file: string): string {
    return displayPath(file, this.cwd);
  }

  /** The `file()` context of expressions written in `file`. */
  callContext(file: string): { readonly baseDir: string; readonly files?: FileReader } {
    return { baseDir: path.dirname(file), ...(this.files ? { files: this.files } : {}) };
  }
}

/** What a step name stands for inside the workflow or template being expanded. */
export interface StepBinding {
  readonly id: string;
  /** The ids a later step waits for to come after this one (a workflow call: the sinks of its sub-steps). */
  readonly sinks: readonly string[];
  /** For a step that runs a workflow (or `std.provision.os`): its outputs as values. */
  readonly outputs?: ReadonlyMap<string, Ir>;
}

/** The names an expression can see beyond declarations: bound workflow params, steps, hooks. */
export interface Scope {
  /** The file the expressions are written in (`file()` paths, diagnostics). */
  readonly file: string;
  readonly values: ReadonlyMap<MbpSymbol, Ir>;
  readonly steps: ReadonlyMap<MbpSymbol, StepBinding>;
  readonly hooks: ReadonlyMap<MbpSymbol, string>;
}

export function moduleScope(file: string): Scope {
  return { file, values: new Map(), steps: new Map(), hooks: new Map() };
}
