import { T } from '../types.ts';
import { defineFunction } from './args.ts';
import { renderTemplate, TemplateError } from './template.ts';
import { isMapLike, mismatch } from './type-rules.ts';

export const render = defineFunction({
  name: 'render',
  params: [
    { name: 'template', type: T.string, doc: 'Template text, usually `file("./x.tmpl")`.' },
    { name: 'vars', type: T.any, typeLabel: 'map(T)', doc: 'The variables the template may reference.' },
  ],
  returns: T.string,
  rule: ([, v]) => (v && isMapLike(v) ? { type: T.string } : mismatch('render', 1, 'a map or object', v ?? T.null)),
  doc: 'Fills a template with variables using the language\'s own `${name}` interpolation: `${name}`, `${a.b}` and `${xs[0]}` are replaced by their values and `$${` writes a literal `${`. Only references are allowed (no expressions, no code runs); an unknown name, or a list or object without `json(...)`, is an error with the template line and column. A template written inline in a blueprint string needs `$${` so the blueprint does not interpolate it first.',
  example: 'render("hello ${who}", { who = "rack-a" }) → "hello rack-a"',
  pure: true,
  impl: (a) => {
    const template = a.string(0);
    const vars = a.object(1);
    try {
      return renderTemplate(template, vars);
    } catch (e) {
      if (e instanceof TemplateError) a.fail(e.message, 0);
      throw e;
    }
  },
});
