import { ENUMS, isEnumValue, type BootMethod } from '../../../stdlib/index.ts';
import { makeDiagnostic, type RelatedInformation } from '../../diagnostics/index.ts';
import type { CheckedProgram, TemplateTarget } from '../checked-program.ts';
import type { DeploymentRule, RuleContext } from './deployment-rule.ts';
import { stringAttribute } from './block-values.ts';
import { attributeOf, blockLabel, instanceArraysOf } from './queries.ts';

interface Supported {
  readonly name: string;
  readonly methods: readonly string[];
  /** Where the list comes from, when it is written in the blueprint. */
  readonly where?: RelatedInformation;
}

/** The boot methods a template supports: a custom template's `boot_methods`, else its base's; a built-in's own. */
function supportedBy(checked: CheckedProgram, target: TemplateTarget): Supported | undefined {
  if (target.kind === 'builtin') return { name: target.def.name, methods: target.def.bootMethods };
  const own = attributeOf(target.template.body, 'boot_methods');
  if (own !== undefined) {
    const value = checked.valueOf(own.value);
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return undefined;
    return {
      name: target.template.name.text,
      methods: value as string[],
      where: { message: `\`${target.template.name.text}\` supports these boot methods`, file: target.file, range: own.value.span },
    };
  }
  const base = checked.baseOf(target.template);
  return base === undefined ? undefined : { name: target.template.name.text, methods: base.bootMethods };
}

/** An array boots the way its template can install (MBP3002); `boot` defaults to `local_drives`. */
export const bootMethodSupported: DeploymentRule = {
  name: 'boot-method-supported',
  check(context: RuleContext): void {
    const { checked, file } = context;
    const fallback = ENUMS.boot_method.default as BootMethod;
    for (const { array } of instanceArraysOf(context.module)) {
      const template = checked.templateOf(array);
      const boot = stringAttribute(checked, array, 'boot', fallback);
      // A value outside the enum is the checker's MBP2041 already; one report is enough.
      if (template === undefined || boot === undefined || !isEnumValue('boot_method', boot)) continue;
      const supported = supportedBy(checked, template);
      if (supported === undefined || supported.methods.includes(boot)) continue;
      const bootAttribute = attributeOf(array.body, 'boot');
      const templateAttribute = attributeOf(array.body, 'template');
      const at = bootAttribute?.value.span ?? templateAttribute?.value.span ?? array.name.span;
      const list = supported.methods.length === 0 ? 'no boot method' : supported.methods.map((m) => `\`${m}\``).join(' and ');
      context.report(
        makeDiagnostic(
          'MBP3002',
          file,
          at,
          { template: supported.name, boot, supported: list },
          {
            related: supported.where !== undefined ? [supported.where] : [],
            ...(bootAttribute === undefined ? { help: `instance array \`${blockLabel(array)}\` boots with \`${boot}\` by default; set \`boot\` to a method the template supports, or use a template that supports \`${boot}\`` } : {}),
          },
        ),
      );
    }
  },
};
