import { IncrementalParser, type ParseResult } from '../../grammar/index.ts';

/**
 * One incremental parser per blueprint the analyses read: an edit re-parses
 * only the declarations it touched, and a file read again unchanged (what
 * the edited document imports) keeps its tree.
 */
export class ParseCache {
  private readonly parsers = new Map<string, IncrementalParser>();

  readonly parse = (text: string, file: string): ParseResult => {
    let parser = this.parsers.get(file);
    if (!parser) this.parsers.set(file, (parser = new IncrementalParser()));
    return parser.parse(text, file);
  };

  /** Forgets files no analysis reads any more. */
  keepOnly(files: ReadonlySet<string>): void {
    for (const file of this.parsers.keys()) if (!files.has(file)) this.parsers.delete(file);
  }
}
