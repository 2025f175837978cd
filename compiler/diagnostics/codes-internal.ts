import { defineCodes } from './code-table.ts';

/** MBP9xxx: internal errors. Any of these reaching a user is a bug in mbp. */
export const internalCodes = defineCodes({
  MBP9001: {
    severity: 'error',
    title: 'internal error',
    message: 'internal error in {stage}: {detail}',
    help: 'this is a bug in mbp; please report it with the blueprint that triggered it',
  },
});
