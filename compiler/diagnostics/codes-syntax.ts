import { defineCodes } from './code-table.ts';

/** MBP1xxx: lexical and syntax errors, owned by `grammar/`. */
export const syntaxCodes = defineCodes({
  MBP1001: {
    severity: 'error',
    title: 'unexpected character',
    message: 'unexpected character {char}',
  },
});
