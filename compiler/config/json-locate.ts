import type { TextRange } from '../diagnostics/index.ts';

/**
 * Where each value of a JSON text is, by JSON pointer (`/rules/unused-let`),
 * so configuration problems point at the offending key or value instead of
 * the top of the file. Runs only on text `JSON.parse` accepted, so it skips
 * the error handling a full parser needs.
 */
export interface JsonLocation {
  /** The member's key, quotes included (absent for the root and array items). */
  readonly key?: TextRange;
  readonly value: TextRange;
}

export type JsonLocations = ReadonlyMap<string, JsonLocation>;

export function pointerSegment(key: string | number): string {
  return `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

export function locateJson(text: string): JsonLocations {
  const out = new Map<string, JsonLocation>();
  let i = 0;
  const skip = (): void => {
    while (i < text.length && /[ \t\r\n]/.test(text[i]!)) i++;
  };
  const string = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++; // closing quote
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (pointer: string, key?: TextRange): void => {
    skip();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      skip();
      while (text[i] !== '}' && i < text.length) {
        skip();
        const keyStart = i;
        const name = string();
        const keyRange = { start: keyStart, end: i };
        skip();
        i++; // colon
        value(pointer + pointerSegment(name), keyRange);
        skip();
        if (text[i] === ',') i++;
        skip();
      }
      i++;
    } else if (c === '[') {
      i++;
      skip();
      let n = 0;
      while (text[i] !== ']' && i < text.length) {
        value(pointer + pointerSegment(n++));
        skip();
        if (text[i] === ',') i++;
        skip();
      }
      i++;
    } else if (c === '"') {
      string();
    } else {
      while (i < text.length && /[^,\]}\s]/.test(text[i]!)) i++;
    }
    out.set(pointer, { ...(key !== undefined ? { key } : {}), value: { start, end: i } });
  };
  value('');
  return out;
}
