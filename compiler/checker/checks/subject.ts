import type { Name } from '../../../grammar/index.ts';

/**
 * What a check is about, for its message: a phrase (`the default of
 * \`x\``), or the name of the attribute being checked, shown as `` `name` ``.
 * Attributes pass their `Name` so that the text is only built when there is
 * something to report: most attributes are fine, and there are many.
 */
export type Subject = string | Name;

export function subjectText(subject: Subject): string {
  return typeof subject === 'string' ? subject : `\`${subject.text}\``;
}
