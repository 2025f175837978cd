import { defineCodes } from './code-table.ts';

/**
 * MBP1001–MBP1049: lexical and syntax errors, owned by `grammar/`.
 * (MBP1050–MBP1099 belong to another part of the compiler.)
 * Messages speak the language's own terms; they never name parser token types.
 */
export const syntaxCodes = defineCodes({
  MBP1001: {
    severity: 'error',
    title: 'unexpected character',
    message: 'unexpected character {char}',
  },
  MBP1002: {
    severity: 'error',
    title: 'unterminated string',
    message: 'unterminated string',
    help: 'close the string with `"` before the end of the line; use `"""` for text over several lines',
  },
  MBP1003: {
    severity: 'error',
    title: 'unterminated block comment',
    message: 'unterminated block comment',
    help: 'close the comment with `*/`',
  },
  MBP1004: {
    severity: 'error',
    title: 'unterminated interpolation',
    message: 'unterminated interpolation: `${` has no matching `}`',
    help: 'close the interpolation with `}`; write `$${` for a literal `${`',
  },
  MBP1005: {
    severity: 'error',
    title: 'invalid escape sequence',
    message: 'invalid escape sequence `{escape}`',
    help: 'valid escapes are `\\n`, `\\r`, `\\t`, `\\"`, `\\\\`, `\\$` and `\\u{...}` with 1 to 6 hex digits',
  },
  MBP1006: {
    severity: 'error',
    title: 'unknown unit',
    message: 'unknown unit `{unit}` in `{text}`',
  },
  MBP1007: {
    severity: 'error',
    title: 'invalid IPv4 address',
    message: 'invalid IPv4 address `{text}`: {reason}',
  },
  MBP1008: {
    severity: 'error',
    title: 'invalid IPv6 address',
    message: 'invalid IPv6 address `{text}`',
    help: 'an IPv6 address has eight groups of up to four hex digits, and `::` may replace one run of zero groups',
  },
  MBP1009: {
    severity: 'error',
    title: 'invalid prefix length',
    message: 'invalid prefix length in `{text}`: {reason}',
  },
  MBP1010: {
    severity: 'error',
    title: 'host bits set in CIDR',
    message: 'host bits are set in `{text}`',
    help: 'the network of this prefix is `{network}`',
  },
  MBP1011: {
    severity: 'error',
    title: 'not a number or an address',
    message: '`{text}` is neither a number nor an address',
  },
  MBP1012: {
    severity: 'error',
    title: 'number out of range',
    message: '`{text}` is too large: {reason}',
  },
  MBP1013: {
    severity: 'error',
    title: 'unexpected token',
    message: 'expected {expected}, found {found}',
  },
  MBP1014: {
    severity: 'error',
    title: 'unclosed delimiter',
    message: 'unclosed `{open}`: expected `{close}`, found {found}',
  },
  MBP1015: {
    severity: 'error',
    title: 'unexpected token',
    message: 'unexpected {found}',
  },
  MBP1016: {
    severity: 'error',
    title: 'expected an expression',
    message: 'expected an expression, found {found}',
  },
  MBP1017: {
    severity: 'error',
    title: 'invalid duration',
    message: 'invalid duration `{text}`: {reason}',
  },
  MBP1018: {
    severity: 'error',
    title: 'invalid size',
    message: 'invalid size `{text}`: {reason}',
  },
  MBP1019: {
    severity: 'error',
    title: 'missing separator',
    message: 'expected a line break or `,` before {found}',
    help: 'put each entry on its own line, or separate entries with `,`',
  },
  MBP1020: {
    severity: 'error',
    title: 'unterminated multi-line string',
    message: 'unterminated multi-line string',
    help: 'close the string with `"""`',
  },
  MBP1021: {
    severity: 'error',
    title: 'reserved keyword used as a name',
    message: '`{word}` is a reserved keyword and cannot be used as a name here',
    help: 'choose another name, e.g. `{word}_`',
  },
  MBP1022: {
    severity: 'error',
    title: 'declaration not allowed here',
    message: '`{keyword}` declarations are only allowed at the top level of a file',
  },
  MBP1023: {
    severity: 'error',
    title: 'unknown type',
    message: 'unknown type `{name}`',
  },
  MBP1024: {
    severity: 'error',
    title: 'positional argument after named argument',
    message: 'positional argument after a named argument',
    help: 'put positional arguments first: `f(a, b = c)`',
  },
  MBP1025: {
    severity: 'error',
    title: 'duplicate argument',
    message: 'argument `{name}` is given more than once',
  },
  MBP1026: {
    severity: 'error',
    title: 'duplicate object key',
    message: 'key `{key}` appears more than once in this object',
  },
  MBP1027: {
    severity: 'error',
    title: 'interpolation not allowed',
    message: '{what} must be a plain string without `${...}`',
  },
  MBP1028: {
    severity: 'error',
    title: 'not a comment',
    message: '`#` does not start a comment',
    help: 'comments start with `//` (or `/* ... */`)',
  },
  MBP1029: {
    severity: 'error',
    title: 'malformed number',
    message: 'malformed number `{text}`',
    help: 'numbers are whole decimal integers, optionally with a duration (`30s`) or size (`40GiB`) unit',
  },
  MBP1030: {
    severity: 'error',
    title: 'invalid type',
    message: 'invalid type: {reason}',
  },
  MBP1031: {
    severity: 'error',
    title: 'nesting too deep',
    message: 'brackets are nested more than {limit} levels deep; the rest of the file is not checked',
    help: 'split the value with `let` declarations',
  },
  MBP1032: {
    severity: 'error',
    title: 'expression too long',
    message: 'more than {limit} operators in one expression',
    help: 'split the expression with `let` declarations',
  },
});
