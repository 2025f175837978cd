import type { OsTemplateDef } from './os-template.ts';
import { OS_TEMPLATE_LIST } from './templates.ts';

export type { OsTemplateDef, OsAsset, ReadyDefault } from './os-template.ts';
export { TEMPLATE_VARIABLES, INSTALLERS, type TemplateVariable, type InstallerDoc } from './template-variables.ts';
export { OS_TEMPLATE_LIST } from './templates.ts';

/** Built-in OS templates keyed by full name (`std.os.rocky_9`). */
export const OS_TEMPLATES: Readonly<Record<string, OsTemplateDef>> = Object.freeze(
  Object.fromEntries(OS_TEMPLATE_LIST.map((t) => [t.name, t])),
);

/** Whether a template can boot diskless (`pxe_iscsi`). */
export function isDisklessCapable(t: OsTemplateDef): boolean {
  return t.bootMethods.includes('pxe_iscsi');
}
