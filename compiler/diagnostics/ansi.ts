/** The few ANSI styles the terminal renderer uses, named for their role. */
export type StyleName =
  | 'error' | 'warning' | 'info' | 'bold' | 'gutter' | 'secondary' | 'insert' | 'delete' | 'success';

const CODES: Readonly<Record<StyleName, string>> = {
  error: '\x1b[1;31m',
  warning: '\x1b[1;33m',
  info: '\x1b[1;36m',
  bold: '\x1b[1m',
  gutter: '\x1b[1;34m',
  secondary: '\x1b[1;34m',
  insert: '\x1b[1;32m',
  delete: '\x1b[1;31m',
  success: '\x1b[1;32m',
};
const RESET = '\x1b[0m';

export type Paint = (text: string, style: StyleName | undefined) => string;

/** Colour on: wraps text in its style; colour off: the identity, so no escape can slip through. */
export function painter(color: boolean): Paint {
  if (!color) return (text) => text;
  return (text, style) => (style === undefined || text === '' ? text : CODES[style] + text + RESET);
}
