import { T } from '../types.ts';
import { interpolationText } from '../values.ts';
import { defineFunction, describe } from './args.ts';

export const join = defineFunction({
  name: 'join',
  params: [
    { name: 'separator', type: T.string, doc: 'Text placed between elements.' },
    { name: 'list', type: T.list(T.any), typeLabel: 'list(string | int | bool)', doc: 'The elements to join.' },
  ],
  returns: T.string,
  doc: 'Joins the elements of a list into one string with `separator` between them (the separator comes first, as in Terraform). Numbers and bools are written as in interpolation; a nested list, an object or null is an error.',
  example: 'join(", ", ["a", "b", 3]) → "a, b, 3"',
  pure: true,
  impl: (a) => {
    const sep = a.string(0);
    return a
      .list(1)
      .map((v, i) => {
        const t = interpolationText(v);
        return t ?? a.fail(`element ${i} of the list is ${describe(v)}, which has no text form (use json(...))`, 1);
      })
      .join(sep);
  },
});

export const split = defineFunction({
  name: 'split',
  params: [
    { name: 'separator', type: T.string, doc: 'Text that separates the parts; must not be empty.' },
    { name: 'text', type: T.string, doc: 'The string to split.' },
  ],
  returns: T.list(T.string),
  doc: 'Splits a string at every occurrence of `separator` (a literal, not a pattern). An empty string gives an empty list.',
  example: 'split(",", "a,b,,c") → ["a", "b", "", "c"]',
  pure: true,
  impl: (a) => {
    const sep = a.string(0);
    const text = a.string(1);
    if (sep === '') a.fail('the separator must not be empty', 0);
    return text === '' ? [] : text.split(sep);
  },
});

export const lower = defineFunction({
  name: 'lower',
  params: [{ name: 'text', type: T.string, doc: 'The string to convert.' }],
  returns: T.string,
  doc: 'Converts a string to lower case (Unicode-aware, locale-independent).',
  example: 'lower("Rack-A") → "rack-a"',
  pure: true,
  impl: (a) => a.string(0).toLowerCase(),
});

export const upper = defineFunction({
  name: 'upper',
  params: [{ name: 'text', type: T.string, doc: 'The string to convert.' }],
  returns: T.string,
  doc: 'Converts a string to upper case (Unicode-aware, locale-independent).',
  example: 'upper("eu-west") → "EU-WEST"',
  pure: true,
  impl: (a) => a.string(0).toUpperCase(),
});

export const replace = defineFunction({
  name: 'replace',
  params: [
    { name: 'text', type: T.string, doc: 'The string to search.' },
    { name: 'search', type: T.string, doc: 'The literal substring to find; must not be empty.' },
    { name: 'replacement', type: T.string, doc: 'What each occurrence becomes.' },
  ],
  returns: T.string,
  doc: 'Replaces every occurrence of a literal substring. Unlike Terraform there is no `/regex/` form: the search text is always taken literally, so a blueprint never depends on a regular-expression dialect.',
  example: 'replace("web_01", "_", "-") → "web-01"',
  pure: true,
  impl: (a) => {
    const text = a.string(0);
    const search = a.string(1);
    const replacement = a.string(2);
    if (search === '') a.fail('the search text must not be empty', 1);
    return text.split(search).join(replacement);
  },
});

export const trimspace = defineFunction({
  name: 'trimspace',
  params: [{ name: 'text', type: T.string, doc: 'The string to trim.' }],
  returns: T.string,
  doc: 'Removes white space (spaces, tabs, newlines) from both ends of a string; handy on the contents of `file(...)`.',
  example: 'trimspace("  token\\n") → "token"',
  pure: true,
  impl: (a) => a.string(0).trim(),
});

export const startswith = defineFunction({
  name: 'startswith',
  params: [
    { name: 'text', type: T.string, doc: 'The string to test.' },
    { name: 'prefix', type: T.string, doc: 'The expected beginning.' },
  ],
  returns: T.bool,
  doc: 'Whether a string begins with the given prefix.',
  example: 'startswith("srv-0042", "srv-") → true',
  pure: true,
  impl: (a) => a.string(0).startsWith(a.string(1)),
});

export const endswith = defineFunction({
  name: 'endswith',
  params: [
    { name: 'text', type: T.string, doc: 'The string to test.' },
    { name: 'suffix', type: T.string, doc: 'The expected ending.' },
  ],
  returns: T.bool,
  doc: 'Whether a string ends with the given suffix.',
  example: 'endswith("node.example.com", ".com") → true',
  pure: true,
  impl: (a) => a.string(0).endsWith(a.string(1)),
});

export const STRING_FUNCTIONS = [join, split, lower, upper, replace, trimspace, startswith, endswith] as const;
