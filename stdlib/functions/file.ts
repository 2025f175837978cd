import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { T } from '../types.ts';
import { defineFunction } from './args.ts';
import { FunctionError, type FileReader } from './function-def.ts';

export const file = defineFunction({
  name: 'file',
  params: [{ name: 'path', type: T.string, doc: "Path of the file, relative to the blueprint file's directory." }],
  returns: T.string,
  doc: "Reads a UTF-8 text file, relative to the directory of the blueprint that calls it. It is allowed in constants: the compiler reads through the same reader the runtime uses, so the plan holds the contents, not the path. A missing or unreadable file is an error naming the resolved path.",
  example: 'file("./assets/motd.txt") → "Welcome\\n"',
  pure: true,
  readsFiles: true,
  impl: (a, ctx) => {
    const path = a.string(0);
    if (path === '') a.fail('the path must not be empty', 0);
    if (!ctx.files) {
      throw new FunctionError('file', 'io', 'reading files is not available in this context', 0);
    }
    const full = isAbsolute(path) ? path : resolve(ctx.baseDir, path);
    try {
      return ctx.files.readText(full);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const reason = code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e);
      throw new FunctionError('file', 'io', `cannot read "${path}" (${full}): ${reason}`, 0);
    }
  },
});

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** A FileReader over the real file system: strict UTF-8 (a binary file is an error), BOM dropped. */
export const nodeFileReader: FileReader = {
  readText(absolutePath: string): string {
    try {
      return utf8.decode(readFileSync(absolutePath));
    } catch (e) {
      if (e instanceof TypeError) throw new Error('the file is not valid UTF-8 text');
      throw e;
    }
  },
};
