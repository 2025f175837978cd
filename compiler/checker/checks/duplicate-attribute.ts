import type { Name } from '../../../grammar/index.ts';
import type { CheckContext } from '../context.ts';

/** The same attribute twice in one body (or `retry` as an attribute and a block). */
export function reportDuplicateAttribute(cx: CheckContext, name: Name, first: Name): void {
  cx.report('MBP2027', name.span, { name: name.text }, {
    related: [{ message: `\`${first.text}\` is first set here`, file: cx.file, range: first.span }],
    help: 'keep one of them',
  });
}

export function reportBothForms(cx: CheckContext, name: Name, first: Name): void {
  cx.report('MBP2031', name.span, { name: name.text }, {
    related: [{ message: 'the other form is here', file: cx.file, range: first.span }],
  });
}
